"""Test harness: a real server on 127.0.0.1 over a real database.

Each pytest-xdist worker gets its own database, built by running the migrations:
a fresh SQLite file, or, when WEBINARIUM_TEST_DATABASE_URL names a PostgreSQL
server, a fresh database on it. The application runs in uvicorn on a free port in
a background thread and tests talk to it with httpx over TCP.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import uvicorn
import yaml
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tests.queries import QueryCounter
from tests.servers import Inbox, SmtpServer, free_port
from tests.webhooks.receiver import Receiver, start_receiver
from webinarium import migrations
from webinarium.accounts import service as accounts
from webinarium.app import create_app
from webinarium.kit.clock import MovableClock
from webinarium.kit.db import run_in_transaction
from webinarium.kit.ids import new_id
from webinarium.settings import Settings

REFERENCE = Path(__file__).parent / "reference"
# Test databases are named after the checkout, so suites of two checkouts can run
# on one PostgreSQL server at the same time.
CHECKOUT = hashlib.sha1(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]
T = TypeVar("T")


def in_database(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """``work(session)`` in one committed transaction on the test database."""
    return asyncio.run(run_in_transaction(settings.database_url_async, work))


def _postgres_database(server_url: str, name: str) -> str:
    """Creates (or re-creates) database ``name`` on the server; returns its URL."""
    import asyncpg

    async def recreate() -> None:
        connection = await asyncpg.connect(server_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    asyncio.run(recreate())
    return server_url.rsplit("/", 1)[0] + "/" + name


def make_settings(data_dir: Path, database_name: str) -> Settings:
    server_url = os.environ.get("WEBINARIUM_TEST_DATABASE_URL", "")
    database_url = _postgres_database(server_url, database_name) if server_url else ""
    return Settings(
        environment="test",
        secret_key="test-secret-key",
        data_dir=data_dir,
        database_url=database_url,
        public_url="https://webinars.example.test/",
        # Every test's form comes from 127.0.0.1 (tests/pages/test_landing.py
        # tests the limit on a server of its own).
        join_form_per_address=10_000,
        # The files tests' own HTTP server. Every app of a test process (the
        # room tests start more) takes committed fetches, so all must allow it;
        # tests/files/test_fetch.py refuses loopback with settings of its own.
        fetch_allow_hosts="127.0.0.1",
        # The suite's server runs no worker: its statements would mix with the
        # ones tests count (tests/queries.py), and a test of delivery moves a
        # clock of its own. Those tests start a server with one (tests/worker).
        worker_in_serve=False,
        # The suite's servers are threads of one test process, sharing its GIL
        # with the others on a machine two suites may load: a writer holding
        # SQLite's lock can be held back for seconds (tests/test_outage.py
        # proves the wait itself with settings of its own).
        database_wait_seconds=15.0,
        # No Janus for the suite's servers (their start stays fast, nothing is
        # left running): the media tests (tests/media/) start theirs.
        janus_binary="/nonexistent/janus",
    )


def fresh_database(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, purpose: str = ""
) -> Settings:
    """Settings on a new, migrated database of its own (``purpose`` tells apart
    several in one test process)."""
    suffix = f"_{purpose}" if purpose else ""
    settings = make_settings(
        tmp_path_factory.mktemp(f"data{suffix}"),
        f"webinarium_test_{CHECKOUT}_{worker_id}{suffix}",
    )
    migrations.upgrade(settings)
    return settings


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Settings:
    return fresh_database(tmp_path_factory, worker_id)


# A module's own: for tests that start a server of their own (with the worker,
# a clock they move) and the parties it talks to (tests/servers.py).


@pytest.fixture(scope="module")
def own_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> Settings:
    """A new, migrated database of the module's own, named after the module
    (tests.ops.test_metrics: ops_metrics)."""
    module = request.module.__name__.removeprefix("tests.").replace("test_", "")
    return fresh_database(tmp_path_factory, worker_id, module.replace(".", "_"))


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def inbox(smtp: SmtpServer) -> Inbox:
    return smtp.inbox


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    receiver = start_receiver()
    yield receiver
    receiver.stop()


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test runner owns the signals
        pass


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    """The application the test server runs."""
    return create_app(settings)


@pytest.fixture(scope="session")
def server_url(app: FastAPI) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = _Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def queries(app: FastAPI, server_url: str) -> QueryCounter:
    """Counts the statements the server runs in a block: see tests/queries.py."""
    return QueryCounter(app)


@pytest.fixture(scope="session")
def http(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_url, timeout=30) as client:
        yield client


@dataclass(frozen=True)
class Tenant:
    """An account created the way `webinarium accounts create` creates one."""

    account_id: str
    api_key: str
    channel_id: str
    channel_url: str
    email: str
    password: str

    @property
    def headers(self) -> dict[str, str]:
        return {"API-KEY": self.api_key}


def create_tenant(settings: Settings, name: str = "Tenant") -> Tenant:
    email = f"{new_id()}@example.test"
    password = "correct horse battery"

    async def create(session: AsyncSession) -> Tenant:
        new = await accounts.create_account(session, name=name, email=email, password=password)
        return Tenant(
            account_id=new.account.id,
            api_key=new.api_key.plain,
            channel_id=new.channel.id,
            channel_url=new.channel.url,
            email=email,
            password=password,
        )

    return in_database(settings, create)


@pytest.fixture(scope="session")
def alice(settings: Settings) -> Tenant:
    """The account most tests act as. Shared: tests must not count its conferences."""
    return create_tenant(settings, "Alice Webinars")


@pytest.fixture(scope="session")
def bob(settings: Settings) -> Tenant:
    """A second account: everything of Alice's must stay invisible to Bob."""
    return create_tenant(settings, "Bob Events")


@pytest.fixture
def fresh_tenant(settings: Settings) -> Tenant:
    """An account of its own, for tests that list or count."""
    return create_tenant(settings, "Fresh")


@pytest.fixture(scope="session")
def bigmarker_reference() -> dict[str, Any]:
    with (REFERENCE / "bigmarker-api-v1.yaml").open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


@pytest.fixture(scope="session")
def bigmarker_operations(bigmarker_reference: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {op["id"]: op for op in bigmarker_reference["operations"]}


@pytest.fixture(scope="session")
def reference_tables() -> dict[str, Any]:
    with (REFERENCE / "reference-tables.yaml").open() as f:
        tables: dict[str, Any] = yaml.safe_load(f)
    return tables
