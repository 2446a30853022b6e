"""People. An e-mail is known once per account; names follow the latest input."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.errors import InvalidInput
from webinarium.models import Account, Person
from webinarium.people.errors import InvalidEmail, PersonNotFound
from webinarium.people.repository import PersonRepository

NAME_MAX = 100
EMAIL_MAX = 320
# local@domain.tld: no spaces, one @, a dot in the domain, labels not empty.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def normalize_email(email: str) -> str:
    """A syntactically valid address, lower-cased and stripped: the form it is
    stored and compared in. Syntax only, no DNS: intranet domains (.local,
    .test) are fine on a self-hosted server, which may not reach the internet."""
    address = email.strip().lower()
    if len(address) > EMAIL_MAX or not _EMAIL.fullmatch(address):
        raise InvalidEmail(f"not a valid e-mail address: {email.strip()!r}")
    return address


def _name(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > NAME_MAX:
        raise InvalidInput(f"{field} must be at most {NAME_MAX} characters")
    return value


async def find_person(
    session: AsyncSession,
    account: Account,
    *,
    email: str | None = None,
    person_id: str | None = None,
) -> Person:
    repository = PersonRepository(session, account.id)
    person = None
    if person_id:
        person = await repository.by_id(person_id.strip())
    elif email:
        person = await repository.by_email(normalize_email(email))
    if person is None:
        raise PersonNotFound("no such person in this account")
    return person


async def upsert_person(
    session: AsyncSession,
    account: Account,
    *,
    email: str,
    first_name: str | None = None,
    last_name: str | None = None,
    custom_user_id: str | None = None,
) -> Person:
    """The account's person with this e-mail, created if new; names and the
    external id are updated when given."""
    repository = PersonRepository(session, account.id)
    address = normalize_email(email)
    first, last = _name("first_name", first_name), _name("last_name", last_name)
    person = await repository.by_email(address)
    if person is None:
        person = Person(
            account_id=account.id, email=address, first_name=first or "", last_name=last or ""
        )
        person.custom_user_id = custom_user_id
        await repository.add(person)
        return person
    if first is not None:
        person.first_name = first
    if last is not None:
        person.last_name = last
    if custom_user_id is not None:
        person.custom_user_id = custom_user_id
    await session.flush()
    return person


async def erase_person(session: AsyncSession, account: Account, email: str) -> bool:
    """The right to erasure: forgets the account's person with this e-mail and
    everything recorded about them. False when the account does not know the
    address (there is nothing to erase)."""
    repository = PersonRepository(session, account.id)
    person = await repository.by_email(normalize_email(email))
    if person is None:
        return False
    await repository.delete(person)
    return True
