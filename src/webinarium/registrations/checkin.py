"""Check-in: a registrant who comes in person is checked in by the value of
their QR code (BigMarker's ``qr_code_value``: the registration's id), by the
staff page (`pages.checkin`) or the native API. Services flush; the caller commits.

The time is set once: checking in again answers the first check-in (``already``)
and changes nothing. A value of another conference or account, or none, is not
found; a withdrawn registration (a removed registrant) is refused. A check-in
is announced as ``registration.updated`` with ``changed: ["checked_in"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.conferences.service import get_conference
from webinarium.events.outbox import emit
from webinarium.events.types import RegistrationUpdated
from webinarium.kit.actors import Actor
from webinarium.kit.errors import InvalidInput
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference, Person, Registration
from webinarium.registrations.errors import CheckInRefused, RegistrationNotFound
from webinarium.registrations.repository import RegistrationRepository

# A QR code value is a registration id; anything much longer is not one.
QR_CODE_VALUE_MAX = 100


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    person: Person
    # Checked in before this call: ``registration.checked_in_at`` is that time.
    already: bool

    @property
    def checked_in_at(self) -> datetime:
        assert self.registration.checked_in_at is not None
        return self.registration.checked_in_at


async def check_in(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    qr_code_value: str,
    *,
    by: Actor,
) -> CheckIn:
    """Checks in the registrant whose QR code carries ``qr_code_value`` (see
    the module doc)."""
    ensure_owned(account, conference)
    value = qr_code_value.strip()
    if not value:
        raise InvalidInput("qr_code_value is required")
    repository = RegistrationRepository(session, account.id)
    found = await repository.with_person(value) if len(value) <= QR_CODE_VALUE_MAX else None
    if found is None or found[0].conference_id != conference.id:
        raise RegistrationNotFound("no registration for this webinar has this QR code")
    registration, person = found
    if registration.revoked_at is not None:
        raise CheckInRefused(
            f"the registration of {person.email} was withdrawn: register them again first"
        )
    if not await repository.check_in(registration.id, utcnow(), str(by)):
        # Checked in before (or by another scanner a moment ago): read its time.
        await session.refresh(registration)
        if registration.revoked_at is not None or registration.checked_in_at is None:
            raise CheckInRefused(f"the registration of {person.email} was withdrawn just now")
        return CheckIn(registration, person, already=True)
    await emit(
        session,
        RegistrationUpdated(
            account_id=account.id,
            registration_id=registration.id,
            conference_id=registration.conference_id,
            person_id=person.id,
            email=person.email,
            changed=["checked_in"],
        ),
    )
    return CheckIn(registration, person, already=False)


async def count_check_ins(session: AsyncSession, account: Account, conference: Conference) -> int:
    """How many of the conference's registrants have checked in."""
    ensure_owned(account, conference)
    return await RegistrationRepository(session, account.id).checked_in_count(conference.id)


@dataclass(frozen=True)
class CheckIns:
    items: list[CheckIn]
    total: int
    # The value to ask for the next page with (`list_check_ins`'s ``after``); None at the end.
    next_after: str | None


async def list_check_ins(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    *,
    after: str | None = None,
    limit: int,
) -> CheckIns:
    """The conference's checked-in registrants in check-in order, ``limit`` at a
    time, after the registration ``after`` (a previous page's ``next_after``)."""
    conference = await get_conference(session, account, conference_id)
    repository = RegistrationRepository(session, account.id)
    start = None
    if after:
        start = await repository.get(after.strip())
        if start is None or start.conference_id != conference.id or start.checked_in_at is None:
            raise InvalidInput("after: not a check-in of this webinar (use next_after as given)")
    rows = await repository.checked_in(conference.id, start, limit + 1)
    items = [CheckIn(registration, person, already=True) for registration, person in rows[:limit]]
    return CheckIns(
        items=items,
        total=await repository.checked_in_count(conference.id),
        next_after=items[-1].registration.id if len(rows) > limit else None,
    )
