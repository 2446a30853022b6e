"""Reports on a conference's content, from what the room stored: poll answers,
offer clicks, the attendance monitor's pop-ups, survey answers and handout
downloads. Reading only; dialect-neutral typed rows (BigMarker renders them in
`api/bigmarker/content_reports.py`).

Attendees only: polls, the monitor and surveys are the attendees' by the
room's rules; offer clicks and handout downloads of the staff (the host link,
the conference's presenters, the account's own address) are left out.
Virtual participants (bots) cannot vote, click, download or answer: they never
appear here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.conferences.service import get_conference
from webinarium.kit.pagination import Page, PageRequest
from webinarium.models import (
    Account,
    Conference,
    Offer,
    OfferClick,
    SurveyQuestion,
)
from webinarium.reports.content_repository import ContentReportRepository, Vote


@dataclass(frozen=True)
class Respondent:
    """Who did something, as the room knew them then. ``person_id`` is None for
    someone deleted since."""

    person_id: str | None
    email: str
    first_name: str
    last_name: str
    name: str

    @classmethod
    def named(
        cls, person_id: str | None, email: str, first_name: str, last_name: str
    ) -> Respondent:
        """Someone whose name is their first and last name."""
        return cls(person_id, email, first_name, last_name, f"{first_name} {last_name}".strip())


@dataclass(frozen=True)
class PollResponse:
    who: Respondent
    # The answer: the choices' texts in display order, or the score, or the text.
    choices: list[str]
    # When the answer was given (the last vote of a multiple choice).
    at: datetime


@dataclass(frozen=True)
class PollReport:
    id: str
    question: str
    responses: list[PollResponse]


@dataclass(frozen=True)
class PollTranscript:
    conference: Conference
    polls: list[PollReport]
    # Percent of the room's attendees who answered at least one poll.
    response_rate: float


@dataclass(frozen=True)
class OfferClickRow:
    who: Respondent
    at: datetime


@dataclass(frozen=True)
class OfferReport:
    id: str
    title: str
    clicks: list[OfferClickRow]


@dataclass(frozen=True)
class OfferTranscript:
    conference: Conference
    offers: list[OfferReport]

    @property
    def clicked_count(self) -> int:
        """How many of the offers shown an attendee clicked."""
        return sum(1 for offer in self.offers if offer.clicks)

    @property
    def clicked_rate(self) -> float:
        return percent(self.clicked_count, len(self.offers))


@dataclass(frozen=True)
class MonitorActivity:
    who: Respondent
    # SHOW_POP_UP or CLICK_POP_UP (content_repository).
    activity_type: str
    at: datetime


@dataclass(frozen=True)
class SurveyResponse:
    value: str
    at: datetime
    email: str
    name: str


@dataclass(frozen=True)
class SurveyQuestionReport:
    question: SurveyQuestion
    responses: list[SurveyResponse]


@dataclass(frozen=True)
class HandoutDownloads:
    # None once the handout is deleted (its title stays).
    handout_id: str | None
    handout_title: str
    email: str
    name: str
    downloads: int


def percent(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, two decimals; 0 of nothing is 0."""
    return round(100 * part / whole, 2) if whole else 0.0


async def poll_transcript(
    session: AsyncSession, account: Account, conference_id: str
) -> PollTranscript:
    """The polls opened in the conference's room, each with every attendee's
    answer (one per attendee and poll)."""
    conference = await get_conference(session, account, conference_id)
    repository = ContentReportRepository(session, account.id)
    polls = await repository.launched_polls(conference.id)
    launched = {poll.id for poll in polls}
    # (poll, voter) → their votes: a multiple choice is a vote per choice.
    answers: dict[tuple[str, str], list[Vote]] = {}
    for vote in await repository.poll_votes(conference.id):
        if vote.poll_id in launched:
            answers.setdefault((vote.poll_id, vote.person_id), []).append(vote)
    responses: dict[str, list[PollResponse]] = {poll.id: [] for poll in polls}
    for (poll_id, _), votes in answers.items():
        voter = votes[0]
        responses[poll_id].append(
            PollResponse(
                Respondent.named(voter.person_id, voter.email, voter.first_name, voter.last_name),
                [_answer(vote) for vote in votes],
                max(vote.created_at for vote in votes),
            )
        )
    voters = {person_id for _, person_id in answers}
    attendees = await repository.attendee_count(conference.id)
    return PollTranscript(
        conference=conference,
        polls=[
            PollReport(
                poll.id,
                poll.question,
                sorted(responses[poll.id], key=lambda response: (response.at, response.who.email)),
            )
            for poll in polls
        ],
        response_rate=percent(len(voters), attendees),
    )


def _answer(vote: Vote) -> str:
    """A vote's answer as text: the choice's, the score's digits, or the text."""
    if vote.choice is not None:
        return vote.choice
    if vote.score is not None:
        return str(vote.score)
    return vote.answer or ""


async def offer_transcript(
    session: AsyncSession, account: Account, conference_id: str
) -> OfferTranscript:
    """The offers shown in the conference's room, each with every click an
    attendee made on it."""
    conference = await get_conference(session, account, conference_id)
    repository = ContentReportRepository(session, account.id)
    offers: list[Offer] = await repository.shown_offers(conference.id)
    clicks: dict[str, list[OfferClickRow]] = {offer.id: [] for offer in offers}
    for click in await repository.offer_clicks(account, conference.id):
        clicks.setdefault(click.offer_id, []).append(OfferClickRow(_logged(click), click.at))
    return OfferTranscript(
        conference, [OfferReport(offer.id, offer.title, clicks[offer.id]) for offer in offers]
    )


async def attendance_monitor(
    session: AsyncSession, account: Account, conference_id: str, request: PageRequest
) -> tuple[Conference, Page[MonitorActivity]]:
    """One page of the attendance monitor's pop-ups in time order: each shown
    to an attendee, and each answered."""
    conference = await get_conference(session, account, conference_id)
    rows, total = await ContentReportRepository(session, account.id).monitor_activities(
        conference.id, request
    )
    items = [
        MonitorActivity(
            Respondent.named(row.person_id, row.email, row.first_name, row.last_name),
            row.activity_type,
            row.at,
        )
        for row in rows
    ]
    return conference, Page(items, request, total)


async def survey(
    session: AsyncSession, account: Account, conference_id: str, since: datetime | None
) -> tuple[Conference, list[SurveyQuestionReport]]:
    """Every question of the conference's survey with its answers (those given
    at ``since`` or later), oldest first."""
    conference = await get_conference(session, account, conference_id)
    repository = ContentReportRepository(session, account.id)
    questions = await repository.survey_questions(conference.id)
    answers: dict[str, list[SurveyResponse]] = {question.id: [] for question in questions}
    for answer in await repository.survey_answers(conference.id, since):
        answers.setdefault(answer.question_id, []).append(
            SurveyResponse(answer.value, answer.answered_at, answer.email, answer.name)
        )
    return conference, [SurveyQuestionReport(q, answers[q.id]) for q in questions]


async def handout_downloads(
    session: AsyncSession, account: Account, conference_id: str
) -> list[HandoutDownloads]:
    """Per handout and attendee who downloaded it: how many times. Views (a
    web page opened, a file shown) are not downloads."""
    conference = await get_conference(session, account, conference_id)
    rows = await ContentReportRepository(session, account.id).handout_downloads(
        account, conference.id
    )
    return [
        HandoutDownloads(row.handout_id, row.handout_title, row.email, row.name, row.downloads)
        for row in rows
    ]


def _logged(row: OfferClick) -> Respondent:
    return Respondent(row.person_id, row.email, row.first_name, row.last_name, row.name)
