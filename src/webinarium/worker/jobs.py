"""Jobs: ``enqueue`` in the caller's transaction; what a handler answers.

A handler (`JobHandler`) is given the job's ``ref_id`` and runs with no
transaction open: it opens its own units on ``context.database``, and answers
`Done`, `RetryAt` (the job is due again then) or `GiveUp`. The handler keeps
what happened (a delivery's attempts, a mail's state) on its own rows; the job
only says what is left to do. A handler that raises is retried like
``RetryAt(now + RETRY_AFTER_CRASH)``, its error kept as ``last_error``.

Delivery is at least once: a worker that dies between the outside world's
answer and the record of it leaves the job to be run again after its lease.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.events.outbox import ring_doorbell
from webinarium.kit.after_commit import after_commit
from webinarium.kit.clock import Clock
from webinarium.kit.db import Database
from webinarium.models import Job
from webinarium.ops.metrics import Metrics
from webinarium.settings import Settings

RETRY_AFTER_CRASH = timedelta(minutes=1)


@dataclass(frozen=True)
class Done:
    pass


@dataclass(frozen=True)
class RetryAt:
    when: datetime
    reason: str = ""


@dataclass(frozen=True)
class GiveUp:
    reason: str = ""


Outcome = Done | RetryAt | GiveUp


@dataclass(frozen=True)
class WorkerContext:
    database: Database
    settings: Settings
    clock: Clock
    # What the handlers count (webhook deliveries, mails) for /metrics.
    metrics: Metrics


@dataclass(frozen=True)
class JobContext(WorkerContext):
    # 1 for the first attempt.
    attempt: int


JobHandler = Callable[[JobContext, str], Awaitable[Outcome]]


def enqueue(
    session: AsyncSession,
    kind: str,
    *,
    account_id: str,
    ref_id: str,
    due_at: datetime | None = None,
) -> Job:
    """Asks the worker to run handler ``kind`` on row ``ref_id`` once the
    session commits (at ``due_at`` if given, else at once)."""
    job = Job(account_id=account_id, kind=kind, ref_id=ref_id)
    if due_at is not None:
        job.due_at = due_at
    session.add(job)
    after_commit(session, ring_doorbell)
    return job
