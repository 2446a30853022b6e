"""People. An e-mail is known once per account; names follow the latest input."""

from __future__ import annotations

import re
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.files import service as files_service
from webinarium.files.store import FileStore
from webinarium.kit.errors import Conflict, InvalidInput
from webinarium.kit.time import utcnow
from webinarium.models import Account, Person
from webinarium.people.errors import InvalidEmail, PersonNotFound
from webinarium.people.names import NAME_MAX
from webinarium.people.repository import PersonRepository
from webinarium.people.schemas import PersonDetails

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
        person = await repository.get(person_id.strip())
    elif email:
        person = await repository.by_email(normalize_email(email))
    if person is None:
        raise PersonNotFound("no such person in this account")
    return person


async def people_by_id(
    session: AsyncSession, account: Account, person_ids: set[str]
) -> dict[str, Person]:
    """The account's people with these ids, in one query (unknown ids are left out)."""
    rows = await PersonRepository(session, account.id).by_ids(sorted(person_ids))
    return {person.id: person for person in rows}


async def upsert_person(
    session: AsyncSession,
    account: Account,
    *,
    email: str,
    first_name: str | None = None,
    last_name: str | None = None,
    custom_user_id: str | None = None,
    join: Literal["registered", "imported"] | None = None,
) -> Person:
    """The account's person with this e-mail, created if new; names and the
    external id are updated when given. Someone who ``join``s the participant
    list (`mark_participant`) is put on it in the same write; "imported" (the
    account adds them) refuses someone already on it."""
    repository = PersonRepository(session, account.id)
    address = normalize_email(email)
    first, last = _name("first_name", first_name), _name("last_name", last_name)
    person = await repository.by_email(address)
    if person is None:
        # Inserted unless a request racing this one has just inserted the same
        # address: then that person is the one, updated below like any other.
        joining = {} if join is None else _joining(imported=join == "imported")
        person = await repository.add_unless_known(
            {
                "email": address,
                "first_name": first or "",
                "last_name": last or "",
                "custom_user_id": custom_user_id,
                **joining,
            }
        )
        if person is not None:
            return person
        person = await repository.by_email(address)
        if person is None:  # inserted, then erased, by others since the insert met it
            raise Conflict(f"{address} could not be stored: send it again")
    if join == "imported" and person.participant_since is not None:
        raise Conflict(f"a participant with the e-mail {address} already exists")
    if first is not None:
        person.first_name = first
    if last is not None:
        person.last_name = last
    if custom_user_id is not None:
        person.custom_user_id = custom_user_id
    if join is not None:
        mark_participant(person, imported=join == "imported")
    await session.flush()
    return person


async def erase_person(
    session: AsyncSession, account: Account, files: FileStore, email: str
) -> bool:
    """The right to erasure: forgets the account's person with this e-mail and
    everything recorded about them, their avatar's file too. False when the
    account does not know the address (there is nothing to erase)."""
    repository = PersonRepository(session, account.id)
    person = await repository.by_email(normalize_email(email))
    if person is None:
        return False
    avatar = person.avatar_file_id
    await repository.delete(person)
    if avatar is not None:
        await files.delete(session, account.id, avatar)
    return True


# An avatar (a picture shown instead of the webcam): JPEG or PNG, told by the
# file's first bytes, at most this big. 512 KiB is ~700 KB of Base64, under the
# 1 MiB a multipart form field may carry.
AVATAR_MAX_BYTES = 512 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"


def image_type(data: bytes) -> str:
    """``image/png`` or ``image/jpeg`` by the magic bytes; anything else, or an
    image over AVATAR_MAX_BYTES, is refused."""
    if len(data) > AVATAR_MAX_BYTES:
        raise InvalidInput(f"the image must be at most {AVATAR_MAX_BYTES // 1024} KiB")
    if data.startswith(_PNG_SIGNATURE) and data[12:16] == b"IHDR":
        return "image/png"
    if data.startswith(_JPEG_SIGNATURE) and len(data) > 4:
        return "image/jpeg"
    raise InvalidInput("the image must be a JPEG or PNG file")


async def set_avatar(
    session: AsyncSession,
    account: Account,
    files: FileStore,
    person: Person,
    image: bytes | None,
) -> None:
    """Gives the account's person an avatar (validated by ``image_type``, kept in
    the file store), or removes it with ``None``."""
    if person.account_id != account.id:
        raise PersonNotFound("no such person in this account")
    old = person.avatar_file_id
    person.avatar_file_id = (
        None
        if image is None
        else (await files.save(session, account.id, image, image_type(image))).id
    )
    await session.flush()
    if old is not None:
        await files.delete(session, account.id, old)


async def fetch_avatar(session: AsyncSession, account: Account, person: Person, url: str) -> None:
    """Gives the person the image at ``url`` as their avatar (Boomstream's
    ``avatarUrl``): a file of the store fetched in the background after the
    commit (`files.service.fetch_later`), which the pages show once it is a
    ready image. The URL of the avatar they have already is not fetched again;
    a previous avatar's file is kept, as a file no one points at is
    (docs/files.md)."""
    if person.account_id != account.id:
        raise PersonNotFound("no such person in this account")
    if person.avatar_file_id is not None:
        current = await files_service.files_by_id(session, account.id, [person.avatar_file_id])
        if current[person.avatar_file_id].source_url == url:
            return
    person.avatar_file_id = (await files_service.fetch_later(session, account.id, url)).id
    await session.flush()


async def readdress_person(
    session: AsyncSession, account: Account, person: Person, email: str
) -> Person:
    """Changes the person's e-mail everywhere (it is the same person in every
    role). Another person of the account with that e-mail is a conflict."""
    if person.account_id != account.id:
        raise PersonNotFound("no such person in this account")
    address = normalize_email(email)
    if address == person.email:
        return person
    if await PersonRepository(session, account.id).by_email(address) is not None:
        raise Conflict(f"{address} is already used by another person of this account")
    person.email = address
    await session.flush()
    return person


# Participants: the people on the account's attendee list (MyOwnConference's
# "participants"), whoever else they may also be.
PARTICIPANT_STATUSES = ("active", "pending", "banned")


def _joining(*, imported: bool) -> dict[str, Any]:
    """What joining the participant list sets (``imported``: added by the
    account rather than by registering)."""
    return {"participant_since": utcnow(), "participant_status": "active", "imported": imported}


def mark_participant(person: Person, *, imported: bool = False) -> None:
    """Puts the person on the account's participant list; the first time counts."""
    if person.participant_since is None:
        for name, value in _joining(imported=imported).items():
            setattr(person, name, value)


async def find_participant(session: AsyncSession, account: Account, email: str) -> Person:
    """The account's participant with this e-mail; a person who is not one is
    not found, like an address the account does not know."""
    address = normalize_email(email)
    person = await PersonRepository(session, account.id).by_email(address)
    if person is None or person.participant_since is None:
        raise PersonNotFound(f"no participant with the e-mail {address}")
    return person


async def create_participant(
    session: AsyncSession, account: Account, *, email: str, first_name: str, last_name: str
) -> Person:
    """A new participant added by the account. A person already known in
    another role becomes a participant too; an existing participant is a conflict."""
    return await upsert_person(
        session, account, email=email, first_name=first_name, last_name=last_name, join="imported"
    )


async def update_person_details(
    session: AsyncSession, account: Account, person: Person, details: PersonDetails
) -> Person:
    """Applies the given details (see `PersonDetails`); a new e-mail goes through
    `readdress_person`. Everything is checked before anything changes."""
    if person.account_id != account.id:
        raise PersonNotFound("no such person in this account")
    given = details.model_fields_set
    names = {field: _name(field, getattr(details, field)) for field in ("first_name", "last_name")}
    if details.email is not None:
        await readdress_person(session, account, person, details.email)
    for field, value in names.items():
        if value is not None:
            setattr(person, field, value)
    for field in ("phone", "skype", "company", "department", "city"):
        value = getattr(details, field)
        if value is not None:
            setattr(person, field, value.strip())
    if "born" in given:
        person.born = details.born
    await session.flush()
    return person


def withdraw_participant(person: Person) -> None:
    """Takes the person off the participant list (their status and import flag
    go with it; the person stays, as they may have other roles)."""
    person.participant_since = None
    person.participant_status = "active"
    person.imported = False


def set_participant_status(person: Person, status: str) -> None:
    if status not in PARTICIPANT_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(PARTICIPANT_STATUSES)}")
    person.participant_status = status
