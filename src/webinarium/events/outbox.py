"""The outbox: ``emit`` writes an event in the caller's transaction.

The row is stored exactly when the change is and rolled back with it; after a
commit that wrote events, ``doorbell`` rings so a worker waiting in this process
wakes at once instead of polling (workers elsewhere poll the table).
"""

from __future__ import annotations

import asyncio
import threading

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.events.repository import EventRepository
from webinarium.events.types import Event
from webinarium.kit.after_commit import after_commit
from webinarium.models import Account, OutboxEvent


class Doorbell:
    """Wakes whoever waits, on any event loop of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    def ring(self) -> None:
        with self._lock:
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            loop.call_soon_threadsafe(_resolve, future)

    async def wait(self) -> None:
        """Returns once rung; bound it with ``asyncio.timeout`` to poll as well."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            self._waiters.append((loop, future))
        try:
            await future
        finally:
            with self._lock:
                if (loop, future) in self._waiters:
                    self._waiters.remove((loop, future))


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


doorbell = Doorbell()


async def emit(session: AsyncSession, event: Event) -> OutboxEvent:
    """Writes ``event`` to the outbox in the session's transaction, with the
    account's next sequence number."""
    repository = EventRepository(session, event.account_id)
    row = OutboxEvent(
        account_id=event.account_id,
        sequence=await repository.next_sequence(),
        type=event.type,
        payload=event.payload(),
    )
    repository.add(row)
    after_commit(session, doorbell.ring)
    return row


async def events_after(
    session: AsyncSession, account: Account, sequence: int = 0, limit: int = 100
) -> list[OutboxEvent]:
    """The account's events numbered above ``sequence``, oldest first."""
    return await EventRepository(session, account.id).after(sequence, limit)
