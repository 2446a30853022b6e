"""The scheduler's queries: conferences across every account whose clock may
ask for something now, the reminders reached, the next due moment.

These are the server's own work across accounts (each row carries its
account, and each step is taken through the services with it). The
conditions here narrow down in SQL; `rules` decides, on the locked row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from webinarium.conferences.schemas import ConferenceKind, ConferenceStatus
from webinarium.kit.ids import new_id
from webinarium.kit.repository import dialect_insert
from webinarium.models import Conference, ConferenceReminder
from webinarium.scheduler.rules import (
    LONGEST_EARLY_ENTRY,
    NOT_YET_LIVE,
    REMINDERS,
    RUNNING,
    SESSION_KINDS,
    ReminderReached,
    Timing,
    waiting_room_opens_at,
)


def _session_of(statuses: frozenset[ConferenceStatus]) -> ColumnElement[bool]:
    return and_(Conference.kind.in_(SESSION_KINDS), Conference.status.in_(statuses))


def _reminder_reached(kind: str) -> ColumnElement[bool]:
    return exists().where(
        ConferenceReminder.conference_id == Conference.id, ConferenceReminder.kind == kind
    )


def _not_started(now: datetime) -> ColumnElement[bool]:
    return and_(
        _session_of(NOT_YET_LIVE),
        Conference.start_at > now,
        Conference.first_admin_enter_at.is_(None),
    )


# Where a page of conferences ends: (start_at, id) of its last.
PageEnd = tuple[datetime, str]


def _after(page_end: PageEnd | None) -> ColumnElement[bool]:
    if page_end is None:
        return true()
    start_at, conference_id = page_end
    return or_(
        Conference.start_at > start_at,
        and_(Conference.start_at == start_at, Conference.id > conference_id),
    )


async def conferences_to_step(
    session: AsyncSession, now: datetime, timing: Timing, limit: int, after: PageEnd | None
) -> Sequence[Conference]:
    """Conferences a step may be due for (`rules.step_due`): past their end and
    grace; not yet live past their start, or near it (the waiting room);
    live long enough to be empty for the empty room's time."""
    rows = await session.scalars(
        select(Conference)
        .where(
            or_(
                and_(_session_of(RUNNING), Conference.end_at <= now - timing.end_grace),
                and_(
                    _session_of(NOT_YET_LIVE),
                    Conference.start_at <= now + LONGEST_EARLY_ENTRY,
                ),
                and_(
                    _session_of(frozenset({ConferenceStatus.LIVE})),
                    Conference.start_at <= now - timing.empty_room,
                ),
            ),
            _after(after),
        )
        .order_by(Conference.start_at, Conference.id)
        .limit(limit)
    )
    return rows.all()


async def conferences_to_remind(
    session: AsyncSession, now: datetime, limit: int, after: PageEnd | None
) -> Sequence[Conference]:
    """Conferences not started of which a reminder's time has come and not
    been reached yet (`rules.reminders_reached`)."""
    reached = (
        and_(Conference.start_at <= now + before, ~_reminder_reached(kind))
        for kind, before in REMINDERS
    )
    rows = await session.scalars(
        select(Conference)
        .where(_not_started(now), or_(*reached), _after(after))
        .order_by(Conference.start_at, Conference.id)
        .limit(limit)
    )
    return rows.all()


async def evergreen_parents_to_continue(session: AsyncSession, now: datetime) -> list[str]:
    """The evergreen parents, not over, without an upcoming session (none
    started, cancelled or not: `conferences.evergreen.is_upcoming` in SQL)."""
    child = aliased(Conference)
    upcoming = exists().where(
        child.parent_id == Conference.id,
        child.account_id == Conference.account_id,
        child.status.in_(NOT_YET_LIVE),
        child.start_at > now,
        child.first_admin_enter_at.is_(None),
    )
    ids = await session.scalars(
        select(Conference.id)
        .where(
            Conference.kind == ConferenceKind.EVERGREEN_PARENT,
            Conference.status.in_(RUNNING),
            ~upcoming,
        )
        .order_by(Conference.id)
    )
    return list(ids)


async def lock_conference(session: AsyncSession, conference_id: str) -> Conference | None:
    """The conference, locked until the unit ends; None if gone, or (PostgreSQL)
    if another scheduler holds it: it takes the step, this one skips it."""
    return await session.scalar(
        select(Conference)
        .where(Conference.id == conference_id)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )


async def reminders_of(session: AsyncSession, conference: Conference) -> set[str]:
    """The kinds of the reminders already reached for the conference."""
    kinds = await session.scalars(
        select(ConferenceReminder.kind).where(
            ConferenceReminder.account_id == conference.account_id,
            ConferenceReminder.conference_id == conference.id,
        )
    )
    return set(kinds)


async def record_reminder(
    session: AsyncSession, conference: Conference, reminder: ReminderReached, now: datetime
) -> bool:
    """Records that the reminder was reached; False if it was already (the
    unique row is what keeps a reminder to once)."""
    inserted = await session.scalar(
        dialect_insert(session, ConferenceReminder)
        .values(
            id=new_id(),
            account_id=conference.account_id,
            conference_id=conference.id,
            kind=reminder.kind,
            due_at=reminder.due_at,
            reached_at=now,
            sent=reminder.sent,
        )
        .on_conflict_do_nothing(index_elements=["conference_id", "kind"])
        .returning(ConferenceReminder.id)
    )
    return inserted is not None


async def next_due(session: AsyncSession, now: datetime, timing: Timing) -> datetime | None:
    """The next moment after ``now`` something has its time: a start, an end
    and its grace, a reminder, a waiting room opening. (An empty room has no
    moment of its own: the poll interval finds it.)"""
    moments = [
        await session.scalar(
            select(func.min(Conference.start_at)).where(
                _session_of(NOT_YET_LIVE), Conference.start_at > now
            )
        ),
    ]
    end = await session.scalar(
        select(func.min(Conference.end_at)).where(
            _session_of(RUNNING), Conference.end_at > now - timing.end_grace
        )
    )
    if end is not None:
        moments.append(end + timing.end_grace)
    for kind, before in REMINDERS:
        start = await session.scalar(
            select(func.min(Conference.start_at)).where(
                _not_started(now), Conference.start_at > now + before, ~_reminder_reached(kind)
            )
        )
        if start is not None:
            moments.append(start - before)
    moments.extend(await _waiting_rooms_opening(session, now))
    return min((moment for moment in moments if moment is not None), default=None)


async def _waiting_rooms_opening(session: AsyncSession, now: datetime) -> list[datetime]:
    # The opening depends on the settings document: read for the few
    # conferences starting within the longest early entry (a later one is
    # within it by the time its room opens: rounds are a poll apart at most).
    soon = await session.scalars(
        select(Conference).where(
            _session_of(frozenset({ConferenceStatus.SCHEDULED})),
            Conference.start_at > now,
            Conference.start_at <= now + LONGEST_EARLY_ENTRY,
        )
    )
    return [moment for moment in map(waiting_room_opens_at, soon) if moment > now]
