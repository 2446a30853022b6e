"""Every query on the room: virtual participants, visits and chat messages,
scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, distinct, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.repository import TenantRepository, dialect_insert
from webinarium.models import (
    Bot,
    ChatMessage,
    Conference,
    RoomEvent,
    RoomHolding,
    RoomProcess,
    Visit,
)


class LiveRepository(TenantRepository[Bot]):
    model = Bot

    async def present_bot(self, conference_id: str, bot_id: str, role: str) -> Bot | None:
        return await self.session.scalar(
            self._select().where(
                Bot.conference_id == conference_id,
                Bot.id == bot_id,
                Bot.role == role,
                Bot.removed_at.is_(None),
            )
        )

    async def present_bot_by_email(self, conference_id: str, email: str, role: str) -> Bot | None:
        return await self.session.scalar(
            self._select()
            .where(
                Bot.conference_id == conference_id,
                Bot.email == email,
                Bot.role == role,
                Bot.removed_at.is_(None),
            )
            .limit(1)
        )

    async def bots(self, conference_id: str, *, role: str | None, present_only: bool) -> list[Bot]:
        statement = self._select().where(Bot.conference_id == conference_id)
        if role is not None:
            statement = statement.where(Bot.role == role)
        if present_only:
            statement = statement.where(Bot.removed_at.is_(None))
        rows = await self.session.scalars(statement.order_by(Bot.id))
        return list(rows)

    async def attendee_counts(self, conference_ids: Sequence[str]) -> dict[str, int]:
        """How many people entered each conference's room (virtual attendees
        are not people and do not count), in one query. The account is the
        conferences' (a visit is its conference's), as in
        `ContentRepository.files_of`: the visits come by their conference index."""
        rows = await self.session.execute(
            select(Visit.conference_id, func.count(distinct(Visit.person_id)))
            .join(Conference, Conference.id == Visit.conference_id)
            .where(
                self._of_account(Conference),
                Conference.id.in_(conference_ids),
                Visit.person_id.is_not(None),
            )
            .group_by(Visit.conference_id)
        )
        return dict(rows.all())

    async def visits(
        self, conference_id: str, *, open_only: bool
    ) -> list[tuple[Visit, Bot | None]]:
        statement = (
            select(Visit, Bot)
            .outerjoin(Bot, (Bot.id == Visit.bot_id) & self._of_account())
            .where(self._of_account(Visit), Visit.conference_id == conference_id)
        )
        if open_only:
            statement = statement.where(Visit.left_at.is_(None))
        rows = await self.session.execute(statement.order_by(Visit.entered_at, Visit.id))
        return [(visit, bot) for visit, bot in rows]

    async def close_visits(
        self, conference_id: str, left_at: datetime, *, bot_id: str | None = None
    ) -> None:
        """Ends the open visits of the room (of one virtual participant if ``bot_id``)."""
        statement = update(Visit).where(
            self._of_account(Visit),
            Visit.conference_id == conference_id,
            Visit.left_at.is_(None),
        )
        if bot_id is not None:
            statement = statement.where(Visit.bot_id == bot_id)
        await self.session.execute(
            statement.values(left_at=left_at).execution_options(synchronize_session="fetch")
        )

    async def remove_bots(self, conference_id: str, removed_at: datetime) -> None:
        await self.session.execute(
            update(Bot)
            .where(
                self._of_account(),
                Bot.conference_id == conference_id,
                Bot.removed_at.is_(None),
            )
            .values(removed_at=removed_at)
            .execution_options(synchronize_session="fetch")
        )

    async def messages(self, conference_id: str) -> list[ChatMessage]:
        rows = await self.session.scalars(
            select(ChatMessage)
            .where(
                self._of_account(ChatMessage),
                ChatMessage.conference_id == conference_id,
            )
            .order_by(ChatMessage.created_at, ChatMessage.id)
        )
        return list(rows)

    async def message(self, conference_id: str, message_id: str) -> ChatMessage | None:
        return await self.session.scalar(
            select(ChatMessage).where(
                self._of_account(ChatMessage),
                ChatMessage.conference_id == conference_id,
                ChatMessage.id == message_id,
            )
        )

    async def recent_messages(
        self, conference_id: str, limit: int, member_id: str | None
    ) -> list[ChatMessage]:
        """The latest ``limit`` lines not deleted, oldest first; with ``member_id``,
        only those an attendee of that id may see (public ones and their own
        private ones)."""
        statement = select(ChatMessage).where(
            self._of_account(ChatMessage),
            ChatMessage.conference_id == conference_id,
            ChatMessage.deleted_at.is_(None),
        )
        if member_id is not None:
            statement = statement.where(
                or_(ChatMessage.recipient.is_(None), ChatMessage.member_id == member_id)
            )
        rows = await self.session.scalars(
            statement.order_by(ChatMessage.created_at.desc(), ChatMessage.id.desc()).limit(limit)
        )
        return list(reversed(list(rows)))

    async def open_visit(
        self,
        conference_id: str,
        member_id: str,
        person_id: str | None,
        role: str,
        name: str,
        entered_at: datetime,
        user_agent: str | None = None,
    ) -> bool:
        """Opens the member's stay unless one is open (``uq_visits_open_member``
        decides, so two racing entries open one); whether it opened."""
        opened = await self.session.scalar(
            dialect_insert(self.session, Visit)
            .values(
                account_id=self.account_id,
                conference_id=conference_id,
                member_id=member_id,
                person_id=person_id,
                role=role,
                name=name,
                entered_at=entered_at,
                user_agent=user_agent,
            )
            .on_conflict_do_nothing(
                index_elements=[Visit.conference_id, Visit.member_id],
                index_where=Visit.left_at.is_(None),
            )
            .returning(Visit.id)
        )
        return opened is not None

    async def close_member_visits(
        self, conference_id: str, member_id: str, left_at: datetime
    ) -> bool:
        """Ends the member's open visits; whether there was one."""
        result = await self.session.execute(
            update(Visit)
            .where(
                self._of_account(Visit),
                Visit.conference_id == conference_id,
                Visit.member_id == member_id,
                Visit.left_at.is_(None),
            )
            .values(left_at=left_at)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def lock_open_visit(self, conference_id: str, member_id: str) -> bool:
        """Locks the member's open visit until the transaction ends (PostgreSQL;
        SQLite's writer runs one transaction at a time); whether one is open.
        Entering and leaving both lock it, so they happen one after the other."""
        found = await self.session.scalar(
            select(Visit.id)
            .where(
                self._of_account(Visit),
                Visit.conference_id == conference_id,
                Visit.member_id == member_id,
                Visit.left_at.is_(None),
            )
            .with_for_update()
        )
        return found is not None

    async def hold(self, process_id: str, conference_id: str, member_id: str) -> None:
        """Process ``process_id`` holds a socket of the member (once however many)."""
        await self.session.execute(
            dialect_insert(self.session, RoomHolding)
            .values(
                process_id=process_id,
                conference_id=conference_id,
                member_id=member_id,
                account_id=self.account_id,
            )
            .on_conflict_do_nothing()
        )

    async def let_go(self, process_id: str, conference_id: str, member_id: str) -> None:
        await self.session.execute(
            delete(RoomHolding).where(
                self._of_account(RoomHolding),
                RoomHolding.process_id == process_id,
                RoomHolding.conference_id == conference_id,
                RoomHolding.member_id == member_id,
            )
        )

    async def held(self, conference_id: str, member_id: str, now: datetime) -> bool:
        """Whether a live process holds a socket of the member."""
        found = await self.session.scalar(
            select(
                exists().where(
                    self._of_account(RoomHolding),
                    RoomHolding.conference_id == conference_id,
                    RoomHolding.member_id == member_id,
                    RoomProcess.id == RoomHolding.process_id,
                    RoomProcess.holds_until >= now,
                )
            )
        )
        return bool(found)

    async def presence(self, conference_id: str) -> tuple[int, datetime | None]:
        """People in the room now (open visits; virtual participants are not
        people) and when one last left (the scheduler's empty room)."""
        present, last_left_at = (
            await self.session.execute(
                select(
                    func.count(Visit.id).filter(Visit.left_at.is_(None)), func.max(Visit.left_at)
                ).where(
                    self._of_account(Visit),
                    Visit.conference_id == conference_id,
                    Visit.bot_id.is_(None),
                )
            )
        ).one()
        return int(present or 0), last_left_at

    async def open_visit_count(self, conference_id: str) -> int:
        count = await self.session.scalar(
            select(func.count()).where(
                self._of_account(Visit),
                Visit.conference_id == conference_id,
                Visit.left_at.is_(None),
            )
        )
        return int(count or 0)


class ProcessRepository:
    """The processes serving rooms (`RoomProcess`): rows of no account. The
    sweep's query looks at every account's visits to find whom no live process
    holds; what it finds is changed through `live.service`, account by account."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def register(self, process_id: str, started_at: datetime, holds_until: datetime) -> None:
        await self.session.execute(
            dialect_insert(self.session, RoomProcess)
            .values(id=process_id, started_at=started_at, holds_until=holds_until)
            .on_conflict_do_update(
                index_elements=[RoomProcess.id], set_={"holds_until": holds_until}
            )
        )

    async def beat(self, process_id: str, holds_until: datetime) -> bool:
        """Moves the process's ``holds_until`` on; False when its row is gone."""
        result = await self.session.execute(
            update(RoomProcess)
            .where(RoomProcess.id == process_id)
            .values(holds_until=holds_until)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def unheld_visits(self, now: datetime) -> list[Visit]:
        """Open visits made through the socket that no live process holds."""
        live_holding = (
            select(RoomHolding.process_id)
            .join(RoomProcess, RoomProcess.id == RoomHolding.process_id)
            .where(
                RoomHolding.conference_id == Visit.conference_id,
                RoomHolding.member_id == Visit.member_id,
                RoomProcess.holds_until >= now,
            )
            .exists()
        )
        rows = await self.session.scalars(
            select(Visit)
            .where(Visit.left_at.is_(None), Visit.member_id.is_not(None), ~live_holding)
            .order_by(Visit.entered_at, Visit.id)
        )
        return list(rows)

    async def forget_gone(self, now: datetime) -> None:
        """Processes whose holdings have stopped counting, and those holdings."""
        live = select(RoomProcess.id).where(RoomProcess.holds_until >= now)
        await self.session.execute(
            delete(RoomHolding)
            .where(RoomHolding.process_id.not_in(live))
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            delete(RoomProcess)
            .where(RoomProcess.holds_until < now)
            .execution_options(synchronize_session=False)
        )


class RoomEventRepository(TenantRepository[RoomEvent]):
    model = RoomEvent

    async def last_seq(self, conference_id: str) -> int:
        last = await self.session.scalar(
            select(func.max(RoomEvent.seq)).where(
                self._of_account(), RoomEvent.conference_id == conference_id
            )
        )
        return int(last or 0)

    async def latest(self, conference_id: str, event: str) -> RoomEvent | None:
        """The room's latest event ``event``."""
        return await self.session.scalar(
            self._select()
            .where(RoomEvent.conference_id == conference_id, RoomEvent.event == event)
            .order_by(RoomEvent.seq.desc())
            .limit(1)
        )

    async def after(
        self, conference_id: str, seq: int, *, limit: int | None, member_id: str | None = None
    ) -> list[RoomEvent]:
        """Events after ``seq``; with ``member_id``, only those an attendee of that
        id may see (journal.visible_to, in SQL)."""
        statement = self._select().where(
            RoomEvent.conference_id == conference_id, RoomEvent.seq > seq
        )
        if member_id is not None:
            statement = statement.where(
                or_(
                    RoomEvent.audience.in_(("everyone", "attendees")),
                    (RoomEvent.audience == "staff+member") & (RoomEvent.member_id == member_id),
                )
            )
        rows = await self.session.scalars(statement.order_by(RoomEvent.seq).limit(limit))
        return list(rows)
