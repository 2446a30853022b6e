"""Every query on the outbox and the accounts' event counters."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.counters import EVENTS, last_number, take_numbers
from webinarium.models import OutboxEvent


class EventRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def next_sequence(self) -> int:
        return await take_numbers(self.session, self.account_id, EVENTS)

    async def last_sequence(self) -> int:
        """The number of the account's latest event (0 for none)."""
        return await last_number(self.session, self.account_id, EVENTS)

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
