"""The processes serving rooms: presence shared between them.

Each process serving rooms (`room.hub.Rooms`) has an id it makes at start and a
row (`RoomProcess`) whose ``holds_until`` its heartbeat moves on. Entering the
room records that the process holds a socket of the member (`RoomHolding`,
`live.service.enter`); a member is in the room while a process whose
``holds_until`` has not passed holds one. So a member with tabs on two
processes is one visit, which ends only when neither holds a socket
(`live.service.release`); a process that stops, or is gone without a word,
stops holding its members at the end of its grace period, and the next
heartbeat of any live process finds them (`unheld`) and counts them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member, Role
from webinarium.accounts.errors import AccountNotFound
from webinarium.accounts.service import get_account
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.service import get_conference
from webinarium.live import service as live
from webinarium.live.repository import ProcessRepository


async def register(
    session: AsyncSession, process_id: str, now: datetime, holds_for: timedelta
) -> None:
    """The process serves rooms: its holdings count for ``holds_for`` from ``now``."""
    await ProcessRepository(session).register(process_id, now, now + holds_for)


async def beat(session: AsyncSession, process_id: str, now: datetime, holds_for: timedelta) -> bool:
    """The process is alive: its holdings count for ``holds_for`` more. False
    when it had been taken for gone (its row forgotten): it registers again
    and enters its members again (`room.hub.Rooms`)."""
    return await ProcessRepository(session).beat(process_id, now + holds_for)


@dataclass(frozen=True)
class Unheld:
    """A member in a room whom no live process holds."""

    account_id: str
    conference_id: str
    member: Member


async def unheld(session: AsyncSession, now: datetime) -> list[Unheld]:
    """The members, in every room, whom no live process holds any more (their
    process stopped or is gone, and its grace period is over); and the
    processes that are gone are forgotten. Each is counted out in a unit of
    its own (`count_out`), so no unit waits on many rooms at once."""
    repository = ProcessRepository(session)
    found = []
    for visit in await repository.unheld_visits(now):
        assert visit.member_id is not None  # unheld_visits: made through the socket
        role: Role = visit.role  # type: ignore[assignment]
        member = Member(visit.member_id, visit.name, role, visit.person_id)
        found.append(Unheld(visit.account_id, visit.conference_id, member))
    await repository.forget_gone(now)
    return found


async def count_out(session: AsyncSession, member: Unheld, now: datetime) -> bool:
    """The member leaves unless a live process holds them again; whether they left."""
    try:
        account = await get_account(session, member.account_id)
        conference = await get_conference(session, account, member.conference_id)
    except (AccountNotFound, ConferenceNotFound):
        return False  # being deleted: its visits go with it
    return await live.count_out(session, account, conference, member.member, now=now)
