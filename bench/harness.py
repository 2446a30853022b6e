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
import shutil
import signal
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
from urllib.parse import urlencode

import httpx
from sqlalchemy import func, insert, select
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
        """``work(session)`` in one committed transaction; on PostgreSQL the
        database is then vacuumed and analysed, as autovacuum would have done
        to a live database after a bulk load (without statistics the planner
        takes 100,000 fresh rows for one and sorts them all to page them)."""
        result = asyncio.run(run_in_transaction(self.settings.database_url_async, work))
        if not self.settings.is_sqlite:
            asyncio.run(_postgres("VACUUM ANALYZE", self.settings.database_url))
        return result


async def _postgres(statement: str, url: str = POSTGRES_SERVER) -> None:
    import asyncpg  # type: ignore[import-untyped]

    connection = await asyncpg.connect(url)
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
                "enter_seed": registrations.new_enter_seed(),
                "client_code": new_client_code(),
            }
            for id_ in people_ids
        ),
    )


def seed_conference(database: BenchDatabase, title: str) -> tuple[Tenant, str, str]:
    """A new account with one conference; returns it with the conference's id and alias."""

    async def seed(session: AsyncSession) -> tuple[Tenant, str, str]:
        tenant = await create_tenant(session)
        conference = await create_conference(session, tenant, title)
        return tenant, conference.id, conference.alias

    return database.run(seed)


def seed_conferences(database: BenchDatabase, count: int) -> Tenant:
    """A new account with ``count`` conferences: one made by the service, the rest copies."""

    async def seed(session: AsyncSession) -> Tenant:
        tenant = await create_tenant(session)
        template = await create_conference(session, tenant, "Listed conference")
        await copy_conference(session, template, count - 1)
        return tenant

    return database.run(seed)


def registered_count(database: BenchDatabase, conference_id: str) -> int:
    """How many registrations (not revoked) the conference has, read from the database."""

    async def read(session: AsyncSession) -> int:
        count = await session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.conference_id == conference_id, Registration.revoked_at.is_(None))
        )
        return int(count or 0)

    return database.run(read)


# Servers


def free_port() -> int:
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
    port = free_port()
    command = [
        *(sys.executable, "-m", "uvicorn", "--factory", app, "--app-dir", str(BENCH_DIR)),
        *("--host", "127.0.0.1", "--port", str(port)),
        *("--log-level", "warning", "--no-access-log"),
    ]
    with server_process(command, env, log, port) as (url, _):
        yield url


@contextlib.contextmanager
def server_process(
    command: list[str], env: dict[str, str], log: Path, port: int
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Runs ``command`` (a server on ``port`` that answers ``/healthz``) until
    the block ends; yields its URL and its process."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=os.environ | env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, process, log)
        yield url, process
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
# In a `Request`'s form, replaced by a value unique in the run.
UNIQUE = "BENCHN"
# wrk (Debian package wrk) spends far less CPU per request than a Python
# client; WEBINARIUM_BENCH_CLIENT=httpx uses httpx even where wrk is installed.
WRK = shutil.which("wrk") if os.environ.get("WEBINARIUM_BENCH_CLIENT") != "httpx" else None


@dataclass(frozen=True)
class Request:
    """One request shape, sent by wrk when it is installed, by httpx otherwise.
    The answer is right when it is 200 and contains ``expect``."""

    method: str
    path: str
    expect: str
    headers: dict[str, str] = field(default_factory=dict)
    # Sent urlencoded; UNIQUE in a value becomes a value unique in the run.
    form: dict[str, str] | None = None
    # Forms sent after ``form`` on the same connection, in order (one call is
    # the sequence; UNIQUE is the same value in all of them).
    then: tuple[dict[str, str], ...] = ()

    @property
    def bodies(self) -> list[str]:
        forms = [] if self.form is None else [self.form, *self.then]
        return [urlencode(form) for form in forms] or [""]

    @property
    def all_headers(self) -> dict[str, str]:
        if self.form is None:
            return self.headers
        return self.headers | {"Content-Type": "application/x-www-form-urlencoded"}

    def check(self, status: int, text: str) -> None:
        if status != 200 or self.expect not in text:
            raise BadAnswer(f"HTTP {status}, expected {self.expect!r}: {text[:300]}")

    async def send(self, client: httpx.AsyncClient, n: int) -> None:
        for body in self.bodies:
            content = body.replace(UNIQUE, str(n)).encode()
            response = await client.request(
                self.method, self.path, content=content, headers=self.all_headers
            )
            self.check(response.status_code, response.text)


@dataclass(frozen=True)
class Target:
    """What the load hits: a `Request`, or ``call(client, n)`` for what one
    request shape cannot say (a pair of calls); ``n`` is unique in the run and
    a call raises when an answer is wrong."""

    name: str
    url: str
    call: Call | Request


@dataclass(frozen=True)
class Measure:
    done: int  # right answers within the round
    answered: int  # right answers in all (a registration acknowledged late counts)
    errors: int
    seconds: float
    p50: float
    p99: float
    first_error: str | None

    @property
    def rate(self) -> float:
        return self.done / self.seconds


_numbers = itertools.count(1)


def _percentile(latencies: list[float], share: float) -> float:
    if not latencies:
        return float("nan")
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def _client_loop(
    call: Call,
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
            await call(client, next(_numbers))
        except (BadAnswer, httpx.HTTPError) as error:
            errors.append(f"{type(error).__name__}: {error}")
        else:
            ended = time.perf_counter()
            latencies.append(ended - began)
            in_time += ended <= deadline
    return in_time


async def _httpx_load(url: str, call: Call, seconds: float, clients: int) -> Measure:
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
                httpx.AsyncClient(base_url=url, limits=limits, timeout=120, verify=False)
            )
            for _ in range(clients)
        ]
        deadline = time.perf_counter() + seconds
        done = await asyncio.gather(
            *(_client_loop(call, client, deadline, latencies, errors) for client in pool)
        )
    return Measure(
        done=sum(done),
        answered=len(latencies),
        errors=len(errors),
        seconds=seconds,
        p50=_percentile(latencies, 0.50),
        p99=_percentile(latencies, 0.99),
        first_error=errors[0] if errors else None,
    )


def _wrk_load(wrk: str, url: str, request: Request, seconds: float, clients: int) -> Measure:
    bodies = request.bodies
    # A sequence stays in order only with one connection per wrk thread.
    threads = clients if len(bodies) > 1 else min(clients, os.cpu_count() or 1)
    command = [
        *(wrk, f"-t{threads}", f"-c{clients}"),
        *(f"-d{max(1, round(seconds))}s", "--timeout", "60s"),
        *("-s", str(BENCH_DIR / "wrk.lua"), url + request.path),
    ]
    env = os.environ | {
        "BENCH_METHOD": request.method,
        "BENCH_PATH": request.path,
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in request.all_headers.items()),
        "BENCH_BODIES": "\n".join(bodies),
        "BENCH_EXPECT": request.expect,
        "BENCH_PREFIX": str(next(_numbers)),
    }
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    lines = output.stdout.strip().splitlines()
    # The JSON line, then the first wrong answer if there was one.
    result_at = next(i for i, line in enumerate(lines) if line.startswith('{"requests"'))
    result = json.loads(lines[result_at])
    first_wrong = " ".join(lines[result_at + 1 :])
    # A sequence counts once (its calls are answered one after the other).
    done = (result["requests"] - result["errors"]) // len(bodies)
    wrong = f"{result['errors']} wrong answers or socket errors (wrk); first: {first_wrong}"
    return Measure(
        done=done,
        answered=done,
        errors=result["errors"],
        seconds=result["seconds"],
        p50=result["p50_ms"],
        p99=result["p99_ms"],
        first_error=wrong if result["errors"] else None,
    )


def _load(target: Target, seconds: float, clients: int) -> Measure:
    if isinstance(target.call, Request) and WRK:
        return _wrk_load(WRK, target.url, target.call, seconds, clients)
    call = target.call.send if isinstance(target.call, Request) else target.call
    return _run(_httpx_load(target.url, call, seconds, clients))


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
    # Right answers of every load, warm-up included: what the server acknowledged.
    answered: int = 0
    first_error: str | None = None

    def add(self, measure: Measure, *, warmup: bool = False) -> None:
        self.answered += measure.answered
        self.errors += measure.errors
        self.first_error = self.first_error or measure.first_error
        if not warmup:
            self.rates.append(measure.rate)
            self.p50s.append(measure.p50)
            self.p99s.append(measure.p99)

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
    client = "wrk" if WRK and any(isinstance(t.call, Request) for t in targets) else "httpx"
    print(
        f"\n== {title}\n   {database}, {opts.clients} concurrent clients ({client}), "
        f"{opts.rounds} interleaved rounds of {opts.seconds:g} s per target",
        flush=True,
    )
    summaries = [Summary(t.name) for t in targets]
    for target, summary in zip(targets, summaries, strict=True):
        summary.add(_load(target, opts.warmup, opts.clients), warmup=True)
    print(_LINE.format("round", "target", unit, "p50 ms", "p99 ms", "errors"))
    for number in range(1, opts.rounds + 1):
        for target, summary in zip(targets, summaries, strict=True):
            measure = _load(target, opts.seconds, opts.clients)
            summary.add(measure)
            print(
                _line(
                    str(number),
                    target.name,
                    measure.rate,
                    measure.p50,
                    measure.p99,
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
            "client": client,
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


def check_nothing_lost(project: Summary, stored: int) -> None:
    """Prints (and fails the command on) acknowledged registrations missing from
    the database, or any error. Each call registers a new e-mail, so the rows
    stored can be no fewer than the registrations answered 200."""
    lost = max(0, project.answered - stored)
    print(f"acknowledged {project.answered}, stored {stored}, lost {lost}")
    if lost or project.errors:
        raise SystemExit(f"FAILED: {lost} acknowledged registrations lost, {project.errors} errors")


class Bench(contextlib.ExitStack):
    """A case's databases and servers, closed in reverse order when it ends
    (servers stop before their database is dropped)."""

    def __init__(self) -> None:
        super().__init__()
        # A terminated case still stops its servers and drops its databases.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
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

    def raw_sql_ceiling(self, factory: str, database: BenchDatabase, tenant: Tenant) -> str:
        """A bare app of `ceilings` that queries the tenant's rows in the database itself."""
        return self.ceiling(
            factory, database_url=database.settings.database_url_async, account_id=tenant.account_id
        )

    def body_file(self, body: Any) -> str:
        """Writes an answer for a ceiling that sends it again; returns the path."""
        path = self.logs / f"body-{len(os.listdir(self.logs))}.json"
        path.write_text(json.dumps(body))
        return str(path)
