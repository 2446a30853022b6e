"""The database: engines and units of work.

`Database` is the one way to reach the database. Requests, the CLI, tests,
and the WebSocket handlers and background tasks to come all work the same way:
open a short unit of work per command, never keep it open across an await on
the network (a socket, an HTTP call), and let it end.

- ``database.transaction()`` — a read-write unit: commits when the block ends,
  rolls back if it raises. Everything it reads, it reads on the connection it
  writes with, so a decision and the write it leads to see the same data.
- ``database.read()`` — a read-only unit: it never writes (an attempt fails
  loudly), and on SQLite it runs on a reader connection, so it neither waits
  for the writer nor makes the writer wait.

Connections, by database (see docs/architecture.md, "Databases"):

- SQLite (WAL): one writer connection — measured here, several aiosqlite
  connections fighting for SQLite's one write lock give a quarter of the
  throughput of one — with group commit (`kit.group_commit`: the read-write
  units waiting for the writer share one transaction, each in a savepoint,
  each answered after the commit), and a small pool of reader connections
  opened with ``PRAGMA query_only=ON``. In WAL mode readers and the writer do
  not block each other.
- PostgreSQL: one pool, a transaction per unit; a read unit's transaction is
  ``BEGIN READ ONLY``.

Sessions are plain `AsyncSession`s, so session events (after-commit hooks)
apply to every kind of unit.

A unit may ask for a short write once it has ended (`write_after`): what a
read-only unit learns and must keep (an API key's last use, `accounts.key_use`)
is written in a read-write unit of its own, before the unit's block returns.

Waiting is bounded (``wait_seconds``): for SQLite's write lock held by another
process, for PostgreSQL to accept a new connection. A unit
that could not reach the database in time, or lost its connection, raises
`kit.errors.Unavailable` (`unavailable_from`): nothing was done, the request may
be sent again, and the dialects answer it 503 with ``Retry-After``.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy import exc as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from webinarium.kit.errors import Unavailable
from webinarium.kit.group_commit import GroupCommit

T = TypeVar("T")
log = logging.getLogger(__name__)

# Readers of one SQLite file. A read holds its connection only for the unit's
# statements; four let a slow report run beside the room's short reads without
# queueing them, and each is one thread of aiosqlite's.
SQLITE_READERS = 4
# How long a command (the CLI, a migration) waits for the database: a server
# may be writing the same SQLite file, and a command has no client to answer.
# The server waits less (`Settings.database_wait_seconds`).
COMMAND_WAIT_SECONDS = 30.0
# How long a unit waits for a connection of the pool. More units than
# connections is load, not an outage (measured: at a load average of 26, bursts
# of 50-100 requests on PostgreSQL waited over 5 s for one of its 20), so this
# wait is not the short one; it still ends in `Unavailable`, not a 500.
POOL_WAIT_SECONDS = 30.0


def create_engine(url: str, *, wait_seconds: float = COMMAND_WAIT_SECONDS) -> AsyncEngine:
    """The engine migrations write with: one SQLite connection that leaves
    transactions to the sqlite3 module (their PRAGMA foreign_keys=OFF must run
    outside one), or PostgreSQL's pool, which `Database` uses too. Waits for a
    lock or a new connection at most ``wait_seconds``."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, connections=1, read_only=False, wait_seconds=wait_seconds)
    return _engine(
        url,
        pool_size=10,
        max_overflow=10,
        pool_pre_ping=True,
        pool_timeout=POOL_WAIT_SECONDS,
        # asyncpg's own default is 60 s; a server that does not answer in the
        # wait is as good as stopped.
        connect_args={"timeout": wait_seconds},
    )


# PostgreSQL's text and jsonb cannot hold U+0000 (a 500 wherever one was
# typed); every database keeps it as U+FFFD, as a lone surrogate is read
# (`api.params`), so the same input is the same row on SQLite and PostgreSQL.
_NUL, _REPLACEMENT = "\x00", "\ufffd"


def _without_nul(value: Any) -> Any:
    """``value`` (a bound parameter, a JSON document, or a batch of either)
    with every U+0000 of its texts replaced."""
    if isinstance(value, str):
        return value.replace(_NUL, _REPLACEMENT) if _NUL in value else value
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_without_nul(item) for item in value)
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def _json_without_nul(document: Any) -> str:
    return json.dumps(_without_nul(document))


def _parameters_without_nul(
    _connection: Any,
    _cursor: Any,
    statement: str,
    parameters: Any,
    _context: Any,
    _executemany: bool,
) -> tuple[str, Any]:
    return statement, _without_nul(parameters)


def _engine(url: str, **options: Any) -> AsyncEngine:
    """An engine whose statements and JSON documents never carry U+0000."""
    engine = create_async_engine(url, json_serializer=_json_without_nul, **options)
    event.listen(engine.sync_engine, "before_cursor_execute", _parameters_without_nul, retval=True)
    return engine


def _sqlite_engine(
    url: str,
    *,
    connections: int,
    read_only: bool,
    wait_seconds: float,
    begins_itself: bool = False,
) -> AsyncEngine:
    """``begins_itself``: every transaction starts with BEGIN IMMEDIATE, sent by
    SQLAlchemy, instead of the sqlite3 module's BEGIN before the first INSERT,
    UPDATE or DELETE; savepoints need it (kit.group_commit). IMMEDIATE takes the
    write lock at once, waiting under busy_timeout for another process's writer
    (a CLI command), where a read transaction turned into a write one would fail."""
    engine = _engine(
        url,
        pool_size=connections,
        max_overflow=0,
        pool_timeout=POOL_WAIT_SECONDS,
        # timeout: the busy timeout while connecting (busy_timeout below after);
        # isolation_level=None: the sqlite3 module sends no BEGIN of its own.
        connect_args={
            "timeout": wait_seconds,
            **({"isolation_level": None} if begins_itself else {}),
        },
    )
    busy_milliseconds = round(wait_seconds * 1000)

    def configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Another process holding the write lock (or, in exclusive locking
        # mode, every lock) is waited for this long, then the unit is Unavailable.
        cursor.execute(f"PRAGMA busy_timeout={busy_milliseconds}")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    def begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine.sync_engine, "connect", configure)
    if begins_itself:
        event.listen(engine.sync_engine, "begin", begin)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


_WRITES_AFTER = "webinarium.writes_after"
Write = Callable[[AsyncSession], Awaitable[None]]


def write_after(session: AsyncSession, work: Write) -> None:
    """Runs ``work`` in a read-write unit of its own once the session's unit
    has ended without raising (committed, or a read-only unit's rollback).
    For small facts that must not wait for the unit's kind: nothing the unit
    itself decides may depend on them, and losing one (the write failed, the
    unit raised) is harmless."""
    session.sync_session.info.setdefault(_WRITES_AFTER, []).append(work)


class Database:
    """Engines for one database URL and the two kinds of unit of work.

    Created once per process (the app's lifespan keeps it on
    ``app.state.database``) or for one command (``async with Database(url)``);
    `dispose` closes its connections.
    """

    def __init__(self, url: str, *, wait_seconds: float = COMMAND_WAIT_SECONDS) -> None:
        # The engines this database opens (to dispose, or to listen to): on
        # PostgreSQL the reader is the writer's pool, with other options.
        self.engines: tuple[AsyncEngine, ...]
        # SQLite's writer commits units in batches; PostgreSQL's pool commits
        # each unit on its own connection, concurrently, so batching there would
        # only make units wait for each other.
        self._group_commit: GroupCommit | None = None
        if url.startswith("sqlite"):
            self.writer = _sqlite_engine(
                url, connections=1, read_only=False, wait_seconds=wait_seconds, begins_itself=True
            )
            self.reader = _sqlite_engine(
                url, connections=SQLITE_READERS, read_only=True, wait_seconds=wait_seconds
            )
            self.engines = (self.reader, self.writer)
            self._group_commit = GroupCommit(self.writer)
        else:
            self.writer = create_engine(url, wait_seconds=wait_seconds)
            # The writer's pool; asyncpg opens each transaction as BEGIN READ ONLY.
            self.reader = self.writer.execution_options(postgresql_readonly=True)
            self.engines = (self.writer,)
        self._writing = create_sessionmaker(self.writer)
        self._reading = create_sessionmaker(self.reader)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A read-write unit: its work is kept if the block ends normally, and
        the block ends once it is committed; it is rolled back if the block
        raises. On SQLite the commit may be a batch's (`kit.group_commit`): if
        it fails the block raises `kit.group_commit.CommitFailed`. A database
        that cannot be reached in time raises `Unavailable`."""
        unit = self._group_commit.unit() if self._group_commit else self._own_transaction()
        with _unavailable_raised():
            async with unit as session:
                yield session
        await self._writes_after(session)

    @asynccontextmanager
    async def _own_transaction(self) -> AsyncIterator[AsyncSession]:
        async with self._writing() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only unit. Its transaction is rolled back at the end: there is
        nothing to keep, and a write attempted through it has already failed.
        A database that cannot be reached in time raises `Unavailable`."""
        with _unavailable_raised():
            async with self._reading() as session:
                yield session
        await self._writes_after(session)

    async def _writes_after(self, ended: AsyncSession) -> None:
        works: list[Write] = ended.sync_session.info.pop(_WRITES_AFTER, [])
        if not works:
            return
        try:
            async with self.transaction() as session:
                for work in works:
                    await work(session)
        except Exception:
            # What is written after a unit is a convenience (see write_after):
            # the unit's own answer stands.
            log.warning("a write after a unit of work failed", exc_info=True)

    async def dispose(self) -> None:
        if self._group_commit is not None:
            await self._group_commit.close()
        for engine in self.engines:
            await engine.dispose()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        await self.dispose()


# SQLSTATE classes of PostgreSQL errors that say the server cannot serve now:
# 08 connection exception, 53 insufficient resources (too many connections,
# disk full), 57 operator intervention (shutting down, starting up, cancelled).
_UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53", "57")
# SQLite's SQLITE_BUSY and SQLITE_LOCKED, as the sqlite3 module words them.
_SQLITE_LOCKED = ("database is locked", "database table is locked", "database is busy")


def unavailable_from(error: BaseException) -> Unavailable | None:
    """The `Unavailable` that ``error`` (or an error it was raised from) means,
    if it means the database could not be reached in time: SQLite locked beyond
    its busy timeout, no connection of the pool in time, PostgreSQL refusing or
    dropping connections. None for anything else (a bug stays a bug)."""
    cause: BaseException | None = error
    seen = set()
    while cause is not None and id(cause) not in seen:
        if _is_outage(cause):
            return Unavailable("the database is not answering; send the request again shortly")
        seen.add(id(cause))
        cause = cause.__cause__
    return None


@contextmanager
def _unavailable_raised() -> Iterator[None]:
    """What `unavailable_from` recognises, raised as `Unavailable` instead."""
    try:
        yield
    except Exception as error:
        unavailable = unavailable_from(error)
        if unavailable is None:
            raise
        raise unavailable from error


def _is_outage(error: BaseException) -> bool:
    if isinstance(error, sa.TimeoutError | ConnectionError | socket.gaierror | TimeoutError):
        return True
    if not isinstance(error, sa.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate.startswith(_UNAVAILABLE_SQLSTATE_CLASSES)
    return isinstance(error, sa.OperationalError) and str(error.orig) in _SQLITE_LOCKED


async def run_in_transaction(database_url: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """``work`` in one read-write unit of a short-lived `Database`: for commands
    and scripts that are not the server."""
    async with Database(database_url) as database, database.transaction() as session:
        return await work(session)
