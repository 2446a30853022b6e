"""/healthz and /readyz, for load balancers, orchestrators and monitoring.

/healthz: the process lives and answers HTTP. It reads nothing, so a database
outage does not get every serve process restarted.

/readyz: this process can serve now: the database answers, it is at the
migrations this code expects, the broker (Redis, when configured) answers, and
a worker said lately it is alive (when the workers run apart from ``serve``).
The checks run at once, each in a task of its own, and the answer comes within
`READY_WAIT_SECONDS` whatever they do: a check still running then says
"timeout". It is left to end by itself (cancelled), never awaited: a thread of
aiosqlite waiting for SQLite's lock is not stopped by a cancellation.

Both answer in no dialect's envelope, to anyone, and say no more than which
check failed and how.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from webinarium import migrations
from webinarium.kit.clock import Clock
from webinarium.kit.db import Database
from webinarium.kit.errors import Unavailable
from webinarium.room.broker import Broker
from webinarium.settings import Settings
from webinarium.worker import repository as workers

router = APIRouter()
log = logging.getLogger(__name__)

# Under the second a load balancer's probe commonly waits, with room for the
# answer to travel.
READY_WAIT_SECONDS = 0.8
OK = "ok"
# Checks that outlived their answer, held until they end (the event loop keeps
# only weak references to tasks).
_left_running: set[asyncio.Task[str]] = set()

Check = Callable[[], Awaitable[str]]


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """200 while the process serves HTTP."""
    return {"status": OK}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """200 with every check "ok", or 503 with what each failing check found."""
    state = request.app.state
    settings: Settings = state.settings
    database: Database = state.database
    checks: dict[str, Check] = {
        "database": lambda: _database(database),
        "migrations": lambda: _migrations(database),
    }
    if settings.broker_url:
        broker: Broker = state.rooms.broker
        checks["broker"] = lambda: _broker(broker)
    if not settings.worker_in_serve:
        checks["worker"] = lambda: _worker(database, settings, state.clock)
    results = await _run(checks)
    ready = all(result == OK for result in results.values())
    body: dict[str, Any] = {"status": OK if ready else "unavailable", "checks": results}
    return JSONResponse(
        body, status_code=200 if ready else 503, headers={"Cache-Control": "no-store"}
    )


async def _run(checks: dict[str, Check]) -> dict[str, str]:
    tasks = {name: asyncio.create_task(_outcome(name, check)) for name, check in checks.items()}
    await asyncio.wait(tasks.values(), timeout=READY_WAIT_SECONDS)
    results = {}
    for name, task in tasks.items():
        if task.done():
            results[name] = task.result()
            continue
        task.cancel()
        _left_running.add(task)
        task.add_done_callback(_left_running.discard)
        results[name] = "timeout"
    return results


async def _outcome(name: str, check: Check) -> str:
    try:
        return await check()
    except Unavailable:
        return "unreachable"
    except Exception:
        log.warning("the readiness check %r failed", name, exc_info=True)
        return "failed"


async def _database(database: Database) -> str:
    async with database.read() as session:
        await session.execute(text("SELECT 1"))
    return OK


async def _migrations(database: Database) -> str:
    async with database.read() as session:
        revisions = await migrations.applied(session)
    head = migrations.head()
    if revisions == [head]:
        return OK
    # `webinarium migrate` brings it to the code's revision (docs/operations.md).
    return f"database at {', '.join(revisions) or 'no revision'}, code at {head}"


async def _broker(broker: Broker) -> str:
    return OK if await broker.ping() else "unreachable"


async def _worker(database: Database, settings: Settings, clock: Clock) -> str:
    async with database.read() as session:
        last = await workers.last_beat(session)
    if last is None:
        return "no worker running"
    silent = (clock.now() - last).total_seconds()
    if silent > settings.worker_silent_seconds:
        return f"no worker heard from for {silent:.0f} s"
    return OK
