"""The worker's queries: outbox events not yet handed over, jobs due. They are
the server's own work across every account (each row carries its account,
which the handlers keep to)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.repository import dialect_insert
from webinarium.models import Job, OutboxEvent, WorkerHeartbeat


@dataclass(frozen=True)
class TakenJob:
    id: str
    kind: str
    ref_id: str
    attempts: int


def _free(now: datetime) -> ColumnElement[bool]:
    return or_(Job.leased_until.is_(None), Job.leased_until < now)


async def events_to_dispatch(
    session: AsyncSession, limit: int, skip: Collection[str] = ()
) -> Sequence[OutboxEvent]:
    """The oldest events not yet handed over (but those in ``skip``), locked: on
    PostgreSQL another worker skips them (and takes the next ones) until this
    transaction ends."""
    rows = await session.scalars(
        select(OutboxEvent)
        .where(OutboxEvent.dispatched_at.is_(None), OutboxEvent.id.not_in(skip))
        .order_by(OutboxEvent.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return rows.all()


async def take_jobs(
    session: AsyncSession,
    now: datetime,
    until: datetime,
    worker: str,
    kinds: Collection[str],
    limit: int,
) -> list[TakenJob]:
    """Leases up to ``limit`` due jobs of ``kinds`` that no live worker holds, to
    ``worker`` until ``until``. Rows another worker is taking are skipped
    (PostgreSQL); the update's own condition keeps a job from being taken twice
    anywhere. Kinds a worker does not know (a newer release's, during an
    upgrade) are left to the workers that do."""
    candidates = (
        await session.scalars(
            select(Job.id)
            .where(Job.due_at <= now, Job.kind.in_(kinds), _free(now))
            .order_by(Job.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    if not candidates:
        return []
    taken = await session.execute(
        update(Job)
        .where(Job.id.in_(candidates), _free(now))
        .values(leased_until=until, leased_by=worker, attempts=Job.attempts + 1)
        .returning(Job.id, Job.kind, Job.ref_id, Job.attempts)
        .execution_options(synchronize_session=False)
    )
    return [TakenJob(*row) for row in taken]


async def finish_job(session: AsyncSession, job_id: str, worker: str) -> None:
    """Deletes the job, unless its lease passed to another worker meanwhile."""
    await session.execute(delete(Job).where(Job.id == job_id, Job.leased_by == worker))


async def retry_job(
    session: AsyncSession, job_id: str, worker: str, when: datetime, error: str
) -> None:
    await session.execute(
        update(Job)
        .where(Job.id == job_id, Job.leased_by == worker)
        .values(due_at=when, leased_until=None, leased_by=None, last_error=error[:2000] or None)
        .execution_options(synchronize_session=False)
    )


async def next_due(session: AsyncSession) -> datetime | None:
    """When a job is next due: its ``due_at``, or for a leased one the end of
    its lease (when it is taken again if its worker died)."""
    return await session.scalar(select(func.min(func.coalesce(Job.leased_until, Job.due_at))))


# A heartbeat row older than this is a worker that died without a word: deleted
# by the next worker's beat, so the table holds the workers of about a day.
FORGOTTEN_AFTER = timedelta(days=1)


async def beat(session: AsyncSession, worker: str, started_at: datetime, now: datetime) -> None:
    """Worker ``worker`` is alive at ``now``."""
    await session.execute(
        dialect_insert(session, WorkerHeartbeat)
        .values(worker=worker, started_at=started_at, beat_at=now)
        .on_conflict_do_update(index_elements=[WorkerHeartbeat.worker], set_={"beat_at": now})
    )
    await session.execute(
        delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - FORGOTTEN_AFTER)
    )


async def stopped(session: AsyncSession, worker: str) -> None:
    await session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.worker == worker))


async def last_beat(session: AsyncSession) -> datetime | None:
    """When a worker last said it was alive, if any has."""
    return await session.scalar(select(func.max(WorkerHeartbeat.beat_at)))


@dataclass(frozen=True)
class Waiting:
    count: int
    oldest: datetime | None


async def events_waiting(session: AsyncSession) -> Waiting:
    """Events not yet handed over, and when the oldest occurred (the
    dispatched_at index finds them)."""
    count, oldest = (
        await session.execute(
            select(func.count(), func.min(OutboxEvent.occurred_at)).where(
                OutboxEvent.dispatched_at.is_(None)
            )
        )
    ).one()
    return Waiting(count, oldest)


async def jobs_due(session: AsyncSession, now: datetime) -> Waiting:
    """Jobs due by ``now`` (running ones included), and the earliest due moment."""
    count, oldest = (
        await session.execute(select(func.count(), func.min(Job.due_at)).where(Job.due_at <= now))
    ).one()
    return Waiting(count, oldest)
