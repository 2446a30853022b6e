"""Alembic environment: async engine, batch mode on SQLite, our naming convention.

On SQLite, batch mode rebuilds a table (copy, drop, rename). With foreign keys
enforced, dropping the old table would cascade-delete every row that points at
it, so enforcement is off while migrations run and the foreign keys are checked
once they are done.

Processes that start at once (several ``serve``, a ``worker``: each migrates
first) migrate one at a time: the first brings the database up to date, the
others wait for it, then read the revision it left and have nothing to do. On
PostgreSQL a transaction-scoped advisory lock orders them; on SQLite (one
machine) an exclusive lock on a file beside the database's.
"""

from __future__ import annotations

import asyncio
import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import context
from sqlalchemy import make_url, text
from sqlalchemy.engine import Connection

from webinarium.kit.db import create_engine
from webinarium.models import Base

config = context.config
target_metadata = Base.metadata
# The advisory lock's key on PostgreSQL: any number no other lock of the
# database's users takes ("wbnm").
MIGRATION_LOCK_KEY = 0x77626E6D


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Held until this transaction ends; the revision is read after it.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        context.run_migrations()


@contextmanager
def _one_migrating_sqlite_file(url: str) -> Iterator[None]:
    database = make_url(url).database
    if not url.startswith("sqlite") or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrating", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


async def _run_async() -> None:
    url = config.attributes["database_url"]
    with _one_migrating_sqlite_file(url):
        await _migrate(url)


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    async with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Outside any transaction, or SQLite ignores it.
            await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await connection.commit()
        await connection.run_sync(_run)
        if sqlite:
            broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
            await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")
    await engine.dispose()


asyncio.run(_run_async())
