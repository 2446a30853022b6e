"""The worker's loop: hand over outbox events to their reactions, run due jobs.

Woken at once by a commit of this process that wrote events or jobs (the
outbox's doorbell) and by a test moving its clock; otherwise it looks again
when the next job is due, at the latest every ``worker_poll_seconds`` (work
committed by other processes). Up to ``worker_concurrency`` jobs run at once.

Several workers may run against one PostgreSQL database: events and jobs are
taken with ``FOR UPDATE SKIP LOCKED``, and a job is leased to one worker. On
SQLite, run one (the one in ``webinarium serve`` by default).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Mapping, Sequence
from datetime import timedelta

from webinarium.events.outbox import doorbell
from webinarium.kit.clock import Clock
from webinarium.kit.db import Database
from webinarium.kit.errors import Unavailable
from webinarium.kit.ids import new_id
from webinarium.kit.logs import bind_log_fields, log_context
from webinarium.kit.tasks import cancel_and_wait
from webinarium.ops.metrics import Metrics
from webinarium.settings import Settings
from webinarium.worker import repository, wiring
from webinarium.worker.jobs import (
    RETRY_AFTER_CRASH,
    GiveUp,
    JobContext,
    JobHandler,
    Outcome,
    RetryAt,
    WorkerContext,
)
from webinarium.worker.repository import TakenJob
from webinarium.worker.wiring import Reaction

log = logging.getLogger(__name__)

# Events handed over per transaction.
EVENT_BATCH = 100
# The shortest sleep: a job due "now" on a clock a little ahead of the database's.
MIN_SLEEP_SECONDS = 0.05


class Worker:
    def __init__(
        self,
        database: Database,
        settings: Settings,
        clock: Clock,
        *,
        handlers: Mapping[str, JobHandler] | None = None,
        reactions: Sequence[Reaction] | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        """``metrics``: the process's, which its /metrics shows (the app's, or
        a ``webinarium worker``'s own: `ops.worker_metrics`)."""
        self.context = WorkerContext(database, settings, clock, metrics or Metrics())
        self.handlers = wiring.HANDLERS if handlers is None else handlers
        self.reactions = wiring.REACTIONS if reactions is None else tuple(reactions)
        self.name = f"{socket.gethostname()}:{os.getpid()}:{new_id()[-6:]}"
        self._woken = asyncio.Event()
        self._running: set[asyncio.Task[None]] = set()
        self._loop_task: asyncio.Task[None] | None = None
        self._heartbeat_task: asyncio.Task[None] | None = None
        # Events whose reactions failed (a bug, logged): skipped by this
        # process so that the events after them still go; retried at restart.
        self._failed_events: set[str] = set()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        doorbell.listen(loop, self._wake)
        self.context.clock.changed.listen(loop, self._wake)
        self._loop_task = loop.create_task(self._run())
        self._heartbeat_task = loop.create_task(self._beat())

    async def close(self) -> None:
        doorbell.forget(self._wake)
        self.context.clock.changed.forget(self._wake)
        # A job cut short keeps its lease: it is taken again once the lease passes.
        await cancel_and_wait([*self._running, self._loop_task, self._heartbeat_task])
        if self._heartbeat_task is not None:
            await self._say_stopped()

    async def _beat(self) -> None:
        """Says this worker is alive, every ``worker_heartbeat_seconds`` (/readyz
        reads it): from its own task, so a long round does not silence it."""
        started_at = self.context.clock.now()
        while True:
            try:
                async with self.context.database.transaction() as session:
                    await repository.beat(session, self.name, started_at, self.context.clock.now())
            except Unavailable as error:
                log.warning("the worker's heartbeat waits for the database: %s", error)
            except Exception:
                log.warning("the worker's heartbeat failed; trying again", exc_info=True)
            await asyncio.sleep(self.context.settings.worker_heartbeat_seconds)

    async def _say_stopped(self) -> None:
        # When this fails the row ages out: /readyz counts only recent heartbeats.
        try:
            async with self.context.database.transaction() as session:
                await repository.stopped(session, self.name)
        except Unavailable as error:
            # A database busy at shutdown is expected, not a fault: no traceback.
            log.warning("the worker could not say it stopped: %s", error)
        except Exception:
            log.warning("the worker could not say it stopped", exc_info=True)

    def _wake(self, _: object = None) -> None:
        self._woken.set()

    async def _run(self) -> None:
        while True:
            self._woken.clear()
            try:
                more = await self.run_once()
            except Exception:
                log.exception("the worker's round failed; trying again shortly")
                more = False
            if not more:
                await self._sleep()

    async def run_once(self) -> bool:
        """Hands over waiting events and starts the due jobs there is room for;
        True when more events are waiting already."""
        handed_over = await self._dispatch_events()
        await self._start_due_jobs()
        return handed_over == EVENT_BATCH

    async def _sleep(self) -> None:
        settings = self.context.settings
        async with self.context.database.read() as session:
            due = await repository.next_due(session)
        seconds = settings.worker_poll_seconds
        if due is not None:
            until_due = (due - self.context.clock.now()).total_seconds()
            seconds = min(seconds, max(until_due, MIN_SLEEP_SECONDS))
        try:
            async with asyncio.timeout(seconds):
                await self._woken.wait()
        except TimeoutError:
            pass

    async def _dispatch_events(self) -> int:
        async with self.context.database.transaction() as session:
            events = await repository.events_to_dispatch(
                session, EVENT_BATCH, skip=self._failed_events
            )
            for event in events:
                with log_context(event_id=event.id):
                    try:
                        async with session.begin_nested():
                            for reaction in self.reactions:
                                await reaction(session, event, self.context)
                            event.dispatched_at = self.context.clock.now()
                    except Exception:
                        log.exception("the reactions to event %s (%s) failed", event.id, event.type)
                        self._failed_events.add(event.id)
            return len(events)

    async def _start_due_jobs(self) -> None:
        room = self.context.settings.worker_concurrency - len(self._running)
        if room <= 0:
            return
        now = self.context.clock.now()
        lease = timedelta(seconds=self.context.settings.worker_lease_seconds)
        async with self.context.database.transaction() as session:
            jobs = await repository.take_jobs(
                session, now, now + lease, self.name, self.handlers.keys(), room
            )
        for job in jobs:
            task = asyncio.get_running_loop().create_task(self._run_job(job))
            self._running.add(task)
            task.add_done_callback(self._job_ended)

    def _job_ended(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        self._wake()

    async def _run_job(self, job: TakenJob) -> None:
        # The job's task: every line of its run carries its id.
        bind_log_fields(job_id=job.id)
        outcome = await self._outcome(job)
        async with self.context.database.transaction() as session:
            if isinstance(outcome, RetryAt):
                await repository.retry_job(session, job.id, self.name, outcome.when, outcome.reason)
            else:
                await repository.finish_job(session, job.id, self.name)
        if isinstance(outcome, GiveUp):
            log.warning("job %s (%s %s) given up: %s", job.id, job.kind, job.ref_id, outcome.reason)

    async def _outcome(self, job: TakenJob) -> Outcome:
        handler = self.handlers[job.kind]
        base = self.context
        context = JobContext(
            base.database, base.settings, base.clock, base.metrics, attempt=job.attempts
        )
        try:
            return await handler(context, job.ref_id)
        except Exception as error:
            log.exception("job %s (%s %s) failed", job.id, job.kind, job.ref_id)
            return RetryAt(self.context.clock.now() + RETRY_AFTER_CRASH, repr(error))
