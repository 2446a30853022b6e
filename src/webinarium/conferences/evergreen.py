"""Evergreen webinars: a parent (kind ``evergreen_parent``) holds a daily
schedule — times of day on its zone's clock (``settings.evergreen_session_times``)
and a session length (its ``duration_minutes``) — and its sessions (kind
``evergreen_child``, linked by ``parent_id`` as recurring sessions are) are
ordinary webinars, created one at a time: a parent always has exactly one
upcoming session. Creating the parent creates the first (the next time of
day after now); the scheduler creates each next one once the last upcoming
one has started (``ensure_upcoming_session``, the one rule). docs/scheduler.md.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.channels.service import main_channel
from webinarium.conferences import lifecycle, service
from webinarium.conferences.repository import ConferenceRepository
from webinarium.conferences.scheduling import resolve_local
from webinarium.conferences.schemas import (
    ConferenceChanges,
    ConferenceDraft,
    ConferenceKind,
    ConferencePhase,
    ConferenceStatus,
    EvergreenChanges,
    EvergreenDraft,
)
from webinarium.kit.errors import InvalidInput
from webinarium.kit.time import on_clock
from webinarium.models import Account, Conference

# ASCII digits: \d would take "1٢:00" (or "1０:00", a second "10:00") as a time.
TIME_OF_DAY = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_OVER = frozenset({ConferenceStatus.ENDED, ConferenceStatus.CANCELLED})


async def create_evergreen(
    session: AsyncSession, account: Account, draft: EvergreenDraft, now: datetime
) -> Conference:
    """The evergreen parent (through `service.create_conference`: one way to
    create a conference) with its first upcoming session."""
    times = session_times(draft.session_times)
    service.valid_zone(draft.time_zone)
    channel_id = draft.channel_id or (await main_channel(session, account)).id
    parent = await service.create_conference(
        session,
        account,
        ConferenceDraft(
            channel_id=channel_id,
            title=draft.title,
            kind=ConferenceKind.EVERGREEN_PARENT,
            time_zone=draft.time_zone,
            start=next_start(times, draft.time_zone, now),
            duration_minutes=draft.duration_minutes,
            settings={"evergreen_session_times": times},
        ),
    )
    await ensure_upcoming_session(session, account, parent, now)
    return parent


async def change_evergreen(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    changes: EvergreenChanges,
    now: datetime,
) -> Conference:
    """The parent takes the new schedule (through `service.update_conference`:
    one way to change a conference, announced as any change is). Sessions over
    or live stay as they were. The upcoming one, if it is still scheduled and
    nobody has registered, moves to the new schedule's next start, as if it
    were created now; otherwise it keeps its time (its registrants were told
    it) and only takes a new title, and the sessions after it follow the new
    schedule (`ensure_upcoming_session` reads it from the parent)."""
    parent = await service.get_conference(
        session, account, conference_id, [ConferenceKind.EVERGREEN_PARENT]
    )
    times = (
        session_times(changes.session_times)
        if changes.session_times is not None
        else parent.settings.get("evergreen_session_times") or []
    )
    time_zone = service.valid_zone(
        parent.time_zone if changes.time_zone is None else changes.time_zone
    )
    sessions = await sessions_of(session, account, parent)
    upcoming = next((child for child in sessions if is_upcoming(child, now)), None)
    moving = (
        upcoming if upcoming is not None and await _may_move(session, account, upcoming) else None
    )
    # The parent is as upcoming as its upcoming session: it starts when that one does.
    start = parent.start_at if upcoming is None else upcoming.start_at
    if moving is not None:
        after = max([now, *(child.start_at for child in sessions if child is not moving)])
        start = next_start(times, time_zone, after)
    await service.update_conference(
        session,
        account,
        parent.id,
        ConferenceChanges(
            title=changes.title,
            time_zone=time_zone,
            duration_minutes=changes.duration_minutes,
            start=start,
            settings={} if changes.session_times is None else {"evergreen_session_times": times},
        ),
        [ConferenceKind.EVERGREEN_PARENT],
    )
    if moving is not None:
        await service.move_evergreen_session(session, account, parent, moving, start)
    elif upcoming is not None and changes.title is not None:
        await service.update_conference(
            session, account, upcoming.id, ConferenceChanges(title=changes.title)
        )
    return parent


async def sessions_of(
    session: AsyncSession, account: Account, parent: Conference
) -> list[Conference]:
    """The parent's sessions, by start."""
    return await ConferenceRepository(session, account.id).children(parent.id)


async def ensure_upcoming_session(
    session: AsyncSession, account: Account, parent: Conference, now: datetime
) -> Conference | None:
    """The next session, created if the parent has no upcoming one (none yet,
    or the last has started): at the first of its times of day after both now
    and its latest session's start. None if one is upcoming, or the parent is
    over (ended or cancelled)."""
    if parent.kind != ConferenceKind.EVERGREEN_PARENT or parent.status in _OVER:
        return None
    sessions = await sessions_of(session, account, parent)
    if any(is_upcoming(child, now) for child in sessions):
        return None
    after = max([now, *(child.start_at for child in sessions)])
    times = parent.settings.get("evergreen_session_times") or []
    return await service.add_evergreen_session(
        session, account, parent, next_start(times, parent.time_zone, after)
    )


async def _may_move(session: AsyncSession, account: Account, upcoming: Conference) -> bool:
    """Its waiting room not open yet, and nobody told its time by registering."""
    if upcoming.status != ConferenceStatus.SCHEDULED:
        return False
    return (await service.registrant_counts(session, account, [upcoming]))[upcoming.id] == 0


def is_upcoming(conference: Conference, now: datetime) -> bool:
    """Not started and not cancelled: a session still to come."""
    return lifecycle.phase_of(conference, now) == ConferencePhase.UPCOMING and not (
        lifecycle.has_started(conference, now)
    )


def next_start(times: list[str], time_zone: str, after: datetime) -> datetime:
    """The first of ``times`` (times of day in ``time_zone``) strictly after ``after``."""
    local_day = on_clock(after, time_zone).date()
    candidates = (
        resolve_local(
            datetime.combine(
                local_day + timedelta(days=days), datetime.strptime(t, "%H:%M").time()
            ),
            time_zone,
        )
        for days in (0, 1, 2)
        for t in times
    )
    return min(start for start in candidates if start > after)


def session_times(given: list[str]) -> list[str]:
    """``given`` checked ("HH:MM", 1 to 24, distinct), sorted."""
    times = [t.strip() for t in given]
    if not 1 <= len(times) <= 24:
        raise InvalidInput("session_times must hold 1 to 24 times of day")
    for t in times:
        if not TIME_OF_DAY.fullmatch(t):
            raise InvalidInput(f"session time {t!r} is not a time of day HH:MM (00:00 to 23:59)")
    if len(set(times)) != len(times):
        raise InvalidInput("session_times must be distinct")
    return sorted(times)
