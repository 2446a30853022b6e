"""The worker's core (webinarium/worker): jobs run after their commit, at their
time on the worker's clock, once per lease; events go to the reactions once,
in order. Run against a database of its own (the suite's server runs no worker)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant
from webinarium.events.outbox import emit
from webinarium.events.types import ConferenceUpdated
from webinarium.kit.clock import MovableClock
from webinarium.kit.db import Database
from webinarium.models import Job, OutboxEvent
from webinarium.settings import Settings
from webinarium.worker import repository
from webinarium.worker.jobs import (
    Done,
    JobContext,
    JobHandler,
    Outcome,
    RetryAt,
    WorkerContext,
    enqueue,
)
from webinarium.worker.runner import Worker

WAIT = 20.0


@pytest.fixture
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings)


async def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the worker did not get there in time"
        await asyncio.sleep(0.02)


async def until_stored(condition: Callable[[], Awaitable[bool]]) -> None:
    """Waits for what the worker commits after a handler or reaction ran: a
    worker closed before that commit would leave the work to be done again."""
    deadline = time.monotonic() + WAIT
    while not await condition():
        assert time.monotonic() < deadline, "the worker did not commit in time"
        await asyncio.sleep(0.02)


async def undispatched(database: Database, account_id: str) -> int:
    async with database.read() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.account_id == account_id, OutboxEvent.dispatched_at.is_(None))
        )
        return count or 0


async def jobs_left(database: Database, account_id: str) -> list[Job]:
    async with database.read() as session:
        return list(await session.scalars(select(Job).where(Job.account_id == account_id)))


def test_a_job_runs_after_its_commit_and_is_then_gone(
    own_settings: Settings, tenant: Tenant
) -> None:
    ran: list[tuple[str, int]] = []

    async def echo(context: JobContext, ref_id: str) -> Outcome:
        ran.append((ref_id, context.attempt))
        return Done()

    async def scenario() -> None:
        async with Database(own_settings.database_url_async) as database:
            worker = Worker(database, own_settings, MovableClock(), handlers={"test.echo": echo})
            await worker.start()
            try:
                async with database.transaction() as session:
                    enqueue(session, "test.echo", account_id=tenant.account_id, ref_id="first")
                    await session.flush()
                    assert ran == []  # not before the commit
                await until(lambda: len(ran) == 1)
                await until_stored(lambda: _jobs_are(database, tenant.account_id, 0))
            finally:
                await worker.close()

    asyncio.run(scenario())
    assert ran == [("first", 1)]


def test_a_retry_waits_for_its_time_on_the_clock(own_settings: Settings, tenant: Tenant) -> None:
    clock = MovableClock()
    ran: list[int] = []

    async def flaky(context: JobContext, ref_id: str) -> Outcome:
        ran.append(context.attempt)
        if context.attempt == 1:
            return RetryAt(context.clock.now() + timedelta(minutes=5), "receiver down")
        return Done()

    async def scenario() -> None:
        async with Database(own_settings.database_url_async) as database:
            worker = Worker(database, own_settings, clock, handlers={"test.flaky": flaky})
            await worker.start()
            try:
                async with database.transaction() as session:
                    enqueue(session, "test.flaky", account_id=tenant.account_id, ref_id="x")
                await until(lambda: ran == [1])
                (job,) = await _wait_for_retry(database, tenant.account_id)
                assert job.last_error == "receiver down"
                assert job.leased_by is None
                await asyncio.sleep(0.3)  # real time passes; the clock's does not
                assert ran == [1]
                clock.advance(timedelta(minutes=5))
                await until(lambda: ran == [1, 2])
            finally:
                await worker.close()

    asyncio.run(scenario())


async def _wait_for_retry(database: Database, account_id: str) -> list[Job]:
    deadline = time.monotonic() + WAIT
    while True:
        jobs = await jobs_left(database, account_id)
        if jobs and jobs[0].leased_until is None:
            return jobs
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)


def test_a_job_whose_worker_died_is_taken_again_after_the_lease(
    own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    ran: list[int] = []

    async def echo(context: JobContext, ref_id: str) -> Outcome:
        ran.append(context.attempt)
        return Done()

    async def scenario() -> None:
        async with Database(own_settings.database_url_async) as database:
            async with database.transaction() as session:
                enqueue(session, "test.lease", account_id=tenant.account_id, ref_id="x")
            # A worker takes it and dies before it answers.
            now = clock.now()
            lease = timedelta(seconds=own_settings.worker_lease_seconds)
            async with database.transaction() as session:
                taken = await repository.take_jobs(
                    session, now, now + lease, "dead worker", {"test.lease"}, 10
                )
            assert [job.ref_id for job in taken] == ["x"]
            worker = Worker(database, own_settings, clock, handlers={"test.lease": echo})
            await worker.start()
            try:
                await asyncio.sleep(0.3)
                assert ran == []  # the lease holds
                clock.advance(lease + timedelta(seconds=1))
                await until(lambda: ran == [2])
            finally:
                await worker.close()

    asyncio.run(scenario())


def test_a_worker_leaves_kinds_it_does_not_know(own_settings: Settings, tenant: Tenant) -> None:
    ran: list[str] = []

    async def echo(context: JobContext, ref_id: str) -> Outcome:
        ran.append(ref_id)
        return Done()

    async def scenario() -> list[Job]:
        async with Database(own_settings.database_url_async) as database:
            worker = Worker(database, own_settings, MovableClock(), handlers={"test.known": echo})
            await worker.start()
            try:
                async with database.transaction() as session:
                    enqueue(session, "test.newer", account_id=tenant.account_id, ref_id="n")
                    enqueue(session, "test.known", account_id=tenant.account_id, ref_id="k")
                await until(lambda: ran == ["k"])
                await until_stored(lambda: _jobs_are(database, tenant.account_id, 1))
            finally:
                await worker.close()
            return await jobs_left(database, tenant.account_id)

    (left,) = asyncio.run(scenario())
    assert (left.kind, left.attempts, left.leased_by) == ("test.newer", 0, None)


async def _jobs_are(database: Database, account_id: str, count: int) -> bool:
    return len(await jobs_left(database, account_id)) == count


async def _waiting_is(database: Database, account_id: str, count: int) -> bool:
    return await undispatched(database, account_id) == count


def _updated(account_id: str, number: int) -> ConferenceUpdated:
    return ConferenceUpdated(account_id=account_id, conference_id=f"c{number}", changed=["title"])


def test_events_reach_the_reactions_once_in_order(own_settings: Settings, tenant: Tenant) -> None:
    seen: list[tuple[str, int]] = []

    async def record(session: AsyncSession, event: OutboxEvent, context: WorkerContext) -> None:
        if event.account_id == tenant.account_id:
            seen.append((event.payload["conference_id"], event.sequence))

    async def scenario() -> None:
        async with Database(own_settings.database_url_async) as database:
            worker = Worker(database, own_settings, MovableClock(), handlers={}, reactions=[record])
            await worker.start()
            try:
                for number in range(3):
                    async with database.transaction() as session:
                        await emit(session, _updated(tenant.account_id, number))
                await until(lambda: len(seen) == 3)
                await until_stored(lambda: _waiting_is(database, tenant.account_id, 0))
            finally:
                await worker.close()
            # A second worker finds nothing left to hand over.
            again = Worker(database, own_settings, MovableClock(), handlers={}, reactions=[record])
            await again.start()
            await again.run_once()
            await again.close()

    asyncio.run(scenario())
    assert seen == [("c0", 1), ("c1", 2), ("c2", 3)]


def test_a_failing_reaction_holds_back_only_its_own_event(
    own_settings: Settings, tenant: Tenant
) -> None:
    seen: list[str] = []

    async def fussy(session: AsyncSession, event: OutboxEvent, context: WorkerContext) -> None:
        if event.account_id != tenant.account_id:
            return
        if event.payload["conference_id"] == "c1":
            raise RuntimeError("a bug in a reaction")
        seen.append(event.payload["conference_id"])

    async def scenario() -> set[str]:
        async with Database(own_settings.database_url_async) as database:
            async with database.transaction() as session:
                for number in range(3):
                    await emit(session, _updated(tenant.account_id, number))
            worker = Worker(database, own_settings, MovableClock(), handlers={}, reactions=[fussy])
            await worker.start()
            try:
                await until(lambda: len(seen) == 2)
                await until_stored(lambda: _waiting_is(database, tenant.account_id, 1))
            finally:
                await worker.close()
            async with database.read() as session:
                rows = await session.scalars(
                    select(OutboxEvent).where(
                        OutboxEvent.account_id == tenant.account_id,
                        OutboxEvent.dispatched_at.is_(None),
                    )
                )
                return {row.payload["conference_id"] for row in rows}

    assert asyncio.run(scenario()) == {"c1"}
    assert seen == ["c0", "c2"]


def test_two_workers_never_run_one_job_twice(own_settings: Settings, tenant: Tenant) -> None:
    runs: Counter[str] = Counter()
    by_worker: Counter[str] = Counter()

    def counting(name: str) -> JobHandler:
        async def handler(context: JobContext, ref_id: str) -> Outcome:
            runs[ref_id] += 1
            by_worker[name] += 1
            await asyncio.sleep(0.005)
            return Done()

        return handler

    async def scenario() -> None:
        async with (
            Database(own_settings.database_url_async) as first_database,
            Database(own_settings.database_url_async) as second_database,
        ):
            async with first_database.transaction() as session:
                for number in range(200):
                    enqueue(
                        session, "test.shared", account_id=tenant.account_id, ref_id=f"j{number}"
                    )
            clock = MovableClock()
            workers = [
                Worker(database, own_settings, clock, handlers={"test.shared": counting(name)})
                for name, database in (("a", first_database), ("b", second_database))
            ]
            for worker in workers:
                await worker.start()
            try:
                await until(lambda: len(runs) == 200)
            finally:
                for worker in workers:
                    await worker.close()

    asyncio.run(scenario())
    assert set(runs.values()) == {1}
    assert sum(by_worker.values()) == 200
