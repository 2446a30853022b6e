"""The queries of the attendance reports. Every statement is built from the
account (`TenantRepository`); a page's related rows come in one query per kind,
whatever the number of people on the page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository
from webinarium.live.service import ATTENDEE
from webinarium.models import (
    AttentionAsk,
    ChatMessage,
    CustomField,
    HandoutLog,
    Person,
    Poll,
    PollChoice,
    PollVote,
    Question,
    Registration,
    RoomBan,
    Visit,
)

ENTER = "enter"
EXIT = "exit"


class PersonName(NamedTuple):
    """Who a report row is about: columns, not a `Person` (a webinar's
    attendees run to ten thousand)."""

    id: str
    email: str
    first_name: str
    last_name: str


_NAME_COLUMNS = (Person.id, Person.email, Person.first_name, Person.last_name)


class AttendanceRepository(TenantRepository[Visit]):
    model = Visit

    def _attendee_stays(self, conference_id: str) -> ColumnElement[bool]:
        """Stays of people who came in as attendees (or, made through an API,
        with no room role): not the staff's, not a virtual participant's (they
        name no person)."""
        return (
            self._of_account()
            & (Visit.conference_id == conference_id)
            & Visit.person_id.is_not(None)
            & (Visit.role.is_(None) | (Visit.role == ATTENDEE))
        )

    async def attendee_page(
        self, conference_id: str, request: PageRequest
    ) -> tuple[list[str], int]:
        """The person ids of a page of attendees, in the order they first
        entered, and how many attendees there are."""
        condition = self._attendee_stays(conference_id)
        total = await self.attendee_count(conference_id)
        first_entered = func.min(Visit.entered_at)
        rows = await self.session.execute(
            select(Visit.person_id, first_entered)
            .where(condition)
            .group_by(Visit.person_id)
            .order_by(first_entered, Visit.person_id)
            .offset(request.offset)
            .limit(request.per_page)
        )
        return [person_id for person_id, _ in rows if person_id is not None], total

    async def attendee_count(self, conference_id: str) -> int:
        count = await self.session.scalar(
            select(func.count(func.distinct(Visit.person_id))).where(
                self._attendee_stays(conference_id)
            )
        )
        return int(count or 0)

    async def attendee_ids(self, conference_id: str) -> set[str]:
        rows = await self.session.scalars(
            select(Visit.person_id).where(self._attendee_stays(conference_id)).distinct()
        )
        return {person_id for person_id in rows if person_id is not None}

    def _attended(self, conference_id: str) -> ColumnElement[bool]:
        # IN (an uncorrelated list) rather than a correlated EXISTS: PostgreSQL
        # hashes the list once, where a misjudged EXISTS (tables just filled,
        # not yet analysed) ran a scan of the stays per registrant.
        return Registration.person_id.in_(
            select(Visit.person_id).where(self._attendee_stays(conference_id))
        )

    async def registrant_page(
        self, conference_id: str, request: PageRequest, *, attended: bool | None
    ) -> tuple[list[tuple[Registration, Person]], int]:
        """A page of the conference's registrants in force (in the order they
        registered), only those who attended (``attended``), or who did not."""
        statement = (
            select(Registration, Person)
            .join(Person, Person.id == Registration.person_id)
            .where(
                self._of_account(Registration, Person),
                Registration.conference_id == conference_id,
                Registration.revoked_at.is_(None),
            )
            .order_by(Registration.registered_at, Registration.id)
        )
        if attended is not None:
            attended_clause = self._attended(conference_id)
            statement = statement.where(attended_clause if attended else ~attended_clause)
        rows, total = await self.paginate_rows(statement, request)
        return [(registration, person) for registration, person in rows], total

    async def registrant_count(self, conference_id: str) -> int:
        count = await self.session.scalar(
            select(func.count()).where(
                self._of_account(Registration),
                Registration.conference_id == conference_id,
                Registration.revoked_at.is_(None),
            )
        )
        return int(count or 0)

    async def attended_registrant_count(self, conference_id: str) -> int:
        """How many registrations in force are of people who attended."""
        count = await self.session.scalar(
            select(func.count()).where(
                self._of_account(Registration),
                Registration.conference_id == conference_id,
                Registration.revoked_at.is_(None),
                self._attended(conference_id),
            )
        )
        return int(count or 0)

    async def people(
        self, conference_id: str, person_ids: Sequence[str]
    ) -> list[tuple[Person, Registration | None]]:
        rows = await self.session.execute(
            select(Person, Registration)
            .outerjoin(
                Registration,
                (Registration.person_id == Person.id)
                & (Registration.conference_id == conference_id)
                & self._of_account(Registration),
            )
            .where(self._of_account(Person), Person.id.in_(person_ids))
        )
        return [(person, registration) for person, registration in rows]

    async def stays(self, conference_id: str, person_ids: Sequence[str]) -> list[Visit]:
        rows = await self.session.scalars(
            select(Visit)
            .where(self._attendee_stays(conference_id), Visit.person_id.in_(person_ids))
            .order_by(Visit.entered_at, Visit.id)
        )
        return list(rows)

    async def stay_times(self, conference_id: str) -> list[tuple[str, datetime, datetime | None]]:
        """(person, entered, left) of every attendee stay: what the event
        summary adds up (three columns a stay, no objects)."""
        rows = await self.session.execute(
            select(Visit.person_id, Visit.entered_at, Visit.left_at).where(
                self._attendee_stays(conference_id)
            )
        )
        return [(person_id, entered, left) for person_id, entered, left in rows if person_id]

    async def chat_times(
        self, conference_id: str, person_ids: Sequence[str]
    ) -> list[tuple[str, datetime]]:
        rows = await self.session.execute(
            select(ChatMessage.person_id, ChatMessage.created_at).where(
                self._of_account(ChatMessage),
                ChatMessage.conference_id == conference_id,
                ChatMessage.person_id.in_(person_ids),
            )
        )
        return [(person_id, at) for person_id, at in rows if person_id is not None]

    async def questions(self, conference_id: str, person_ids: Sequence[str]) -> list[Question]:
        rows = await self.session.scalars(
            select(Question)
            .where(
                self._of_account(Question),
                Question.conference_id == conference_id,
                Question.person_id.in_(person_ids),
            )
            .order_by(Question.created_at, Question.id)
        )
        return list(rows)

    async def votes(
        self, conference_id: str, person_ids: Sequence[str]
    ) -> list[tuple[PollVote, Poll, PollChoice | None]]:
        rows = await self.session.execute(
            select(PollVote, Poll, PollChoice)
            .join(Poll, Poll.id == PollVote.poll_id)
            .outerjoin(PollChoice, PollChoice.id == PollVote.choice_id)
            .where(
                self._of_account(PollVote, Poll),
                Poll.conference_id == conference_id,
                PollVote.person_id.in_(person_ids),
            )
            .order_by(PollVote.created_at, PollChoice.position, PollVote.id)
        )
        return [(vote, poll, choice) for vote, poll, choice in rows]

    async def handout_logs(self, conference_id: str, person_ids: Sequence[str]) -> list[HandoutLog]:
        rows = await self.session.scalars(
            select(HandoutLog)
            .where(
                self._of_account(HandoutLog),
                HandoutLog.conference_id == conference_id,
                HandoutLog.person_id.in_(person_ids),
            )
            .order_by(HandoutLog.at, HandoutLog.id)
        )
        return list(rows)

    async def asks(self, conference_id: str, person_ids: Sequence[str]) -> list[AttentionAsk]:
        rows = await self.session.scalars(
            select(AttentionAsk).where(
                self._of_account(AttentionAsk),
                AttentionAsk.conference_id == conference_id,
                AttentionAsk.person_id.in_(person_ids),
            )
        )
        return list(rows)

    async def banned(self, conference_id: str, person_ids: Sequence[str]) -> set[str]:
        rows = await self.session.scalars(
            select(RoomBan.person_id).where(
                self._of_account(RoomBan),
                RoomBan.conference_id == conference_id,
                RoomBan.person_id.in_(person_ids),
                RoomBan.lifted_at.is_(None),
            )
        )
        return set(rows)

    async def custom_fields(self, conference_id: str) -> list[CustomField]:
        rows = await self.session.scalars(
            select(CustomField)
            .where(self._of_account(CustomField), CustomField.conference_id == conference_id)
            .order_by(CustomField.position)
        )
        return list(rows)

    async def enter_exit_page(
        self, conference_id: str, request: PageRequest
    ) -> tuple[list[tuple[str, datetime, Person]], int]:
        """A page of the attendees' entries and exits (one each per stay, no
        exit while a stay lasts), in time order: (enter|exit, time, person)."""
        condition = self._attendee_stays(conference_id)
        moves = union_all(
            select(
                Visit.id.label("visit_id"),
                Visit.person_id.label("person_id"),
                literal(ENTER).label("kind"),
                Visit.entered_at.label("at"),
            ).where(condition),
            select(
                Visit.id.label("visit_id"),
                Visit.person_id.label("person_id"),
                literal(EXIT).label("kind"),
                Visit.left_at.label("at"),
            ).where(condition, Visit.left_at.is_not(None)),
        ).subquery()
        total = await self.session.scalar(select(func.count()).select_from(moves))
        rows = await self.session.execute(
            select(moves.c.kind, moves.c.at, Person)
            .join(Person, Person.id == moves.c.person_id)
            .where(self._of_account(Person))
            # An exit sorts after the entry of its own stay at the same instant.
            .order_by(moves.c.at, moves.c.visit_id, moves.c.kind)
            .offset(request.offset)
            .limit(request.per_page)
        )
        return [(kind, at, person) for kind, at, person in rows], int(total or 0)

    async def stays_in_order(
        self, conference_id: str, limit: int | None = None
    ) -> list[tuple[PersonName, datetime, datetime | None]]:
        """Every attendee stay (the first ``limit``) with its person, in the
        order they entered: (person, entered, left)."""
        statement = (
            select(*_NAME_COLUMNS, Visit.entered_at, Visit.left_at)
            .join(Person, Person.id == Visit.person_id)
            .where(self._attendee_stays(conference_id), self._of_account(Person))
            .order_by(Visit.entered_at, Visit.id)
        )
        if limit is not None:
            statement = statement.limit(limit)
        rows = await self.session.execute(statement)
        return [(PersonName._make(row[:4]), row[4], row[5]) for row in rows]

    async def attendee_names(self, conference_id: str) -> list[PersonName]:
        """Every person who stayed in the room as an attendee."""
        rows = await self.session.execute(
            select(*_NAME_COLUMNS).where(
                self._of_account(Person),
                Person.id.in_(select(Visit.person_id).where(self._attendee_stays(conference_id))),
            )
        )
        return [PersonName._make(row) for row in rows]

    async def chat_counts(self, conference_id: str) -> dict[str, int]:
        """How many chat lines each person wrote (as ``chat_times`` counts them)."""
        rows = await self.session.execute(
            select(ChatMessage.person_id, func.count())
            .where(
                self._of_account(ChatMessage),
                ChatMessage.conference_id == conference_id,
                ChatMessage.person_id.is_not(None),
            )
            .group_by(ChatMessage.person_id)
        )
        return {person_id: int(count) for person_id, count in rows if person_id is not None}

    async def question_counts(self, conference_id: str) -> dict[str, int]:
        """How many questions each person asked (as ``questions`` lists them)."""
        rows = await self.session.execute(
            select(Question.person_id, func.count())
            .where(
                self._of_account(Question),
                Question.conference_id == conference_id,
                Question.person_id.is_not(None),
            )
            .group_by(Question.person_id)
        )
        return {person_id: int(count) for person_id, count in rows if person_id is not None}

    async def polls_answered_counts(self, conference_id: str) -> dict[str, int]:
        """How many of the conference's polls each person answered (a multiple
        choice, several votes, is one poll answered)."""
        rows = await self.session.execute(
            select(PollVote.person_id, func.count(func.distinct(PollVote.poll_id)))
            .join(Poll, Poll.id == PollVote.poll_id)
            .where(
                self._of_account(PollVote, Poll),
                Poll.conference_id == conference_id,
                PollVote.person_id.is_not(None),
            )
            .group_by(PollVote.person_id)
        )
        return {person_id: int(count) for person_id, count in rows if person_id is not None}
