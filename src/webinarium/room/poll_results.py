"""A poll's live results, batched: after a vote, the process that took it asks
for ``poll.results`` (`polls.room.store_results`) at once if it has not for
that poll within ``room_count_interval_seconds`` (1 s, as ``presence.count``),
else once that interval is over — the votes taken meanwhile are counted then.
So each process stores at most one ``poll.results`` per poll and interval, and
the last vote is always counted in one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from weakref import WeakKeyDictionary

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import Account, Conference
from webinarium.polls import room as polls
from webinarium.room.hub import Hub

log = logging.getLogger(__name__)


class _Batches:
    """One hub's (one room's, in this process) results waiting to be stored."""

    def __init__(self) -> None:
        self.waiting: set[str] = set()
        self.last_stored: dict[str, float] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}


_batches: WeakKeyDictionary[Hub, _Batches] = WeakKeyDictionary()


def results_soon(hub: Hub, poll_id: str) -> None:
    """Asks for the poll's results to be stored (called after a vote commits)."""
    batches = _batches.setdefault(hub, _Batches())
    batches.waiting.add(poll_id)
    task = batches.tasks.get(poll_id)
    if task is None or task.done():
        batches.tasks[poll_id] = asyncio.create_task(_store(hub, batches, poll_id))


async def _store(hub: Hub, batches: _Batches, poll_id: str) -> None:
    interval = hub.rooms.settings.room_count_interval_seconds
    while poll_id in batches.waiting:
        wait = batches.last_stored.get(poll_id, 0.0) + interval - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        batches.waiting.discard(poll_id)
        batches.last_stored[poll_id] = time.monotonic()

        async def store(session: AsyncSession, account: Account, conference: Conference) -> None:
            await polls.store_results(session, account, conference, poll_id)

        try:
            await hub.rooms.run(hub, store)
        except Exception:
            log.exception("storing the results of poll %s failed", poll_id)
