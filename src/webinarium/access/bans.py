"""Bans: a person put out of a conference's room by a moderator.

A ban is a row per conference and person (`RoomBan`); while it is not lifted
the person is refused at the door (`access.admission`). Banning also marks the
person ``banned`` on the account's participant list, as MyOwnConference shows
it (``attendeesList`` with ``type=BANNED``); its ``attendeesUnbanned`` lifts
every ban of the person (`lift_bans`, called by `participants.service.unban`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.repository import BanRepository
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference, Person, RoomBan
from webinarium.people.service import set_participant_status


async def ban(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    person: Person,
    *,
    by: str,
    now: datetime | None = None,
) -> RoomBan:
    """Bans the person from the conference's room (again, if a ban was lifted)."""
    ensure_owned(account, conference)
    ensure_owned(account, person)
    moment = now or utcnow()
    repository = BanRepository(session, account.id)
    row = await repository.of_person(conference.id, person.id)
    if row is None:
        row = RoomBan(
            account_id=account.id,
            conference_id=conference.id,
            person_id=person.id,
            banned_by=by,
            banned_at=moment,
        )
        await repository.add(row)
    elif row.lifted_at is not None:
        row.lifted_at, row.banned_at, row.banned_by = None, moment, by
    set_participant_status(person, "banned")
    await session.flush()
    return row


async def is_banned(
    session: AsyncSession, account: Account, conference: Conference, person_id: str
) -> bool:
    ensure_owned(account, conference)
    row = await BanRepository(session, account.id).of_person(conference.id, person_id)
    return row is not None and row.lifted_at is None


async def lift_bans(
    session: AsyncSession,
    account: Account,
    person_ids: Collection[str],
    now: datetime | None = None,
) -> None:
    """Lifts every ban of these people, in every conference of the account."""
    if person_ids:
        await BanRepository(session, account.id).lift(person_ids, now or utcnow())
