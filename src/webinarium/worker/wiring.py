"""What the worker runs, in one place: the handler of each kind of job, and
the reactions to domain events.

A reaction is given every event the outbox hands over, in the transaction that
marks it handed over, and picks the ones it cares about; it only writes rows
(deliveries, mails, their jobs), never talks to the outside world.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import OutboxEvent
from webinarium.webhooks import deliveries, sending
from webinarium.worker.jobs import JobHandler, WorkerContext

Reaction = Callable[[AsyncSession, OutboxEvent, WorkerContext], Awaitable[None]]

HANDLERS: dict[str, JobHandler] = {
    deliveries.DELIVER: sending.deliver,
}

REACTIONS: tuple[Reaction, ...] = (
    # A delivery per endpoint listening (Webinarium's own webhooks).
    deliveries.deliver_event,
)
