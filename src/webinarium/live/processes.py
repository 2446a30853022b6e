"""The processes serving rooms: presence shared between them.

Each process serving rooms (`room.hub.Rooms`) has an id it makes at start and a
row (`RoomProcess`) whose ``holds_until`` its heartbeat moves on. Entering the
room records that the process holds a socket of the member (`RoomHolding`,
`live.service.enter`); a member is in the room while a process whose
``holds_until`` has not passed holds one. So a member with tabs on two
processes is one visit, which ends only when neither holds a socket
(`live.service.release`); a process that stops, or is gone without a word,
stops holding its members at the end of its grace period, and the next `sweep`
of any live process counts them out.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member, Role
from webinarium.accounts.errors import AccountNotFound
from webinarium.accounts.service import get_account
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.service import get_conference
from webinarium.live import service as live
from webinarium.live.repository import ProcessRepository

log = logging.getLogger(__name__)


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


async def sweep(session: AsyncSession, now: datetime) -> int:
    """Counts out, in every room, the members no live process holds (their
    process stopped or is gone, and its grace period is over), then forgets the
    processes that are gone. How many left."""
    repository = ProcessRepository(session)
    left = 0
    for visit in await repository.unheld_visits(now):
        assert visit.member_id is not None  # unheld_visits: made through the socket
        role: Role = visit.role  # type: ignore[assignment]
        member = Member(visit.member_id, visit.name, role, visit.person_id)
        try:
            account = await get_account(session, visit.account_id)
            conference = await get_conference(session, account, visit.conference_id)
        except (AccountNotFound, ConferenceNotFound):
            continue  # being deleted: its visits go with it
        left += await live.count_out(session, account, conference, member, now=now)
    await repository.forget_gone(now)
    return left
