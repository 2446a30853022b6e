"""What the scheduler does to a conference now, and which reminders it reaches.

The one rule, in Python: `repository` only narrows the conferences down in SQL
(a superset of those these functions take a step for), and the runner asks
these functions again on the locked row before it takes the step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum, auto

from webinarium.access.admission import attendee_early_entry
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import ConferenceKind, ConferenceStatus
from webinarium.events.types import ReminderKind
from webinarium.models import Conference
from webinarium.settings import Settings

# What has a clock of its own: a one-time webinar and each session of a
# recurring or evergreen one. A recurring or evergreen parent is their
# schedule, a series groups sessions, a meeting space is always open: none of
# them runs by itself.
SESSION_KINDS = frozenset(
    {ConferenceKind.WEBINAR, ConferenceKind.RECURRING_CHILD, ConferenceKind.EVERGREEN_CHILD}
)
NOT_YET_LIVE = frozenset({ConferenceStatus.SCHEDULED, ConferenceStatus.OPEN})
RUNNING = NOT_YET_LIVE | {ConferenceStatus.LIVE}
# The earliest attendees may enter (attendee_early_entry_minutes: up to 60;
# attendee_advanced_enter_time: 15 or 30).
LONGEST_EARLY_ENTRY = timedelta(minutes=60)

# Each reminder and how long before the start it is due, earliest first.
REMINDERS: tuple[tuple[ReminderKind, timedelta], ...] = (
    ("three_days_before", timedelta(days=3)),
    ("one_day_before", timedelta(days=1)),
    ("one_hour_before", timedelta(hours=1)),
)


class Step(StrEnum):
    OPEN_WAITING_ROOM = auto()
    START = auto()
    # Left running past its end and the grace period (or never started and
    # over: the server was down all along).
    END_OVERDUE = auto()
    END_EMPTY = auto()


@dataclass(frozen=True)
class Timing:
    end_grace: timedelta
    empty_room: timedelta

    @classmethod
    def of(cls, settings: Settings) -> Timing:
        return cls(
            end_grace=timedelta(minutes=settings.scheduler_end_grace_minutes),
            empty_room=timedelta(minutes=settings.scheduler_empty_room_minutes),
        )


def waiting_room_opens_at(conference: Conference) -> datetime:
    """When attendees may enter: the waiting room opens then."""
    return conference.start_at - attendee_early_entry(conference)


def empty_since(
    conference: Conference, people_present: int, last_left_at: datetime | None
) -> datetime | None:
    """Since when nobody has been in the live room: its start or the last one
    leaving, whichever is later; None while someone is in. Virtual
    participants (MyOwnConference automation) are nobody."""
    if people_present:
        return None
    return max(conference.start_at, last_left_at or conference.start_at)


@dataclass(frozen=True)
class DueStep:
    step: Step
    # The moment it became due: how late it is taken is the scheduler's lag.
    at: datetime


def step_due(
    conference: Conference, now: datetime, timing: Timing, *, empty_from: datetime | None
) -> DueStep | None:
    """The step the clock asks for now, if any (``empty_from``: `empty_since`,
    for a live conference)."""
    if conference.kind not in SESSION_KINDS or conference.status not in RUNNING:
        return None
    overdue_at = conference.end_at + timing.end_grace
    if overdue_at <= now:
        return DueStep(Step.END_OVERDUE, overdue_at)
    if conference.status == ConferenceStatus.LIVE:
        if empty_from is not None and empty_from + timing.empty_room <= now:
            return DueStep(Step.END_EMPTY, empty_from + timing.empty_room)
        return None
    if conference.start_at <= now:
        return DueStep(Step.START, conference.start_at)
    opens_at = waiting_room_opens_at(conference)
    if conference.status == ConferenceStatus.SCHEDULED and opens_at <= now:
        return DueStep(Step.OPEN_WAITING_ROOM, opens_at)
    return None


@dataclass(frozen=True)
class ReminderReached:
    kind: ReminderKind
    due_at: datetime
    # False: passed over (see `reminders_reached`).
    sent: bool


def reminders_reached(
    conference: Conference, now: datetime, already: set[str]
) -> list[ReminderReached]:
    """The reminders whose time has come (those not in ``already``), while the
    webinar has not started; once it has, none is ever sent. Of several
    reached at once (the server was down) only the latest is sent, the
    earlier are passed over; so is one whose time came before the conference
    was created (created two days ahead, it gets the day's and the hour's)."""
    if (
        conference.kind not in SESSION_KINDS
        or conference.status not in NOT_YET_LIVE
        or lifecycle.has_started(conference, now)
    ):
        return []
    reached = [
        (kind, conference.start_at - before)
        for kind, before in REMINDERS
        if kind not in already and conference.start_at - before <= now
    ]
    return [
        ReminderReached(
            kind, due_at, sent=i == len(reached) - 1 and due_at >= conference.created_at
        )
        for i, (kind, due_at) in enumerate(reached)
    ]
