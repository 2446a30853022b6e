"""The outbox: ``emit`` writes an event in the caller's transaction.

The row is stored exactly when the change is and rolled back with it; after a
commit that wrote events, ``doorbell`` rings so the worker of this process
wakes at once instead of polling (`webinarium.worker`).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.events.errors import EventsExpired
from webinarium.events.repository import EventRepository
from webinarium.events.types import Event
from webinarium.kit.after_commit import after_commit
from webinarium.kit.signals import LoopSignal
from webinarium.models import Account, OutboxEvent

# Rung after a commit that wrote events or jobs: the worker of this process
# wakes at once (workers in other processes poll the tables).
doorbell: LoopSignal[None] = LoopSignal()


def ring_doorbell() -> None:
    doorbell.send(None)


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
    after_commit(session, ring_doorbell)
    return row


async def events_after(
    session: AsyncSession, account: Account, sequence: int = 0, limit: int = 100
) -> list[OutboxEvent]:
    """The account's events numbered above ``sequence``, oldest first, without
    a gap: the page ends before the first number no longer kept (retention
    deletes old events), and `EventsExpired` says so when that number is the
    first asked for. From 0, the feed starts at the oldest event kept.

    Numbers have no gaps of their own (`kit.counters`: given in commit order,
    rolled back with their transaction), so a missing one was deleted."""
    repository = EventRepository(session, account.id)
    # Read first: every event numbered up to it was committed before it, so
    # the page below shows it unless it was deleted.
    last = await repository.last_sequence()
    rows = await repository.after(sequence, limit)
    expected = rows[0].sequence if sequence == 0 and rows else sequence + 1
    for kept, row in enumerate(rows):
        if row.sequence != expected:
            if kept == 0:
                raise EventsExpired(sequence, row.sequence - 1)
            return rows[:kept]
        expected += 1
    if not rows and sequence < last and sequence != 0:
        raise EventsExpired(sequence, last)
    return rows
