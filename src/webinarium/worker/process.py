"""``webinarium worker``: a process that runs only the worker, until SIGTERM or
SIGINT. Stopped, it lets the jobs it was running go back to the queue when
their leases pass."""

from __future__ import annotations

import asyncio
import signal

from webinarium.kit.clock import SystemClock
from webinarium.kit.db import Database
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
        worker = Worker(database, settings, SystemClock())
        await worker.start()
        try:
            await stop.wait()
        finally:
            await worker.close()
