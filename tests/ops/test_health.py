"""/healthz and /readyz (issue 19): the process lives; the process can serve
now (database, migrations, broker, worker), answered within a second whatever
the database does."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, closing, contextmanager
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import make_url

from tests.conftest import free_port, fresh_database
from tests.room.conftest import start_redis, stop_redis
from webinarium import migrations
from webinarium.app import create_app
from webinarium.kit.clock import Clock, MovableClock
from webinarium.kit.db import Database
from webinarium.settings import Settings
from webinarium.worker.runner import Worker

# The second, and a little for a loaded machine to send the answer.
ANSWERED_WITHIN = 1.5


@pytest.fixture(scope="module")
def ready_settings(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Settings:
    """A migrated database of these tests' own, served with the worker in ``serve``."""
    return fresh_database(tmp_path_factory, worker_id, "health").model_copy(
        update={"worker_in_serve": True}
    )


@asynccontextmanager
async def _served(
    settings: Settings, clock: Clock | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a server of its own on ``settings``, in this event loop."""
    app = create_app(settings, clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def _readiness(client: httpx.AsyncClient) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = await client.get("/readyz")
    return response, time.monotonic() - started


def test_a_fresh_server_is_ready(ready_settings: Settings) -> None:
    async def scenario() -> None:
        async with _served(ready_settings) as client:
            response, took = await _readiness(client)
            assert response.status_code == 200, response.text
            assert response.json() == {
                "status": "ok",
                "checks": {"database": "ok", "migrations": "ok"},
            }
            assert response.headers["Cache-Control"] == "no-store"
            assert took < ANSWERED_WITHIN
            health = await client.get("/healthz")
            assert (health.status_code, health.json()) == (200, {"status": "ok"})

    asyncio.run(scenario())


def test_a_database_behind_the_code_is_not_ready(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    """The server started without migrating (as `serve` does before it serves):
    the database one revision behind the code's."""
    settings = fresh_database(tmp_path_factory, worker_id, "health_behind").model_copy(
        update={"worker_in_serve": True}
    )
    head = migrations.head()
    script = ScriptDirectory.from_config(migrations.alembic_config(settings))
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)
    migrations.downgrade(settings, previous)

    async def scenario() -> None:
        async with _served(settings) as client:
            response, took = await _readiness(client)
            assert response.status_code == 503, response.text
            assert response.json() == {
                "status": "unavailable",
                "checks": {
                    "database": "ok",
                    "migrations": f"database at {previous}, code at {head}",
                },
            }
            assert took < ANSWERED_WITHIN

    asyncio.run(scenario())
    migrations.upgrade(settings)

    async def migrated() -> None:
        async with _served(settings) as client:
            assert (await client.get("/readyz")).status_code == 200

    asyncio.run(migrated())


def test_a_configured_broker_must_answer(ready_settings: Settings) -> None:
    """Redis is pinged when it is the broker: a port nothing listens on is not
    ready (and its password is not told); a running Redis is."""
    down = ready_settings.model_copy(
        update={"broker_url": f"redis://:broker-password@127.0.0.1:{free_port()}/0"}
    )
    port = free_port()
    redis_process = start_redis(port)
    up = ready_settings.model_copy(update={"broker_url": f"redis://127.0.0.1:{port}/0"})

    async def scenario() -> None:
        async with _served(down) as client:
            response, took = await _readiness(client)
            assert response.status_code == 503, response.text
            checks = response.json()["checks"]
            assert checks["broker"] in ("unreachable", "timeout")
            assert (checks["database"], checks["migrations"]) == ("ok", "ok")
            assert "broker-password" not in response.text
            assert took < ANSWERED_WITHIN
        async with _served(up) as client:
            response, _ = await _readiness(client)
            assert response.status_code == 200, response.text
            assert response.json()["checks"]["broker"] == "ok"

    try:
        asyncio.run(scenario())
    finally:
        stop_redis(redis_process)


def test_a_separate_worker_must_have_said_lately_it_is_alive(ready_settings: Settings) -> None:
    """With the workers apart from `serve`: none started, one beating, one
    silent past ``worker_silent_seconds``, one stopped."""
    settings = ready_settings.model_copy(
        update={
            "worker_in_serve": False,
            # No beat but the first during the test: the clock moved on is silence.
            "worker_heartbeat_seconds": 600.0,
            "worker_silent_seconds": 45.0,
        }
    )
    clock = MovableClock()

    async def worker_check(client: httpx.AsyncClient) -> tuple[int, str]:
        response, took = await _readiness(client)
        assert took < ANSWERED_WITHIN
        return response.status_code, response.json()["checks"]["worker"]

    async def scenario() -> None:
        async with _served(settings, clock) as client:
            assert await worker_check(client) == (503, "no worker running")
            async with Database(settings.database_url_async) as database:
                worker = Worker(database, settings, clock)
                await worker.start()
                try:
                    deadline = time.monotonic() + 10
                    while (checked := await worker_check(client)) != (200, "ok"):
                        assert time.monotonic() < deadline, checked
                        await asyncio.sleep(0.05)
                    clock.advance(timedelta(seconds=100))
                    status, said = await worker_check(client)
                    silent = re.fullmatch(r"no worker heard from for (\d+) s", said)
                    assert status == 503
                    assert silent is not None, said
                    assert 100 <= int(silent[1]) < 160
                finally:
                    await worker.close()
            assert await worker_check(client) == (503, "no worker running")

    asyncio.run(scenario())


@contextmanager
def _unreadable(database: Path) -> Iterator[None]:
    """Another connection holds every lock of the SQLite file (exclusive locking
    mode): no other connection may even read it until the block ends."""
    with closing(sqlite3.connect(database, isolation_level=None)) as holder:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE accounts SET name = name")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")


def test_a_hanging_database_is_answered_within_the_second(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """SQLite's file locked by a test's exclusive transaction: the checks would
    wait the database's 5 s; /readyz answers 503 "timeout" before that, and
    /healthz 200 (it reads nothing). Once the lock is gone, ready again."""
    settings = Settings(
        environment="test",
        secret_key="test-secret-key",
        data_dir=tmp_path_factory.mktemp("health_hang"),
        database_wait_seconds=5.0,
        janus_binary="/nonexistent/janus",
    )
    migrations.upgrade(settings)
    path = make_url(settings.database_url_async).database
    assert path is not None

    async def scenario() -> None:
        async with _served(settings) as client:
            with _unreadable(Path(path)):
                for _ in range(2):
                    response, took = await _readiness(client)
                    assert response.status_code == 503, response.text
                    assert response.json()["checks"] == {
                        "database": "timeout",
                        "migrations": "timeout",
                    }
                    assert took < ANSWERED_WITHIN
                health = await client.get("/healthz")
                assert health.status_code == 200
            deadline = time.monotonic() + 10
            while (response := await client.get("/readyz")).status_code != 200:
                assert time.monotonic() < deadline, response.text
                await asyncio.sleep(0.1)

    asyncio.run(scenario())
