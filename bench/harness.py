"""What every bench case shares: fresh databases, bulk seeding, servers in
subprocesses, the load generator, interleaved rounds, statistics and printing.

A case compares targets in one run: the project first, then what it is held
against (a bare app doing only part of the work, or the project on a smaller
database). Rounds are interleaved (project, reference, project, reference…)
so that whatever else loads the machine loads both sides alike; the figures
that count are the ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium import migrations
from webinarium.accounts import service as accounts
from webinarium.conferences import service as conferences
from webinarium.conferences.schemas import ConferenceDraft
from webinarium.kit import counters
from webinarium.kit.db import run_in_transaction
from webinarium.kit.ids import new_alias, new_client_code, new_id, new_uuid
from webinarium.models import Account, Conference, Person, Registration
from webinarium.registrations import service as registrations
from webinarium.registrations.schemas import RegistrantInput
from webinarium.settings import Settings

BENCH_DIR = Path(__file__).resolve().parent
POSTGRES_SERVER = os.environ.get("WEBINARIUM_BENCH_DATABASE_URL", "")
PUBLIC_URL = "https://webinars.example.test"
# Rows per INSERT statement when seeding.
CHUNK = 2_000
T = TypeVar("T")


def options(description: str | None, clients: int = 64) -> argparse.Namespace:
    """The command line of every case; ``clients`` is the case's default."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--seconds", type=float, default=4.0, help="seconds per target per round")
    parser.add_argument("--clients", type=int, default=clients, help="concurrent clients")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up per target")
    parser.add_argument("--json", type=Path, help="append the medians as one JSON line here")
    return parser.parse_args()


# Databases and seeding


@dataclass(frozen=True)
class Tenant:
    account_id: str
    api_key: str
    channel_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"API-KEY": self.api_key}


@dataclass(frozen=True)
class BenchDatabase:
    settings: Settings

    @property
    def engine_name(self) -> str:
        return "sqlite" if self.settings.is_sqlite else "postgresql"

    def run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """``work(session)`` in one committed transaction."""
        return asyncio.run(run_in_transaction(self.settings.database_url_async, work))


async def _postgres(statement: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    connection = await asyncpg.connect(POSTGRES_SERVER)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.contextmanager
def fresh_database(label: str) -> Iterator[BenchDatabase]:
    """A new database built by the migrations: a SQLite file in a temporary
    directory, or a database created (and dropped after) on the PostgreSQL
    server that WEBINARIUM_BENCH_DATABASE_URL names."""
    with tempfile.TemporaryDirectory(prefix=f"webinarium-bench-{label}-") as data_dir:
        name = f"webinarium_bench_{label}_{os.getpid()}".replace("-", "_")
        url = ""
        if POSTGRES_SERVER:
            asyncio.run(_postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            asyncio.run(_postgres(f'CREATE DATABASE "{name}"'))
            url = POSTGRES_SERVER.rsplit("/", 1)[0] + "/" + name
        settings = Settings(
            environment="production",
            secret_key=secrets.token_urlsafe(32),
            data_dir=Path(data_dir),
            database_url=url,
            public_url=PUBLIC_URL,
        )
        try:
            migrations.upgrade(settings)
            yield BenchDatabase(settings)
        finally:
            if POSTGRES_SERVER:
                asyncio.run(_postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def create_tenant(session: AsyncSession, name: str = "Bench") -> Tenant:
    """An account as `webinarium accounts create` makes one (user, channel, API key)."""
    new = await accounts.create_account(
        session, name=name, email=f"{new_id()}@example.test", password="correct horse battery"
    )
    return Tenant(new.account.id, new.api_key.plain, new.channel.id)


async def create_conference(
    session: AsyncSession, tenant: Tenant, title: str, start: datetime | None = None
) -> Conference:
    """One conference made by the service, as every dialect makes one."""
    account = await session.get_one(Account, tenant.account_id)
    draft = ConferenceDraft(
        channel_id=tenant.channel_id,
        title=title,
        purpose="A conference of the bench",
        start=start or datetime.now(UTC) + timedelta(days=1),
        duration_minutes=60,
        time_zone="Europe/Berlin",
    )
    return await conferences.create_conference(session, account, draft)


def _row(model_row: Any) -> dict[str, Any]:
    table = type(model_row).__table__
    return {column.key: getattr(model_row, column.key) for column in table.columns}


async def _insert_chunks(session: AsyncSession, table: Any, rows: Iterator[dict[str, Any]]) -> int:
    total = 0
    while chunk := list(itertools.islice(rows, CHUNK)):
        await session.execute(insert(table), chunk)
        total += len(chunk)
    return total


async def copy_conference(session: AsyncSession, template: Conference, count: int) -> None:
    """``count`` copies of a conference made by the service, in bulk: the same
    settings document and schedule length, each with its own ids, address,
    number and start (one minute apart, after the template's)."""
    row = _row(template)
    last = await counters.take_numbers(session, template.account_id, counters.CONFERENCES, count)
    length = template.end_at - template.start_at

    def copies() -> Iterator[dict[str, Any]]:
        for i in range(count):
            start = template.start_at + timedelta(minutes=i + 1)
            yield row | {
                "id": new_id(),
                "title": f"{template.title} {i + 1}",
                "sub_url": f"{template.sub_url}-{i + 1}",
                "alias": new_alias(),
                "code": new_uuid(),
                "number": last - count + 1 + i,
                "start_at": start,
                "end_at": start + length,
            }

    await _insert_chunks(session, Conference.__table__, copies())


async def register(session: AsyncSession, tenant: Tenant, conference_id: str, email: str) -> None:
    """One registration made by the service (person, registration, event)."""
    account = await session.get_one(Account, tenant.account_id)
    registrant = RegistrantInput(email=email, first_name="Ada", last_name="Bench")
    await registrations.register(session, account, conference_id, registrant, update_existing=False)


async def copy_registrations(
    session: AsyncSession, tenant: Tenant, conference_id: str, count: int
) -> None:
    """``count`` registrations for the conference in bulk, each of a new person:
    copies of one the service made (its person's details, its answers)."""
    template_email = f"template-{new_id()}@example.test"
    await register(session, tenant, conference_id, template_email)
    person = await session.scalar(
        select(Person).where(Person.account_id == tenant.account_id, Person.email == template_email)
    )
    assert person is not None
    registration = await session.scalar(
        select(Registration).where(Registration.person_id == person.id)
    )
    assert registration is not None
    person_row, registration_row = _row(person), _row(registration)
    session.expunge_all()
    people_ids = [new_id() for _ in range(count - 1)]
    await _insert_chunks(
        session,
        Person.__table__,
        (person_row | {"id": id_, "email": f"registrant-{id_}@example.test"} for id_ in people_ids),
    )
    await _insert_chunks(
        session,
        Registration.__table__,
        (
            registration_row
            | {
                "id": new_id(),
                "person_id": id_,
                "enter_token": registrations.new_enter_token(),
                "client_code": new_client_code(),
            }
            for id_ in people_ids
        ),
    )


def registered_emails(database: BenchDatabase, conference_id: str) -> set[str]:
    """The e-mails registered (not revoked) for the conference, read from the database."""

    async def read(session: AsyncSession) -> set[str]:
        rows = await session.scalars(
            select(Person.email)
            .join(Registration, Registration.person_id == Person.id)
            .where(Registration.conference_id == conference_id, Registration.revoked_at.is_(None))
        )
        return set(rows)

    return database.run(read)


# Servers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start:\n{log.read_text()[-3000:]}")
        try:
            httpx.get(url + "/healthz", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not start in 60 s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def serve(app: str, env: dict[str, str], log: Path) -> Iterator[str]:
    """Serves ``module:factory`` with uvicorn in a subprocess, one worker, as
    `webinarium serve` does (access log off for every target alike)."""
    port = _free_port()
    command = [
        *(sys.executable, "-m", "uvicorn", "--factory", app, "--app-dir", str(BENCH_DIR)),
        *("--host", "127.0.0.1", "--port", str(port)),
        *("--log-level", "warning", "--no-access-log"),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=os.environ | env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def project_env(database: BenchDatabase) -> dict[str, str]:
    settings = database.settings
    return {
        "WEBINARIUM_ENVIRONMENT": settings.environment,
        "WEBINARIUM_SECRET_KEY": settings.secret_key,
        "WEBINARIUM_DATA_DIR": str(settings.data_dir),
        "WEBINARIUM_DATABASE_URL": settings.database_url,
        "WEBINARIUM_PUBLIC_URL": settings.public_url,
    }


# Load


class BadAnswer(Exception):
    pass


def expect_ok(response: httpx.Response) -> httpx.Response:
    if response.status_code != 200:
        raise BadAnswer(f"HTTP {response.status_code}: {response.text[:300]}")
    return response


Call = Callable[[httpx.AsyncClient, int], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class Target:
    """What the load hits: ``call(client, n)`` makes one request (or one pair),
    ``n`` a number unique in the run; it raises when the answer is wrong."""

    name: str
    url: str
    call: Call


@dataclass
class Measure:
    done: int
    errors: int
    seconds: float
    latencies: list[float]
    first_error: str | None

    @property
    def rate(self) -> float:
        return self.done / self.seconds

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


_numbers = itertools.count(1)


async def _client_loop(
    target: Target,
    client: httpx.AsyncClient,
    deadline: float,
    latencies: list[float],
    errors: list[str],
) -> int:
    """Calls until the deadline; returns how many calls succeeded before it."""
    in_time = 0
    while time.perf_counter() < deadline:
        began = time.perf_counter()
        try:
            await target.call(client, next(_numbers))
        except (BadAnswer, httpx.HTTPError) as error:
            errors.append(f"{type(error).__name__}: {error}")
        else:
            ended = time.perf_counter()
            latencies.append(ended - began)
            in_time += ended <= deadline
    return in_time


async def _load(target: Target, seconds: float, clients: int) -> Measure:
    # A client of its own per simulated user: one httpx pool shared by 64
    # concurrent requests spends more time in its pool than on the wire
    # (measured here: 96 req/s against a bare app that answers 1,160).
    # Plain HTTP: verify=False spares each client loading the CA bundle.
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    latencies: list[float] = []
    errors: list[str] = []
    async with contextlib.AsyncExitStack() as stack:
        pool = [
            await stack.enter_async_context(
                httpx.AsyncClient(base_url=target.url, limits=limits, timeout=120, verify=False)
            )
            for _ in range(clients)
        ]
        deadline = time.perf_counter() + seconds
        done = await asyncio.gather(
            *(_client_loop(target, client, deadline, latencies, errors) for client in pool)
        )
    # The rate counts what finished within the round; latencies count every call.
    return Measure(sum(done), len(errors), seconds, latencies, errors[0] if errors else None)


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


@dataclass
class Summary:
    target: str
    rates: list[float] = field(default_factory=list)
    p50s: list[float] = field(default_factory=list)
    p99s: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None

    def add(self, measure: Measure) -> None:
        self.rates.append(measure.rate)
        self.p50s.append(measure.percentile(0.50))
        self.p99s.append(measure.percentile(0.99))
        self.errors += measure.errors
        self.first_error = self.first_error or measure.first_error

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)

    @property
    def p50(self) -> float:
        return statistics.median(self.p50s)

    @property
    def p99(self) -> float:
        return statistics.median(self.p99s)


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"


_LINE = "{:>5}  {:<46} {:>9} {:>9} {:>9} {:>7}"


def _line(label: str, summary_name: str, rate: float, p50: float, p99: float, errors: int) -> str:
    return _LINE.format(label, summary_name, f"{rate:,.1f}", f"{p50:.1f}", f"{p99:.1f}", errors)


def compare(
    title: str, targets: Sequence[Target], opts: argparse.Namespace, unit: str = "req/s"
) -> list[Summary]:
    """Warms each target up, then runs the interleaved rounds and prints each
    round, the medians and the project's ratio to each other target."""
    database = "postgresql" if POSTGRES_SERVER else "sqlite"
    print(
        f"\n== {title}\n   {database}, {opts.clients} concurrent clients, "
        f"{opts.rounds} interleaved rounds of {opts.seconds:g} s per target",
        flush=True,
    )
    for target in targets:
        _run(_load(target, opts.warmup, opts.clients))
    summaries = [Summary(t.name) for t in targets]
    print(_LINE.format("round", "target", unit, "p50 ms", "p99 ms", "errors"))
    for number in range(1, opts.rounds + 1):
        for target, summary in zip(targets, summaries, strict=True):
            measure = _run(_load(target, opts.seconds, opts.clients))
            summary.add(measure)
            print(
                _line(
                    str(number),
                    target.name,
                    measure.rate,
                    measure.percentile(0.5),
                    measure.percentile(0.99),
                    measure.errors,
                ),
                flush=True,
            )
    project = summaries[0]
    print("median")
    for summary in summaries:
        print(_line("", summary.target, summary.rate, summary.p50, summary.p99, summary.errors))
    for summary in summaries[1:]:
        print(
            f"ratio  {project.target} / {summary.target}: {_share(project.rate, summary.rate)}"
            f" of its {unit}, p50 ×{project.p50 / summary.p50:.2f}"
        )
    for summary in summaries:
        if summary.first_error:
            print(f"first error of {summary.target}: {summary.first_error}")
    if opts.json:
        record = {
            "case": title,
            "database": database,
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "clients": opts.clients,
            "rounds": opts.rounds,
            "seconds": opts.seconds,
            "unit": unit,
            "targets": [
                {"name": s.target, "rate": s.rate, "p50_ms": s.p50, "p99_ms": s.p99}
                | {"errors": s.errors}
                for s in summaries
            ],
        }
        with opts.json.open("a") as output:
            output.write(json.dumps(record) + "\n")
    return summaries


def check_nothing_lost(acknowledged: set[str], stored: set[str], errors: int) -> None:
    """Prints (and fails the command on) acknowledged registrations missing from
    the database, or any error."""
    lost = acknowledged - stored
    print(f"acknowledged {len(acknowledged)}, stored {len(stored)}, lost {len(lost)}")
    if lost or errors:
        raise SystemExit(f"FAILED: {len(lost)} acknowledged registrations lost, {errors} errors")


class Bench(contextlib.ExitStack):
    """A case's databases and servers, closed in reverse order when it ends
    (servers stop before their database is dropped)."""

    def __init__(self) -> None:
        super().__init__()
        self.logs = Path(self.enter_context(tempfile.TemporaryDirectory(prefix="bench-logs-")))

    def database(self, label: str) -> BenchDatabase:
        return self.enter_context(fresh_database(label))

    def project(self, database: BenchDatabase) -> str:
        """The real server (`webinarium.app.create_app`) on the database."""
        log = self.logs / f"project-{len(os.listdir(self.logs))}.log"
        return self.enter_context(serve("webinarium.app:create_app", project_env(database), log))

    def ceiling(self, factory: str, **env: str) -> str:
        """A bare app of `ceilings`, configured by BENCH_<NAME> variables."""
        variables = {f"BENCH_{name.upper()}": value for name, value in env.items()}
        log = self.logs / f"{factory}.log"
        return self.enter_context(serve(f"ceilings:{factory}", variables, log))

    def body_file(self, body: Any) -> str:
        """Writes an answer for a ceiling that sends it again; returns the path."""
        path = self.logs / f"body-{len(os.listdir(self.logs))}.json"
        path.write_text(json.dumps(body))
        return str(path)
