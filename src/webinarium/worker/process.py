"""``webinarium worker``: a process that runs only the worker (and the
scheduler beside it), until SIGTERM or SIGINT, and serves what they count at
its own /metrics when WEBINARIUM_WORKER_METRICS_PORT is set
(`ops.worker_metrics`). Stopped, it lets the jobs it was running go back to
the queue when their leases pass."""

from __future__ import annotations

import asyncio
import signal

from webinarium.kit.clock import SystemClock
from webinarium.kit.db import Database
from webinarium.live.journal import announcer
from webinarium.ops.metrics import Metrics
from webinarium.ops.retention import Retention
from webinarium.ops.worker_metrics import serving_metrics
from webinarium.room.broker import broker_for
from webinarium.scheduler.runner import Scheduler
from webinarium.settings import Settings
from webinarium.worker.runner import Worker


async def run_worker(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with Database(
        settings.database_url_async, wait_seconds=settings.database_wait_seconds
    ) as database:
        clock = SystemClock()
        # This process's counters; its /metrics (if any) is the only reader.
        metrics = Metrics(serve_process=False)
        worker = Worker(database, settings, clock, metrics=metrics)
        # The webinar's clock runs beside every worker (scheduler/: safe several at once).
        scheduler = Scheduler(database, settings, clock, metrics=metrics)
        retention = Retention(database, settings, clock, metrics=metrics)
        # The room events its steps commit (a webinar started, ended) reach the
        # sockets the serve processes hold through the broker (Redis).
        broker = broker_for(settings)
        async with serving_metrics(database, settings, clock, metrics):
            await broker.start()
            announcer.listen(loop, broker.publish)
            await worker.start()
            await scheduler.start()
            await retention.start()
            try:
                await stop.wait()
            finally:
                await retention.close()
                await scheduler.close()
                await worker.close()
                announcer.forget(broker.publish)
                await broker.close()
