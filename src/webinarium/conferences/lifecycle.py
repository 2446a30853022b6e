"""A conference's life: the only place that changes its status.

    scheduled ──► open (waiting room) ──► live ──► ended
        │               │                   ▲
        ├───────────────┴──► cancelled      │
        └────────────── (start / end) ──────┘

Each transition is one function. It refuses an impossible step with a domain
error, records the step (``ConferenceStatusChange``: from, to, who, when) and
emits its event, all in the caller's transaction; the conference's room hears
of it too (``room.status``, and ``room.ended`` when it ends: `live.journal`),
whoever made the step — the room, an API, the scheduler.

The clock also counts: a scheduled or open conference whose start time has
passed is live to listings (``phase_of``) and may be ended; the scheduler
(``webinarium.scheduler``) makes the stored status agree, starting it at its
start time when nobody started it earlier. ``phase_of`` and ``phase_condition`` are the
same rule in Python and in SQL; tests/conferences/test_lifecycle.py holds them
to each other.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.conferences.errors import AlreadyEnded, Cancelled, NotStarted, TransitionRefused
from webinarium.conferences.schemas import (
    ConferenceKind,
    ConferencePhase,
    ConferenceStatus,
    settings_of,
)
from webinarium.events.outbox import emit
from webinarium.events.types import (
    ConferenceCancelled,
    ConferenceEnded,
    ConferenceStarted,
    StatusChanged,
    WaitingRoomOpened,
)
from webinarium.kit.actors import Actor
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.time import utcnow
from webinarium.live import journal
from webinarium.live.journal import timestamp
from webinarium.models import Account, Conference, ConferenceStatusChange

_CLOSED = frozenset({ConferenceStatus.ENDED, ConferenceStatus.CANCELLED})
_NOT_YET_LIVE = frozenset({ConferenceStatus.SCHEDULED, ConferenceStatus.OPEN})


# Reading


def phase_of(conference: Conference, now: datetime) -> ConferencePhase:
    """Over once ended or cancelled (or, not yet live, past its scheduled end);
    live while marked live (a webinar running late included) or, not yet
    marked, between its scheduled start and end; upcoming before."""
    if conference.status in _CLOSED:
        return ConferencePhase.OVER
    if conference.status == ConferenceStatus.LIVE:
        return ConferencePhase.LIVE
    if conference.end_at <= now:
        return ConferencePhase.OVER
    if conference.start_at <= now:
        return ConferencePhase.LIVE
    return ConferencePhase.UPCOMING


def phase_condition(phases: Collection[ConferencePhase], now: datetime) -> ColumnElement[bool]:
    """``phase_of(conference, now) in phases``, as an SQL condition."""
    waiting = Conference.status.in_(_NOT_YET_LIVE)
    condition = {
        ConferencePhase.OVER: or_(
            Conference.status.in_(_CLOSED), and_(waiting, Conference.end_at <= now)
        ),
        ConferencePhase.LIVE: or_(
            Conference.status == ConferenceStatus.LIVE,
            and_(waiting, Conference.start_at <= now, Conference.end_at > now),
        ),
        ConferencePhase.UPCOMING: and_(waiting, Conference.start_at > now),
    }
    if set(phases) == set(ConferencePhase):
        return true()
    return or_(false(), *(condition[phase] for phase in phases))


ROOM_STATUS = {
    ConferencePhase.UPCOMING: "waiting",
    ConferencePhase.LIVE: "live",
    ConferencePhase.OVER: "ended",
}


def room_status(conference: Conference, now: datetime) -> str:
    """The room's ``waiting`` / ``live`` / ``ended``: `phase_of`, so the room
    says what every dialect's status says."""
    return ROOM_STATUS[phase_of(conference, now)]


def has_started(conference: Conference, now: datetime) -> bool:
    """Started: marked live or ended, its start time has passed, or an organiser
    entered the room early."""
    return (
        conference.status in (ConferenceStatus.LIVE, ConferenceStatus.ENDED)
        or conference.start_at <= now
        or conference.first_admin_enter_at is not None
    )


def ensure_not_closed(conference: Conference) -> None:
    """Ended or cancelled: its room can no longer change."""
    if conference.status == ConferenceStatus.CANCELLED:
        raise Cancelled(f"webinar {conference.title!r} has been cancelled")
    if conference.status == ConferenceStatus.ENDED:
        raise AlreadyEnded(f"webinar {conference.title!r} has ended")


# Transitions

# The statuses each step may start from.
_FROM = {
    ConferenceStatus.OPEN: frozenset({ConferenceStatus.SCHEDULED}),
    ConferenceStatus.LIVE: _NOT_YET_LIVE,
    ConferenceStatus.ENDED: _NOT_YET_LIVE | {ConferenceStatus.LIVE},
    ConferenceStatus.CANCELLED: _NOT_YET_LIVE,
}


async def open_waiting_room(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    by: Actor,
    now: datetime | None = None,
) -> Conference:
    """Lets attendees into the waiting room before the start."""
    _check(account, conference, ConferenceStatus.OPEN)
    await _change(session, conference, ConferenceStatus.OPEN, WaitingRoomOpened, by, now)
    return conference


async def start(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    by: Actor,
    now: datetime | None = None,
) -> Conference:
    """The webinar goes live (from scheduled or the waiting room)."""
    _check(account, conference, ConferenceStatus.LIVE)
    await _change(session, conference, ConferenceStatus.LIVE, ConferenceStarted, by, now)
    return conference


async def end(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    by: Actor,
    now: datetime | None = None,
) -> Conference:
    """Ends a started webinar: ``manual_end_at`` is now, and a webinar ended
    early is over now, so its ``end_at`` moves to now (a recurring webinar's
    parent keeps its end, which is its last session's)."""
    moment = now or utcnow()
    _check(account, conference, ConferenceStatus.ENDED)
    if not has_started(conference, moment):
        raise NotStarted(f"webinar {conference.title!r} has not started yet: it cannot be finished")
    conference.manual_end_at = moment
    if conference.kind != ConferenceKind.RECURRING_PARENT and conference.end_at > moment:
        conference.end_at = moment
    await _change(session, conference, ConferenceStatus.ENDED, ConferenceEnded, by, moment)
    await journal.record(
        session, conference, "room.ended", {"exit_url": settings_of(conference).exit_url}, at=moment
    )
    return conference


async def cancel(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    by: Actor,
    now: datetime | None = None,
) -> Conference:
    """Calls off a webinar that has not gone live; it stays, as cancelled."""
    _check(account, conference, ConferenceStatus.CANCELLED)
    await _change(session, conference, ConferenceStatus.CANCELLED, ConferenceCancelled, by, now)
    return conference


def _check(account: Account, conference: Conference, status: ConferenceStatus) -> None:
    ensure_owned(account, conference)
    if status == ConferenceStatus.ENDED == conference.status:
        raise AlreadyEnded(f"webinar {conference.title!r} has already ended")
    ensure_not_closed(conference)
    if conference.status not in _FROM[status]:
        raise TransitionRefused(
            f"webinar {conference.title!r} is {conference.status}: it cannot become {status}"
        )


async def _change(
    session: AsyncSession,
    conference: Conference,
    status: ConferenceStatus,
    event: type[StatusChanged],
    by: Actor,
    now: datetime | None,
) -> None:
    moment = now or utcnow()
    previous = conference.status
    conference.status = status
    session.add(
        ConferenceStatusChange(
            account_id=conference.account_id,
            conference_id=conference.id,
            from_status=previous,
            to_status=status,
            actor=str(by),
            changed_at=moment,
        )
    )
    await emit(
        session,
        event(
            account_id=conference.account_id,
            conference_id=conference.id,
            from_status=previous,
            status=status,
            by=str(by),
            at=moment,
        ),
    )
    await journal.record(
        session,
        conference,
        "room.status",
        {"status": room_status(conference, moment), "starts_at": timestamp(conference.start_at)},
        at=moment,
    )
    await session.flush()
