"""Waiting for a ``webinarium worker`` process the test started to be up."""

from __future__ import annotations

import subprocess
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import in_database
from webinarium.models import WorkerHeartbeat
from webinarium.settings import Settings

# Importing the server takes a few seconds, half a minute on a busy 2-core
# machine (CI's, shared): a test's waits for what the worker does start once it
# is up, so that they measure the worker, not the import.
STARTUP_SECONDS = 180.0


def wait_until_started(settings: Settings, process: subprocess.Popen[Any]) -> None:
    """Returns once ``process`` (a ``webinarium worker``) said it is alive: its
    first heartbeat names it (`Worker.name`: host, pid, suffix)."""

    async def beats(session: AsyncSession) -> bool:
        names = await session.scalars(
            select(WorkerHeartbeat.worker).where(
                WorkerHeartbeat.worker.contains(f":{process.pid}:")
            )
        )
        return names.first() is not None

    deadline = time.monotonic() + STARTUP_SECONDS
    while not in_database(settings, beats):
        assert process.poll() is None, f"the worker exited with {process.returncode}"
        assert time.monotonic() < deadline, f"the worker did not start in {STARTUP_SECONDS:g} s"
        time.sleep(0.2)
