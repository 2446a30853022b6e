"""Group commit: SQLite's one writer connection runs several read-write units
in one transaction, and answers each only once that transaction has committed.

A commit costs SQLite about as much as a small unit of work (it writes every
page the transaction touched to the WAL), and a unit's caller must not hear of
its success before the commit, or a crash could lose an acknowledged write. So
units queue for the writer and run one after another, each in a SAVEPOINT of the
batch's transaction; the writer commits when no unit is waiting (or the batch is
full, or old: `MAX_UNITS`, `MAX_OPEN_SECONDS`), and then every unit of the batch
returns. A unit that raises is rolled back to its savepoint alone; the others of
its batch are kept. If the commit fails, every kept unit of the batch raises
`CommitFailed`.

Each unit has a session of its own, bound to the writer's connection
(``join_transaction_mode="create_savepoint"``): its identity map starts empty, so
no unit sees another's ORM objects, while the database shows it what earlier
units of the batch wrote (they are answered with it, or fail with it). A unit's
commit releases its savepoint and hands its after-commit and after-rollback
callbacks to the batch (`kit.after_commit.Batch`), which runs one kind or the
other when the batch ends; a unit rolled back to its savepoint runs its
after-rollback callbacks at once.

The writer is one task per `GroupCommit`, started on first use: it opens the
batch's transaction, gives the connection to one unit at a time, and commits.
Units run in their own tasks (a request's code), so a unit cancelled while it
waits gives up its place, and the commit never runs in a task a client's
disconnect could cancel.

The engine must begin its transactions itself (kit.db's SQLite writer does,
with BEGIN IMMEDIATE): Python's sqlite3 module begins one only before an INSERT,
UPDATE or DELETE, so a unit's SAVEPOINT would otherwise open a transaction of its
own, which its RELEASE would commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from webinarium.kit.after_commit import Batch, in_batch
from webinarium.kit.logs import detached_context

# A batch ends when no unit is waiting, or after this many units: a failed commit
# fails every unit of its batch, so this bounds what one failure costs; 64 is the
# number of concurrent clients the registration paths are measured with.
MAX_UNITS = 64
# ... or once it has been open this long. Under a steady queue a unit waits for
# the others either way (before its turn, or after it for the commit), so the
# limit is not what sets the latency; it bounds how long a finished unit waits
# for its answer. It must stay well above one unit's time, or batches shrink to
# one unit (measured: at 10 ms on the loaded 2-core machine, 1.25 units a batch;
# docs/architecture.md, "Databases").
MAX_OPEN_SECONDS = 0.050


class CommitFailed(Exception):
    """The transaction holding this unit's work did not commit: nothing of the
    unit was kept."""


@dataclass(eq=False)
class _Batch:
    """One transaction on the writer and the units it holds."""

    connection: AsyncConnection
    opened_at: float
    callbacks: Batch = field(default_factory=Batch)
    units: int = 0
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    error: BaseException | None = None


@dataclass(eq=False)
class _Turn:
    """A unit's place in the writer's queue: the writer sets ``start`` when the
    unit may use the connection; the unit sets ``finished`` when it is done."""

    start: asyncio.Future[_Batch]
    finished: asyncio.Future[None]

    def end(self) -> None:
        # Already done if the writer stopped (closing) while it waited.
        if not self.finished.done():
            self.finished.set_result(None)


class GroupCommit:
    """Read-write units on one SQLite connection, committed in batches."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        max_units: int = MAX_UNITS,
        max_open_seconds: float = MAX_OPEN_SECONDS,
    ) -> None:
        self._engine = engine
        self._max_units = max_units
        self._max_open_seconds = max_open_seconds
        self._sessions = async_sessionmaker(
            expire_on_commit=False, autoflush=False, join_transaction_mode="create_savepoint"
        )
        self._queue: asyncio.Queue[_Turn] | None = None
        self._writer: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[AsyncSession]:
        """A read-write unit: its work is kept if the block ends normally and
        the batch then commits (raises `CommitFailed` if it does not); rolled
        back alone if the block raises."""
        loop = asyncio.get_running_loop()
        turn = _Turn(start=loop.create_future(), finished=loop.create_future())
        self._waiting_line().put_nowait(turn)
        try:
            batch = await turn.start
        except BaseException:
            # Cancelled while waiting; if the writer had already chosen this
            # unit, it is told the unit is done (having done nothing).
            turn.end()
            raise
        try:
            async with self._sessions(bind=batch.connection) as session, session.begin():
                in_batch(session, batch.callbacks)
                yield session
        finally:
            turn.end()
        await batch.ended.wait()
        if batch.error is not None:
            raise CommitFailed("the transaction holding this unit failed") from batch.error

    async def close(self) -> None:
        """Stops the writer; units still waiting or running fail."""
        if self._writer is not None:
            self._writer.cancel()
            with suppress(asyncio.CancelledError):
                await self._writer
            self._writer = None
        while self._queue is not None and not self._queue.empty():
            turn = self._queue.get_nowait()
            if not turn.start.done():
                turn.start.set_exception(CommitFailed("the database is closing"))

    def _waiting_line(self) -> asyncio.Queue[_Turn]:
        if self._queue is None:
            self._queue = asyncio.Queue()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(
                self._write(self._queue),
                name="webinarium group commit",
                context=detached_context(),
            )
        return self._queue

    async def _write(self, queue: asyncio.Queue[_Turn]) -> None:
        # One connection for batch after batch: the pool's checkout and reset
        # (a ROLLBACK) would cost each batch a round trip to SQLite's thread.
        connection: AsyncConnection | None = None
        try:
            while True:
                first = await queue.get()
                if first.start.cancelled():
                    continue
                try:
                    if connection is None:
                        connection = await self._engine.connect()
                    await connection.begin()
                except Exception as error:
                    # The units waiting meanwhile waited for the same thing (a
                    # lock another process holds, a busy timeout long): they fail
                    # with it instead of each waiting as long again.
                    failure = _failure("the writer could not begin a transaction", error)
                    for turn in (first, *_drain(queue)):
                        if not turn.start.done():
                            turn.start.set_exception(failure)
                    if connection is not None:
                        await connection.close()
                        connection = None
                    continue
                if not await self._run_batch(_Batch(connection, _now()), first, queue):
                    await connection.close()
                    connection = None
        finally:
            if connection is not None:
                await connection.close()

    async def _run_batch(self, batch: _Batch, first: _Turn, queue: asyncio.Queue[_Turn]) -> bool:
        """Runs and commits one batch; False if its connection must be dropped."""
        try:
            await self._run_units(batch, first, queue)
            await batch.connection.commit()
        except BaseException as error:
            batch.error = error
            # A failed COMMIT can leave SQLite's transaction open (a deferred
            # foreign key) where SQLAlchemy thinks it has ended: the connection
            # is dropped, and the next batch opens a new one.
            await batch.connection.invalidate()
            batch.callbacks.rolled_back()
            if isinstance(error, asyncio.CancelledError):
                raise
            return False
        else:
            batch.callbacks.committed()
            return True
        finally:
            batch.ended.set()

    async def _run_units(self, batch: _Batch, first: _Turn, queue: asyncio.Queue[_Turn]) -> None:
        """Gives the connection to one unit after the other, while they may join."""
        # aiosqlite's connection: it says whether SQLite's transaction is open.
        driver: Any = (await batch.connection.get_raw_connection()).driver_connection
        turn: _Turn | None = first
        while turn is not None:
            batch.units += 1
            turn.start.set_result(batch)
            await turn.finished
            if not driver.in_transaction:
                # SQLite ends a transaction itself on some errors (disk full, I/O
                # error): nothing of the batch is kept.
                raise CommitFailed("SQLite rolled the transaction back")
            turn = self._next_turn(batch, queue)

    def _next_turn(self, batch: _Batch, queue: asyncio.Queue[_Turn]) -> _Turn | None:
        """The next waiting unit, if it may join ``batch``."""
        age = _now() - batch.opened_at
        if batch.units >= self._max_units or age >= self._max_open_seconds:
            return None
        while not queue.empty():
            turn = queue.get_nowait()
            if not turn.start.cancelled():
                return turn
        return None


def _drain(queue: asyncio.Queue[_Turn]) -> list[_Turn]:
    """Every unit waiting in the queue, taken out of it."""
    return [queue.get_nowait() for _ in range(queue.qsize())]


def _now() -> float:
    return asyncio.get_running_loop().time()


def _failure(message: str, cause: BaseException) -> CommitFailed:
    failure = CommitFailed(message)
    failure.__cause__ = cause
    return failure
