"""Every query of the attendance monitor, scoped to the caller's account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from webinarium.conferences.schemas import ConferenceStatus
from webinarium.kit.ids import new_id
from webinarium.kit.repository import TenantRepository, dialect_insert
from webinarium.models import (
    AttentionAsk,
    AttentionCheck,
    ConferenceStatusChange,
    Person,
    Visit,
)


class AttentionRepository(TenantRepository[AttentionCheck]):
    model = AttentionCheck

    async def latest(self, conference_id: str) -> AttentionCheck | None:
        return await self.session.scalar(
            self._select()
            .where(AttentionCheck.conference_id == conference_id)
            .order_by(AttentionCheck.round.desc())
            .limit(1)
        )

    async def expired_open(self, conference_id: str, now: datetime) -> list[AttentionCheck]:
        """Checks past their answer time whose misses are not stored yet."""
        rows = await self.session.scalars(
            self._select().where(
                AttentionCheck.conference_id == conference_id,
                AttentionCheck.closed_at.is_(None),
                AttentionCheck.expires_at <= now,
            )
        )
        return list(rows)

    async def went_live_at(self, conference_id: str) -> datetime | None:
        """When the conference was last marked live, if it was."""
        return await self.session.scalar(
            select(ConferenceStatusChange.changed_at)
            .where(
                self._of_account(ConferenceStatusChange),
                ConferenceStatusChange.conference_id == conference_id,
                ConferenceStatusChange.to_status == ConferenceStatus.LIVE,
            )
            .order_by(ConferenceStatusChange.changed_at.desc())
            .limit(1)
        )

    async def insert_round(
        self, conference_id: str, round_: int, asked_at: datetime, expires_at: datetime
    ) -> str | None:
        """The new check's id; None when another process made this round first."""
        check_id = new_id()
        statement = (
            dialect_insert(self.session, AttentionCheck)
            .values(
                id=check_id,
                account_id=self.account_id,
                conference_id=conference_id,
                round=round_,
                asked_at=asked_at,
                expires_at=expires_at,
            )
            .on_conflict_do_nothing(
                index_elements=[AttentionCheck.conference_id, AttentionCheck.round]
            )
            .returning(AttentionCheck.id)
        )
        made: str | None = (await self.session.execute(statement)).scalar_one_or_none()
        return made

    async def present_attendees(self, conference_id: str) -> list[tuple[Visit, Person]]:
        """The attendees in the room now (open visits through the socket), with
        their people: no staff, no virtual participants."""
        rows = await self.session.execute(
            select(Visit, Person)
            .join(Person, Person.id == Visit.person_id)
            .where(
                self._of_account(Visit, Person),
                Visit.conference_id == conference_id,
                Visit.left_at.is_(None),
                Visit.role == "attendee",
                Visit.bot_id.is_(None),
            )
            .order_by(Visit.entered_at, Visit.id)
        )
        return [(visit, person) for visit, person in rows]

    async def ask_of(self, check_id: str, person_id: str) -> AttentionAsk | None:
        return await self.session.scalar(
            select(AttentionAsk).where(
                self._of_account(AttentionAsk),
                AttentionAsk.check_id == check_id,
                AttentionAsk.person_id == person_id,
            )
        )

    async def open_ask(
        self, conference_id: str, person_id: str, now: datetime
    ) -> tuple[AttentionAsk, AttentionCheck] | None:
        """The check this person was asked and may still answer, if any."""
        row = (
            await self.session.execute(
                select(AttentionAsk, AttentionCheck)
                .join(AttentionCheck, AttentionCheck.id == AttentionAsk.check_id)
                .where(
                    self._of_account(AttentionAsk, AttentionCheck),
                    AttentionAsk.conference_id == conference_id,
                    AttentionAsk.person_id == person_id,
                    AttentionAsk.state == "asked",
                    AttentionCheck.expires_at > now,
                )
                .order_by(AttentionCheck.round.desc())
                .limit(1)
            )
        ).first()
        return None if row is None else (row[0], row[1])

    async def mark_missed(self, check: AttentionCheck, now: datetime) -> None:
        """Stores the misses of an expired check, once."""
        await self.session.execute(
            update(AttentionAsk)
            .where(
                self._of_account(AttentionAsk),
                AttentionAsk.check_id == check.id,
                AttentionAsk.state == "asked",
            )
            .values(state="missed")
        )
        check.closed_at = now
        await self.session.flush()

    async def asks(self, conference_id: str) -> list[tuple[AttentionAsk, AttentionCheck]]:
        """Every attendee asked in the conference, oldest first."""
        rows = await self.session.execute(
            select(AttentionAsk, AttentionCheck)
            .join(AttentionCheck, AttentionCheck.id == AttentionAsk.check_id)
            .where(
                self._of_account(AttentionAsk, AttentionCheck),
                AttentionAsk.conference_id == conference_id,
            )
            .order_by(AttentionCheck.round, AttentionAsk.shown_at, AttentionAsk.id)
        )
        return [(ask, check) for ask, check in rows]
