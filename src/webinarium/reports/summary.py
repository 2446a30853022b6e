"""The webinar report of the organiser console: the figures people look at,
the concurrent viewers over time, each stay, the poll results and each
attendee's engagement. Computed when asked from the queries of the BigMarker
reports (`attendance`, `content`), one query per kind of row however many
attendees came. Reading only.

Rules (docs/console.md, "Reports"):
- attended: people who stayed in the room as attendees (`attendance`);
  attendance rate: the registrants in force who attended, in percent of them;
- watch time: a person's stays merged (two tabs count once), an open stay
  counted until now or the webinar's end (`attendance.stays_by_person`);
- concurrent viewers: a sweep over those merged stays; a sample is the most
  viewers at any moment of its step (steps start at round times), so no peak
  falls between samples;
- engagement: whole minutes watched + chat lines + questions + polls answered;
- the survey: per question, how many chose each choice (each rating), or
  every free answer; short-answer polls: every answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference
from webinarium.people.names import full_name
from webinarium.polls.schemas import SCORE_MAX, SCORE_MIN, SelectionMethod
from webinarium.reports.attendance import Interval, counted_until, stays_by_person
from webinarium.reports.attendance_repository import AttendanceRepository, PersonName
from webinarium.reports.content import percent
from webinarium.reports.content_repository import ContentReportRepository
from webinarium.surveys.schemas import RATINGS

# Enough points for a line a page can show, few enough for a light SVG.
MAX_SAMPLES = 240
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Sample steps a reader recognises, in seconds.
SAMPLE_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400)


@dataclass(frozen=True)
class Figures:
    registered: int
    attended: int
    # Registrants in force who attended, in percent of the registrants.
    attendance_rate: float
    total_watch_seconds: int
    average_watch_seconds: int
    peak_viewers: int
    peak_at: datetime | None


@dataclass(frozen=True)
class Sample:
    """The most viewers at any moment from ``at`` for the series' step."""

    at: datetime
    viewers: int


@dataclass(frozen=True)
class ViewerSeries:
    step_seconds: int
    samples: list[Sample]
    peak: int
    peak_at: datetime | None


@dataclass(frozen=True)
class Stay:
    """One stay in the room; ``left_at`` None while it lasts."""

    person: PersonName
    entered_at: datetime
    left_at: datetime | None


@dataclass(frozen=True)
class PollOption:
    label: str
    votes: int


@dataclass(frozen=True)
class TextAnswer:
    """A free answer (a short-answer poll's, a survey's): who, when, what."""

    name: str
    email: str
    text: str
    at: datetime


@dataclass(frozen=True)
class PollResult:
    question: str
    selection_method: str
    # Attendees who answered.
    voters: int
    # Votes per choice (single, multi) or per score (score); none for a short answer.
    options: list[PollOption]
    # A short answer's texts, in the order given; none for the other polls.
    answers: list[TextAnswer] = field(default_factory=list)


@dataclass(frozen=True)
class SurveyResult:
    question: str
    # text (a free answer), single (one of the choices) or rating (1 to 5).
    kind: str
    # Every answer in the order given (the CSV's rows; the page lists a text
    # question's).
    answers: list[TextAnswer]
    # How many chose each choice or rating; none for a text question.
    options: list[PollOption]


@dataclass(frozen=True)
class Engagement:
    person: PersonName
    first_entered_at: datetime
    watch_seconds: int
    chats: int
    questions: int
    polls: int

    @property
    def watch_minutes(self) -> int:
        return self.watch_seconds // 60

    @property
    def score(self) -> int:
        return self.watch_minutes + self.chats + self.questions + self.polls


def sample_step(window: timedelta, max_samples: int = MAX_SAMPLES) -> int:
    """The shortest step of `SAMPLE_STEPS` giving at most ``max_samples`` samples."""
    seconds = window.total_seconds()
    for step in SAMPLE_STEPS:
        if seconds / step <= max_samples:
            return step
    return SAMPLE_STEPS[-1]


def viewer_series(stays: Iterable[Sequence[Interval]]) -> ViewerSeries:
    """Concurrent viewers over time, from each person's merged stays."""
    events: list[tuple[datetime, int]] = []
    for intervals in stays:
        for start, end in intervals:
            if end > start:
                events += [(start, 1), (end, -1)]
    if not events:
        return ViewerSeries(SAMPLE_STEPS[0], [], 0, None)
    # At one instant, leaving comes before entering: one out, one in is not two.
    events.sort()
    first, last = events[0][0], events[-1][0]
    step = sample_step(last - first)
    count = peak = 0
    peak_at: datetime | None = None
    samples = []
    index = 0
    # Samples at round times (whole steps since the epoch): 14:05:00, 14:05:15…
    bucket = first - timedelta(seconds=(first - EPOCH).total_seconds() % step)
    while bucket < last:
        end = bucket + timedelta(seconds=step)
        while index < len(events) and events[index][0] <= bucket:
            count += events[index][1]
            index += 1
        most = count
        if count > peak:
            peak, peak_at = count, bucket
        while index < len(events) and events[index][0] < end:
            at, change = events[index]
            count += change
            index += 1
            most = max(most, count)
            if count > peak:
                peak, peak_at = count, at
        samples.append(Sample(bucket, most))
        bucket = end
    return ViewerSeries(step, samples, peak, peak_at)


async def figures_and_series(
    session: AsyncSession, account: Account, conference: Conference, *, now: datetime | None = None
) -> tuple[Figures, ViewerSeries, dict[str, list[Interval]]]:
    """The figures, the viewers over time, and each attendee's merged stays."""
    repository = AttendanceRepository(session, account.id)
    times = await repository.stay_times(conference.id)
    stays = stays_by_person(times, counted_until(conference, now or utcnow()))
    series = viewer_series(stays.values())
    total = sum(_seconds(intervals) for intervals in stays.values())
    registered = await repository.registrant_count(conference.id)
    attended_registrants = await repository.attended_registrant_count(conference.id) if stays else 0
    figures = Figures(
        registered=registered,
        attended=len(stays),
        attendance_rate=percent(attended_registrants, registered),
        total_watch_seconds=total,
        average_watch_seconds=total // len(stays) if stays else 0,
        peak_viewers=series.peak,
        peak_at=series.peak_at,
    )
    return figures, series, stays


def _seconds(intervals: Iterable[Interval]) -> int:
    return int(sum((end - start for start, end in intervals), timedelta()).total_seconds())


async def stays(
    session: AsyncSession, account: Account, conference: Conference, limit: int | None = None
) -> list[Stay]:
    """The attendees' stays in the order they entered (the first ``limit``)."""
    rows = await AttendanceRepository(session, account.id).stays_in_order(conference.id, limit)
    return [Stay(person, entered, left) for person, entered, left in rows]


async def engagement(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    merged_stays: dict[str, list[Interval]],
) -> list[Engagement]:
    """Every attendee's engagement, the most engaged first (then by who came first)."""
    if not merged_stays:
        return []
    repository = AttendanceRepository(session, account.id)
    people = await repository.attendee_names(conference.id)
    chats = await repository.chat_counts(conference.id)
    questions = await repository.question_counts(conference.id)
    polls = await repository.polls_answered_counts(conference.id)
    rows = [
        Engagement(
            person=person,
            first_entered_at=merged_stays[person.id][0][0],
            watch_seconds=_seconds(merged_stays[person.id]),
            chats=chats.get(person.id, 0),
            questions=questions.get(person.id, 0),
            polls=polls.get(person.id, 0),
        )
        for person in people
        if person.id in merged_stays
    ]
    rows.sort(key=lambda row: (-row.score, row.first_entered_at, row.person.id))
    return rows


async def poll_results(
    session: AsyncSession, account: Account, conference: Conference
) -> list[PollResult]:
    """The polls opened in the room with how many attendees chose each answer
    (the poll transcript's polls and votes, counted), oldest first."""
    repository = ContentReportRepository(session, account.id)
    polls = await repository.launched_polls(conference.id)
    if not polls:
        return []
    choices = await repository.poll_choices([poll.id for poll in polls])
    voters = await repository.poll_voter_counts(conference.id)
    # (poll, choice id or score) → how many chose it.
    chosen: dict[tuple[str, str], int] = {}
    for tally in await repository.poll_tallies(conference.id):
        key = tally.choice_id if tally.choice_id is not None else str(tally.score)
        chosen[(tally.poll_id, key)] = tally.voters
    texts: dict[str, list[TextAnswer]] = {}
    if any(poll.selection_method == SelectionMethod.SHORT_ANSWER for poll in polls):
        for vote in await repository.short_answers(conference.id):
            texts.setdefault(vote.poll_id, []).append(
                TextAnswer(
                    full_name(vote) or vote.email, vote.email, vote.answer or "", vote.created_at
                )
            )
    results = []
    for poll in polls:
        method = poll.selection_method
        if method == SelectionMethod.SCORE:
            options = [
                PollOption(str(score), chosen.get((poll.id, str(score)), 0))
                for score in range(SCORE_MIN, SCORE_MAX + 1)
            ]
        elif method == SelectionMethod.SHORT_ANSWER:
            options = []
        else:
            options = [
                PollOption(choice.choice, chosen.get((poll.id, choice.id), 0))
                for choice in choices
                if choice.poll_id == poll.id
            ]
        results.append(
            PollResult(
                poll.question, method, voters.get(poll.id, 0), options, texts.get(poll.id, [])
            )
        )
    return results


async def survey_results(
    session: AsyncSession, account: Account, conference: Conference
) -> list[SurveyResult]:
    """The survey's questions in order, each with its answers, counted per
    choice or rating (a choice no one took, or since removed, counts 0 or is
    not shown)."""
    repository = ContentReportRepository(session, account.id)
    questions = await repository.survey_questions(conference.id)
    if not questions:
        return []
    answers: dict[str, list[TextAnswer]] = {question.id: [] for question in questions}
    for answer in await repository.survey_answers(conference.id, None):
        answers.setdefault(answer.question_id, []).append(
            TextAnswer(answer.name, answer.email, answer.value, answer.answered_at)
        )
    results = []
    for question in questions:
        given = answers[question.id]
        labels = [str(rating) for rating in RATINGS] if question.kind == "rating" else []
        if question.kind == "single":
            labels = list(question.choices)
        options = [
            PollOption(label, sum(1 for answer in given if answer.text == label))
            for label in labels
        ]
        results.append(SurveyResult(question.text, question.kind, given, options))
    return results
