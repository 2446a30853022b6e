"""Attendance reports of a conference, computed when asked from what the room
stored: stays (visits), chat, questions, votes, handout views and downloads,
the attendance monitor's asks. Nothing is aggregated ahead, so there is
nothing to refresh. Reading only.

Who counts: an attendee is a person who stayed in the room as an attendee.
The staff (presenters, moderators, the host) and virtual participants (who
name no person) are never attendees, and the reports leave them out.

Time in the room: a person's stays are added up, time two stays share counted
once (`merged`); a stay still open counts until now, or until the
conference's end once it is over.

Engaged time: the time in the room minus the time they were away by the
attendance monitor's word: from a check they missed (its ``shown_at``) until
their next sign of life (a chat message, a question, a vote, a handout opened,
a check answered) or, without one, the end of their time in the room.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.conferences.lifecycle import phase_of
from webinarium.conferences.schemas import ConferencePhase
from webinarium.conferences.service import get_conference
from webinarium.kit.errors import NotFound
from webinarium.kit.pagination import Page, PageRequest
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference, Person, Registration, Visit
from webinarium.recordings import service as recordings
from webinarium.recordings.schemas import Watched
from webinarium.reports.attendance_repository import ENTER, AttendanceRepository
from webinarium.reports.devices import UNKNOWN, Device, device_of

Interval = tuple[datetime, datetime]
# What the attendance monitor stores for an ask no one answered in time.
_MISSED = "missed"
_ANSWERED = "answered"
_DOWNLOAD = "download"


class ConferenceNotEnded(NotFound):
    """Attendees are not reported while the conference is live."""

    code = "conference_not_ended"


@dataclass(frozen=True)
class PollAnswer:
    question: str
    answer: str


@dataclass(frozen=True)
class HandoutUse:
    title: str
    at: datetime


@dataclass(frozen=True)
class Attendance:
    """What one person did in the room. ``left_at`` is None while they stay."""

    entered_at: datetime | None = None
    left_at: datetime | None = None
    seconds: int = 0
    engaged_seconds: int = 0
    chats: int = 0
    questions: list[str] = field(default_factory=list)
    polls: list[PollAnswer] = field(default_factory=list)
    views: list[HandoutUse] = field(default_factory=list)
    downloads: list[HandoutUse] = field(default_factory=list)
    device: Device = UNKNOWN

    @property
    def attended(self) -> bool:
        return self.entered_at is not None

    @property
    def polls_answered(self) -> int:
        return len({answer.question for answer in self.polls})

    @property
    def downloaded_titles(self) -> list[str]:
        return list(dict.fromkeys(use.title for use in self.downloads))


@dataclass(frozen=True)
class AttendeeRow:
    person: Person
    # None for an attendee who came in without registering (an API enter).
    registration: Registration | None
    attendance: Attendance
    banned: bool
    country: str
    # Answers to the conference's custom fields, by field name.
    custom_fields: dict[str, str]


@dataclass(frozen=True)
class StayMove:
    """An attendee entering (``enter``) or leaving (``exit``) the room."""

    person: Person
    kind: str
    at: datetime

    @property
    def entering(self) -> bool:
        return self.kind == ENTER


@dataclass(frozen=True)
class Summary:
    attendees: int
    live_seconds: int


def merged(intervals: Iterable[Interval]) -> list[Interval]:
    """The intervals joined where they overlap or touch, in time order."""
    result: list[Interval] = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def _length(intervals: Iterable[Interval]) -> timedelta:
    return sum((end - start for start, end in intervals), timedelta())


def _overlap(windows: list[Interval], stays: list[Interval]) -> timedelta:
    """How long the (merged) ``windows`` fall within the (merged) ``stays``."""
    total = timedelta()
    for start, end in windows:
        for stay_start, stay_end in stays:
            low, high = max(start, stay_start), min(end, stay_end)
            if high > low:
                total += high - low
    return total


def _seconds(length: timedelta) -> int:
    return int(length.total_seconds())


def counted_until(conference: Conference, now: datetime) -> datetime:
    """Where an open stay ends for the reports: now, or the conference's end
    once it is over."""
    if phase_of(conference, now) == ConferencePhase.OVER:
        return min(now, conference.end_at)
    return now


async def settled_conference(
    session: AsyncSession, account: Account, conference_id: str, now: datetime | None = None
) -> Conference:
    """The conference, or `ConferenceNotEnded` while it is live: its attendee
    list is still changing. An upcoming conference is settled (nobody has
    attended yet): export clients walk every conference they find, and a 404
    for each upcoming one would stop them."""
    conference = await get_conference(session, account, conference_id)
    if phase_of(conference, now or utcnow()) == ConferencePhase.LIVE:
        raise ConferenceNotEnded(f"conference {conference_id} has not ended yet")
    return conference


class _Builder:
    """Loads what a page of people did, one query per kind of row."""

    def __init__(
        self, repository: AttendanceRepository, conference: Conference, now: datetime
    ) -> None:
        self.repository = repository
        self.conference = conference
        self.until = counted_until(conference, now)

    async def rows(self, people: Sequence[tuple[Person, Registration | None]]) -> list[AttendeeRow]:
        if not people:
            return []
        ids = [person.id for person, _ in people]
        conference_id = self.conference.id
        repository = self.repository
        stays: dict[str, list[Visit]] = defaultdict(list)
        for visit in await repository.stays(conference_id, ids):
            stays[visit.person_id or ""].append(visit)
        signs: dict[str, list[datetime]] = defaultdict(list)
        chats: dict[str, int] = defaultdict(int)
        for person_id, at in await repository.chat_times(conference_id, ids):
            chats[person_id] += 1
            signs[person_id].append(at)
        questions: dict[str, list[str]] = defaultdict(list)
        for question in await repository.questions(conference_id, ids):
            questions[question.person_id or ""].append(question.text)
            signs[question.person_id or ""].append(question.created_at)
        polls: dict[str, list[PollAnswer]] = defaultdict(list)
        for vote, poll, choice in await repository.votes(conference_id, ids):
            answer = choice.choice if choice is not None else vote.answer
            if answer is None and vote.score is not None:
                answer = str(vote.score)
            polls[vote.person_id or ""].append(PollAnswer(poll.question, answer or ""))
            signs[vote.person_id or ""].append(vote.created_at)
        views: dict[str, list[HandoutUse]] = defaultdict(list)
        downloads: dict[str, list[HandoutUse]] = defaultdict(list)
        for log in await repository.handout_logs(conference_id, ids):
            uses = downloads if log.action == _DOWNLOAD else views
            uses[log.person_id or ""].append(HandoutUse(log.handout_title, log.at))
            signs[log.person_id or ""].append(log.at)
        missed: dict[str, list[datetime]] = defaultdict(list)
        for ask in await repository.asks(conference_id, ids):
            if ask.state == _MISSED:
                missed[ask.person_id].append(ask.shown_at)
            elif ask.state == _ANSWERED and ask.answered_at is not None:
                signs[ask.person_id].append(ask.answered_at)
        banned = await repository.banned(conference_id, ids)
        fields = {f.id: f.field_name for f in await repository.custom_fields(conference_id)}
        result = []
        for person, registration in people:
            attendance = self._attendance(
                stays.get(person.id, []), sorted(signs[person.id]), missed[person.id]
            )
            attendance = replace(
                attendance,
                chats=chats[person.id],
                questions=questions[person.id],
                polls=polls[person.id],
                views=views[person.id],
                downloads=downloads[person.id],
            )
            answers = (
                {fields.get(key, key): str(value) for key, value in registration.answers.items()}
                if registration is not None
                else {}
            )
            result.append(
                AttendeeRow(
                    person=person,
                    registration=registration,
                    attendance=attendance,
                    banned=person.id in banned,
                    country=_country(answers),
                    custom_fields=answers,
                )
            )
        return result

    def _attendance(
        self, visits: list[Visit], signs: list[datetime], missed: list[datetime]
    ) -> Attendance:
        if not visits:
            return Attendance()
        intervals = merged(
            (visit.entered_at, max(visit.entered_at, visit.left_at or self.until))
            for visit in visits
        )
        total = _length(intervals)
        end = intervals[-1][1]
        away = merged(
            (shown, next((sign for sign in signs if sign > shown), end))
            for shown in missed
            if shown < end
        )
        open_now = any(visit.left_at is None for visit in visits)
        with_agent = [visit for visit in visits if visit.user_agent]
        return Attendance(
            entered_at=visits[0].entered_at,
            left_at=None if open_now else max(visit.left_at or end for visit in visits),
            seconds=_seconds(total),
            engaged_seconds=_seconds(total - _overlap(away, intervals)),
            device=device_of(with_agent[-1].user_agent) if with_agent else UNKNOWN,
        )


def _country(answers: dict[str, str]) -> str:
    """The country a registrant gave in a custom field called so; no address
    is looked up."""
    for name, value in answers.items():
        if name.strip().lower() == "country":
            return value
    return ""


async def attendees(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    request: PageRequest,
    *,
    now: datetime | None = None,
) -> Page[AttendeeRow]:
    """A page of the conference's attendees, in the order they first entered."""
    repository = AttendanceRepository(session, account.id)
    person_ids, total = await repository.attendee_page(conference.id, request)
    people = {p.id: (p, r) for p, r in await repository.people(conference.id, person_ids)}
    builder = _Builder(repository, conference, now or utcnow())
    rows = await builder.rows([people[i] for i in person_ids if i in people])
    return Page(rows, request, total)


async def registrants(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    request: PageRequest,
    *,
    attended: bool | None = None,
    now: datetime | None = None,
) -> Page[AttendeeRow]:
    """A page of the conference's registrants in force, in the order they
    registered: all, those who attended (``attended``) or the no-shows."""
    repository = AttendanceRepository(session, account.id)
    page, total = await repository.registrant_page(conference.id, request, attended=attended)
    builder = _Builder(repository, conference, now or utcnow())
    rows = await builder.rows([(person, registration) for registration, person in page])
    return Page(rows, request, total)


async def on_demand_viewers(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    request: PageRequest,
    *,
    now: datetime | None = None,
) -> tuple[Page[AttendeeRow], dict[str, Watched]]:
    """A page of who watched the conference's recording on demand, in the order
    they first watched, and what each watched (by person id)."""
    watched = await recordings.watched_by_person(session, account, conference)
    person_ids = list(watched)[request.offset : request.offset + request.per_page]
    repository = AttendanceRepository(session, account.id)
    people = {p.id: (p, r) for p, r in await repository.people(conference.id, person_ids)}
    builder = _Builder(repository, conference, now or utcnow())
    rows = await builder.rows([people[i] for i in person_ids if i in people])
    return Page(rows, request, len(watched)), watched


async def on_demand_viewer(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    person_id: str,
    *,
    now: datetime | None = None,
) -> tuple[AttendeeRow, dict[str, Watched]] | None:
    """One person's row of the on-demand viewers (None if they watched nothing
    or are gone), with what each person watched."""
    watched = await recordings.watched_by_person(session, account, conference)
    if person_id not in watched:
        return None
    repository = AttendanceRepository(session, account.id)
    people = await repository.people(conference.id, [person_id])
    rows = await _Builder(repository, conference, now or utcnow()).rows(people)
    return (rows[0], watched) if rows else None


async def registrant_count(session: AsyncSession, account: Account, conference: Conference) -> int:
    """How many registrations of the conference are in force."""
    return await AttendanceRepository(session, account.id).registrant_count(conference.id)


async def attendee_count(session: AsyncSession, account: Account, conference: Conference) -> int:
    """How many people attended (stayed in the room as attendees)."""
    return await AttendanceRepository(session, account.id).attendee_count(conference.id)


async def attendee_ids(session: AsyncSession, account: Account, conference: Conference) -> set[str]:
    """The people who attended (stayed in the room as attendees): the
    follow-up mail tells them from the no-shows."""
    return await AttendanceRepository(session, account.id).attendee_ids(conference.id)


async def enter_exit_log(
    session: AsyncSession, account: Account, conference: Conference, request: PageRequest
) -> Page[StayMove]:
    """A page of the attendees' entries and exits, in time order."""
    moves, total = await AttendanceRepository(session, account.id).enter_exit_page(
        conference.id, request
    )
    return Page([StayMove(person, kind, at) for kind, at, person in moves], request, total)


async def summary(
    session: AsyncSession, account: Account, conference: Conference, *, now: datetime | None = None
) -> Summary:
    """How many attendees came and how long they stayed in all (each person's
    stays merged, as in the attendee rows)."""
    times = await AttendanceRepository(session, account.id).stay_times(conference.id)
    stays = stays_by_person(times, counted_until(conference, now or utcnow()))
    total = sum((_length(intervals) for intervals in stays.values()), timedelta())
    return Summary(attendees=len(stays), live_seconds=_seconds(total))


def stays_by_person(
    times: Iterable[tuple[str, datetime, datetime | None]], until: datetime
) -> dict[str, list[Interval]]:
    """Each attendee's stays (``stay_times`` rows), merged: time two stays
    share (two tabs) counted once, a stay still open counted ``until``."""
    stays: dict[str, list[Interval]] = defaultdict(list)
    for person_id, entered, left in times:
        stays[person_id].append((entered, max(entered, left or until)))
    return {person_id: merged(intervals) for person_id, intervals in stays.items()}
