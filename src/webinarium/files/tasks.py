"""The fetcher: fetches the files that `service.fetch_later` asked for, in the
serving process, after the commit that asked.

A fetch is a task on the app's event loop: the row is read in one unit, the
bytes fetched with no transaction open (they may take minutes), and the result
written in a second unit: ``ready`` with the file's facts, or ``failed`` with
the reason. Any error of the fetch or of reading the file is the row's reason,
never an error elsewhere.

At start, every row still ``fetching`` is fetched again: one that the previous
process was fetching when it stopped, or one asked for where no fetcher ran.
Fetching twice is harmless: the second result finds the row no longer
``fetching`` and is dropped. (The other choice, marking them failed as
"interrupted", would also fail a fetch another process is running right now.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.files import service
from webinarium.files.facts import Facts, read_facts
from webinarium.files.fetch import fetch_to
from webinarium.files.repository import fetching_ids, file_to_finish, public_file
from webinarium.files.signals import fetch_requests
from webinarium.files.sniff import HEAD_BYTES
from webinarium.files.store import FileStore
from webinarium.kit.db import Database
from webinarium.kit.errors import DomainError
from webinarium.kit.tasks import cancel_and_wait
from webinarium.models import FileState
from webinarium.settings import Settings

log = logging.getLogger(__name__)

# Work that follows a file made ready by a fetch (its account id and id), each
# in a unit of work of its own after the file's, so that its failure leaves
# the file ready: the app gives `live.service.show_rendered_pages`.
ReadyHook = Callable[[AsyncSession, str, str], Awaitable[None]]


class Fetcher:
    def __init__(
        self, database: Database, settings: Settings, on_ready: Sequence[ReadyHook] = ()
    ) -> None:
        self.database = database
        self.settings = settings
        self.on_ready = tuple(on_ready)
        self.store = FileStore.of(settings)
        self._running: dict[str, asyncio.Task[None]] = {}
        self._resuming: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Listens for requests, and fetches what was left ``fetching`` (in the
        background: a database that is down at start delays only that)."""
        fetch_requests.listen(asyncio.get_running_loop(), self.request)
        self._resuming = asyncio.get_running_loop().create_task(self._resume())

    async def _resume(self) -> None:
        try:
            async with self.database.read() as session:
                left = await fetching_ids(session)
        except Exception:
            log.exception("the files left fetching could not be read; fetched at the next start")
            return
        for file_id in left:
            self.request(file_id)

    async def close(self) -> None:
        fetch_requests.forget(self.request)
        # A fetch cut short stays ``fetching``: the next start fetches it.
        await cancel_and_wait([*self._running.values(), self._resuming])

    def request(self, file_id: str) -> None:
        if file_id in self._running:
            return
        task = asyncio.get_running_loop().create_task(self._fetch(file_id))
        self._running[file_id] = task
        task.add_done_callback(lambda _: self._running.pop(file_id, None))

    async def _fetch(self, file_id: str) -> None:
        async with self.database.read() as session:
            row = await public_file(session, file_id)
            if row is None or row.state != FileState.FETCHING or row.source_url is None:
                return
            url = row.source_url
        partial = self.store.scratch_path(file_id)
        facts: Facts | None = None
        try:
            content_type, facts = await self._fetch_and_read(url, partial)
        except DomainError as error:
            await self._finish(file_id, partial, reason=error.message)
        except Exception:
            log.exception("fetching file %s failed", file_id)
            await self._finish(file_id, partial, reason="the file could not be fetched")
        else:
            await self._finish(file_id, partial, content_type=content_type, facts=facts)
        finally:
            partial.unlink(missing_ok=True)
            if facts is not None:
                facts.discard()

    async def _fetch_and_read(self, url: str, target: Path) -> tuple[str, Facts]:
        await fetch_to(url, target, self.settings)
        with target.open("rb") as file:
            head = file.read(HEAD_BYTES)
        content_type = service.sniffed_type(head)
        return content_type, await read_facts(target, content_type, self.store.root)

    async def _finish(
        self,
        file_id: str,
        fetched: Path,
        *,
        reason: str = "",
        content_type: str = "",
        facts: Facts | None = None,
    ) -> None:
        async with self.database.transaction() as session:
            row = await file_to_finish(session, file_id)
            if row is None or row.state != FileState.FETCHING:
                return  # deleted meanwhile, or fetched by another process
            if facts is None:
                await service.fail_fetch(session, row, reason)
                return
            await service.finish_fetch(session, self.store, row, fetched, content_type, facts)
            account_id = row.account_id
        for hook in self.on_ready:
            try:
                async with self.database.transaction() as session:
                    await hook(session, account_id, file_id)
            except Exception:
                log.exception("the work after file %s became ready failed", file_id)
