"""Every query of the content reports (polls, offers, the attendance monitor,
surveys, handout downloads), scoped to the caller's account. Each report is a
fixed number of statements however many people took part."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Row, String, case, func, literal, or_, select, union_all

from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository
from webinarium.live.service import ATTENDEE
from webinarium.models import (
    Account,
    AttentionAsk,
    HandoutLog,
    Offer,
    OfferClick,
    OfferShow,
    Person,
    Poll,
    PollChoice,
    PollVote,
    Presenter,
    SurveyAnswer,
    SurveyQuestion,
    Visit,
)
from webinarium.models.room_person import AsTheyWere
from webinarium.polls.schemas import PollStatus

# The room's member id of the organiser's host link (it names no person).
HOST_MEMBER = "host"
SHOW_POP_UP = "ShowPopUp"
CLICK_POP_UP = "ClickPopUp"


class Vote(NamedTuple):
    """A poll vote as the poll transcript reads it: columns, not entities — a
    webinar's votes run to tens of thousands, and loading each as a `PollVote`
    and a `Person` took a third of the report's time (bench/reports.py)."""

    poll_id: str
    created_at: datetime
    score: int | None
    answer: str | None
    # The choice's text (None for a score or a text answer).
    choice: str | None
    person_id: str
    email: str
    first_name: str
    last_name: str


class Tally(NamedTuple):
    """How many attendees chose one choice (or gave one score) of a poll."""

    poll_id: str
    choice_id: str | None
    score: int | None
    voters: int


class ContentReportRepository(TenantRepository[Poll]):
    model = Poll

    def _by_attendee(
        self, model: type[AsTheyWere], account: Account, conference_id: str
    ) -> ColumnElement[bool]:
        """Rows of the room's log done by an attendee: not the host link, not a
        presenter of the conference, not the account's own address (the primary
        moderator) — the rule of `moderators.rights`, in SQL."""
        presenters = select(Presenter.person_id).where(
            self._of_account(Presenter), Presenter.conference_id == conference_id
        )
        return (
            (model.member_id != HOST_MEMBER)
            & or_(model.person_id.is_(None), model.person_id.not_in(presenters))
            & (func.lower(model.email) != account.email.strip().lower())
        )

    # Polls

    async def launched_polls(self, conference_id: str) -> list[Poll]:
        """The conference's polls that were opened at least once, oldest first."""
        rows = await self.session.scalars(
            self._select()
            .where(Poll.conference_id == conference_id, Poll.status != PollStatus.QUEUE)
            .order_by(Poll.created_at, Poll.id)
        )
        return list(rows)

    async def poll_votes(self, conference_id: str) -> list[Vote]:
        """Every vote of the conference's polls with its choice's text and its
        voter, by poll, voter and time."""
        return await self._votes(
            conference_id,
            order_by=(PollVote.poll_id, PollVote.person_id, PollChoice.position, PollVote.id),
        )

    async def short_answers(self, conference_id: str) -> list[Vote]:
        """The texts answered to the conference's short-answer polls, by poll
        and time (only those votes: a webinar's votes run to tens of thousands)."""
        return await self._votes(
            conference_id,
            PollVote.answer.is_not(None),
            order_by=(PollVote.poll_id, PollVote.created_at, PollVote.id),
        )

    async def _votes(
        self, conference_id: str, *where: ColumnElement[bool], order_by: tuple[Any, ...]
    ) -> list[Vote]:
        rows = await self.session.execute(
            select(
                PollVote.poll_id,
                PollVote.created_at,
                PollVote.score,
                PollVote.answer,
                PollChoice.choice,
                Person.id.label("person_id"),
                Person.email,
                Person.first_name,
                Person.last_name,
            )
            .join(Poll, Poll.id == PollVote.poll_id)
            .join(Person, Person.id == PollVote.person_id)
            .outerjoin(PollChoice, PollChoice.id == PollVote.choice_id)
            .where(
                self._of_account(PollVote, Poll, Person),
                Poll.conference_id == conference_id,
                *where,
            )
            .order_by(*order_by)
        )
        return [Vote._make(row) for row in rows]

    async def poll_choices(self, poll_ids: Sequence[str]) -> list[PollChoice]:
        """The choices of these polls, each poll's in display order."""
        rows = await self.session.scalars(
            select(PollChoice)
            .where(self._of_account(PollChoice), PollChoice.poll_id.in_(poll_ids))
            .order_by(PollChoice.poll_id, PollChoice.position, PollChoice.id)
        )
        return list(rows)

    def _poll_voters(self, conference_id: str, *by: Any) -> Any:
        """The attendees who voted in the conference's polls, counted once per
        group ``by``: the votes `poll_votes` reads, counted in the database."""
        return (
            select(*by, func.count(func.distinct(PollVote.person_id)))
            .join(Poll, Poll.id == PollVote.poll_id)
            .join(Person, Person.id == PollVote.person_id)
            .where(self._of_account(PollVote, Poll, Person), Poll.conference_id == conference_id)
            .group_by(*by)
        )

    async def poll_tallies(self, conference_id: str) -> list[Tally]:
        """Per poll, choice (or score): how many attendees chose it."""
        rows = await self.session.execute(
            self._poll_voters(conference_id, PollVote.poll_id, PollVote.choice_id, PollVote.score)
        )
        return [Tally._make(row) for row in rows]

    async def poll_voter_counts(self, conference_id: str) -> dict[str, int]:
        """Per poll: how many attendees answered it."""
        rows = await self.session.execute(self._poll_voters(conference_id, PollVote.poll_id))
        return {poll_id: int(count) for poll_id, count in rows}

    async def attendee_count(self, conference_id: str) -> int:
        """How many people entered the room as attendees (virtual participants
        are no people: their visits name a bot)."""
        count = await self.session.scalar(
            select(func.count(func.distinct(Visit.person_id))).where(
                self._of_account(Visit),
                Visit.conference_id == conference_id,
                Visit.role == ATTENDEE,
                Visit.person_id.is_not(None),
            )
        )
        return count or 0

    # Offers

    async def shown_offers(self, conference_id: str) -> list[Offer]:
        """The offers shown in the room at least once (deleted ones included),
        in the order they were made."""
        shown = select(OfferShow.offer_id).where(
            self._of_account(OfferShow), OfferShow.conference_id == conference_id
        )
        rows = await self.session.scalars(
            select(Offer)
            .where(self._of_account(Offer), Offer.id.in_(shown))
            .order_by(Offer.created_at, Offer.id)
        )
        return list(rows)

    async def offer_clicks(self, account: Account, conference_id: str) -> list[OfferClick]:
        """The attendees' clicks on the conference's offers, oldest first."""
        rows = await self.session.scalars(
            select(OfferClick)
            .where(
                self._of_account(OfferClick),
                OfferClick.conference_id == conference_id,
                self._by_attendee(OfferClick, account, conference_id),
            )
            .order_by(OfferClick.at, OfferClick.id)
        )
        return list(rows)

    # The attendance monitor

    async def monitor_activities(
        self, conference_id: str, request: PageRequest
    ) -> tuple[list[Row[Any]], int]:
        """One page of the monitor's activities — each ask shown (ShowPopUp) and
        each answer (ClickPopUp) — in time order, and how many there are."""
        columns = (
            AttentionAsk.id,
            AttentionAsk.person_id,
            AttentionAsk.email,
            AttentionAsk.first_name,
            AttentionAsk.last_name,
        )
        of_conference = (
            self._of_account(AttentionAsk),
            AttentionAsk.conference_id == conference_id,
        )
        activities = union_all(
            select(
                *columns,
                literal(SHOW_POP_UP, String).label("activity_type"),
                AttentionAsk.shown_at.label("at"),
            ).where(*of_conference),
            select(
                *columns,
                literal(CLICK_POP_UP, String).label("activity_type"),
                AttentionAsk.answered_at.label("at"),
            ).where(*of_conference, AttentionAsk.answered_at.is_not(None)),
        ).subquery()
        total = await self.session.scalar(select(func.count()).select_from(activities))
        rows = await self.session.execute(
            select(activities)
            .order_by(activities.c.at, activities.c.activity_type.desc(), activities.c.id)
            .offset(request.offset)
            .limit(request.per_page)
        )
        return list(rows.all()), total or 0

    # Surveys

    async def survey_questions(self, conference_id: str) -> list[SurveyQuestion]:
        rows = await self.session.scalars(
            select(SurveyQuestion)
            .where(self._of_account(SurveyQuestion), SurveyQuestion.conference_id == conference_id)
            .order_by(SurveyQuestion.position, SurveyQuestion.id)
        )
        return list(rows)

    async def survey_answers(
        self, conference_id: str, since: datetime | None
    ) -> list[SurveyAnswer]:
        """The survey's answers (given at ``since`` or later), oldest first."""
        condition = [
            self._of_account(SurveyAnswer),
            SurveyAnswer.conference_id == conference_id,
        ]
        if since is not None:
            condition.append(SurveyAnswer.answered_at >= since)
        rows = await self.session.scalars(
            select(SurveyAnswer)
            .where(*condition)
            .order_by(SurveyAnswer.answered_at, SurveyAnswer.id)
        )
        return list(rows)

    # Handouts

    async def handout_downloads(
        self, account: Account, conference_id: str
    ) -> Sequence[Row[str | None, str, str, str, str, int, datetime]]:
        """Per handout and attendee: how many times they downloaded it, with the
        handout's title, their name and e-mail (as logged: should they differ
        between downloads, after a rename, the greatest is shown), in the order
        of the first download. A deleted handout's logs keep its title only:
        they are told apart by it."""
        handout = (
            HandoutLog.handout_id,
            case((HandoutLog.handout_id.is_(None), HandoutLog.handout_title), else_=literal("")),
        )
        rows = await self.session.execute(
            select(
                HandoutLog.handout_id,
                func.max(HandoutLog.handout_title).label("handout_title"),
                HandoutLog.member_id,
                func.max(HandoutLog.email).label("email"),
                func.max(HandoutLog.name).label("name"),
                func.count().label("downloads"),
                func.min(HandoutLog.at).label("first_at"),
            )
            .where(
                self._of_account(HandoutLog),
                HandoutLog.conference_id == conference_id,
                HandoutLog.action == "download",
                self._by_attendee(HandoutLog, account, conference_id),
            )
            .group_by(*handout, HandoutLog.member_id)
            .order_by(func.min(HandoutLog.at), HandoutLog.handout_id, HandoutLog.member_id)
        )
        return rows.all()
