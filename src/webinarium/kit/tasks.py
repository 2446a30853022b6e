"""Stopping the background tasks a component owns (its loops, its jobs) when it
closes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any


async def cancel_and_wait(tasks: Iterable[asyncio.Task[Any] | None]) -> None:
    """Cancels each task (``None``: one never started) and waits until all have
    ended, whatever they raised: a task that failed has logged it, and closing
    goes on."""
    started = [task for task in tasks if task is not None]
    for task in started:
        task.cancel()
    await asyncio.gather(*started, return_exceptions=True)
