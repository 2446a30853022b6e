"""The room's journal: every event of a conference's room, numbered and stored
in the transaction of the change it announces, and announced after the commit.

``record`` takes the room's next ``seq`` from a counter row per room
(`kit.counters`, name ``room:<conference id>``): the row stays locked until the
transaction ends, so numbers are given in commit order, and a rolled-back
transaction gives its number back, so a room's numbers have no gaps — a process
that receives N+1 before N knows N is already committed and reads it from the
table. After the commit the event is handed to `announcer`, whose listeners
(the room gateway of each app in the process, `room.gateway`) pass it on to
their broker; the event's JSON is made once, here, for every socket.

The audience says who may see an event (`RoomEvent`); `visible_to` is the rule
and `RoomEventRepository.after` its SQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.after_commit import after_commit
from webinarium.kit.counters import lock_counter, take_numbers
from webinarium.kit.signals import LoopSignal
from webinarium.kit.time import utcnow
from webinarium.live.repository import RoomEventRepository
from webinarium.models import Account, Conference, RoomEvent

Audience = Literal["everyone", "staff", "staff+member", "attendees"]
EVERYONE: Audience = "everyone"
STAFF: Audience = "staff"
STAFF_AND_MEMBER: Audience = "staff+member"
# Attendees only, not the staff (the attendance monitor's checks).
ATTENDEES: Audience = "attendees"


def counter_name(conference_id: str) -> str:
    return f"room:{conference_id}"


@dataclass(frozen=True)
class Announced:
    """A stored event on its way to the sockets: who may see it, and its frame."""

    conference_id: str
    seq: int
    event: str
    audience: Audience
    member_id: str | None
    # What the event is about, for the gateway's own reactions (a ban closes
    # the banned member's sockets).
    data: dict[str, Any]
    # The event frame as sent on every socket, serialised once.
    frame: str

    def visible_to(self, viewer: Viewer) -> bool:
        return visible_to(self.audience, self.member_id, viewer)


class Viewer(Protocol):
    """Who looks at the room (`access.admission.Member` is one)."""

    @property
    def member_id(self) -> str: ...

    @property
    def staff(self) -> bool: ...


def visible_to(audience: str, member_id: str | None, viewer: Viewer) -> bool:
    if audience == ATTENDEES:
        return not viewer.staff
    if audience == EVERYONE or viewer.staff:
        return True
    return audience == STAFF_AND_MEMBER and member_id == viewer.member_id


def timestamp(moment: datetime) -> str:
    """``2030-01-01T15:00:02.123Z``: UTC, milliseconds."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def announced(row: RoomEvent) -> Announced:
    frame = json.dumps(
        {"seq": row.seq, "event": row.event, "at": timestamp(row.at), "data": row.data},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return Announced(
        conference_id=row.conference_id,
        seq=row.seq,
        event=row.event,
        audience=row.audience,  # type: ignore[arg-type]
        member_id=row.member_id,
        data=row.data,
        frame=frame,
    )


# Committed events, to every hub of the process (`room.hub.Rooms.publish`), on
# the app's event loop whatever thread committed them.
announcer: LoopSignal[Announced] = LoopSignal()


async def record(
    session: AsyncSession,
    conference: Conference,
    event: str,
    data: dict[str, Any] | None = None,
    *,
    audience: Audience = EVERYONE,
    member_id: str | None = None,
    at: datetime | None = None,
) -> RoomEvent:
    """Stores the room's next event in the session's transaction; it reaches the
    sockets once the transaction has committed."""
    seq = await take_numbers(session, conference.account_id, counter_name(conference.id))
    row = RoomEvent(
        account_id=conference.account_id,
        conference_id=conference.id,
        seq=seq,
        event=event,
        data=data or {},
        audience=audience,
        member_id=member_id,
        at=at or utcnow(),
    )
    session.add(row)
    item = announced(row)
    after_commit(session, lambda: announcer.send(item))
    return row


async def hold_numbers(session: AsyncSession, conference: Conference) -> None:
    """Locks the room's counter row until the transaction ends (PostgreSQL;
    SQLite's writer runs one transaction at a time) without taking a number:
    another transaction recording in the room waits, so what this one reads
    of the journal stays the latest until it records or ends."""
    await lock_counter(session, conference.account_id, counter_name(conference.id))


async def latest(
    session: AsyncSession, account: Account, conference: Conference, event: str
) -> RoomEvent | None:
    """The room's latest event ``event``, if any."""
    return await RoomEventRepository(session, account.id).latest(conference.id, event)


async def last_seq(session: AsyncSession, account: Account, conference: Conference) -> int:
    """The seq of the room's latest event (0 before the first)."""
    return await RoomEventRepository(session, account.id).last_seq(conference.id)


async def events_after(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    seq: int,
    *,
    viewer: Viewer | None = None,
    limit: int | None = None,
) -> Sequence[RoomEvent]:
    """The room's events after ``seq`` in order (those ``viewer`` may see, if
    given; every one otherwise), at most ``limit``."""
    repository = RoomEventRepository(session, account.id)
    if viewer is None:
        return await repository.after(conference.id, seq, limit=limit)
    if viewer.staff:
        rows = await repository.after(conference.id, seq, limit=limit)
        return [row for row in rows if row.audience != ATTENDEES]
    return await repository.after(conference.id, seq, limit=limit, member_id=viewer.member_id)
