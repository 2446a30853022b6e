"""Every query on the outbox and the accounts' event counters."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import EventCounter, OutboxEvent


class EventRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def next_sequence(self) -> int:
        """One statement, race-free on both databases: the counter row is made on
        the account's first event and incremented (and locked until the
        transaction ends) after."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(EventCounter)
            .values(account_id=self.account_id, last_sequence=1)
            .on_conflict_do_update(
                index_elements=[EventCounter.account_id],
                set_={"last_sequence": EventCounter.last_sequence + 1},
            )
            .returning(EventCounter.last_sequence)
        )
        sequence: int = (await self.session.execute(statement)).scalar_one()
        return sequence

    def add(self, event: OutboxEvent) -> None:
        # Flushed with the rest of the transaction: one statement fewer per change.
        self.session.add(event)

    async def after(self, sequence: int, limit: int) -> list[OutboxEvent]:
        """The account's events numbered above ``sequence``, in order."""
        rows = await self.session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.account_id == self.account_id, OutboxEvent.sequence > sequence)
            .order_by(OutboxEvent.sequence)
            .limit(limit)
        )
        return list(rows)
