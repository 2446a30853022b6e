"""A `webinarium worker` process's own /metrics (WEBINARIUM_WORKER_METRICS_PORT),
on a database of its own: the webhook it delivers to a real receiver, the mail
it sends to a real SMTP server and the scheduler step it takes are counted
there; the serve processes' token rule holds; the listener ends with the
process."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant, free_port, in_database
from tests.ops.samples import Samples, moved, samples_of
from tests.room.conftest import RoomServer
from tests.servers import SmtpServer, until
from tests.test_startup import WEBINARIUM
from tests.webhooks.receiver import Receiver
from webinarium.accounts.service import get_account
from webinarium.conferences.schemas import ConferenceDraft
from webinarium.conferences.service import create_conference
from webinarium.kit.time import utcnow
from webinarium.settings import Settings

TOKEN = "worker-scrape-5c1e"
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}
WAIT = 60.0
# A process's start (imports, migrations checked) on a machine a parallel suite loads.
START_WAIT = 120.0


class WorkerProcess:
    """`webinarium worker` on the test's database, its log in a file."""

    def __init__(
        self, settings: Settings, folder: Path, port: int | None = None, **env: str
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/metrics"
        self.log = folder / f"worker-{self.port}.log"
        environment = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
        environment.update(
            PYTHONUNBUFFERED="1",
            WEBINARIUM_ENVIRONMENT="test",
            WEBINARIUM_SECRET_KEY=settings.secret_key,
            WEBINARIUM_DATA_DIR=str(settings.data_dir),
            WEBINARIUM_DATABASE_URL=settings.database_url,
            WEBINARIUM_PUBLIC_URL=settings.public_url,
            WEBINARIUM_FETCH_ALLOW_HOSTS="127.0.0.1",
            WEBINARIUM_WORKER_POLL_SECONDS="0.2",
            WEBINARIUM_WORKER_METRICS_PORT=str(self.port),
            **env,
        )
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [str(WEBINARIUM), "worker"], cwd=folder, env=environment, stdout=log, stderr=log
            )

    def answers(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()
        try:
            httpx.get(self.url, timeout=2)
        except httpx.TransportError:
            return False
        return True

    def started(self) -> WorkerProcess:
        until(self.answers, "the worker's /metrics listens", START_WAIT)
        return self

    def stop(self) -> int:
        """SIGTERM, and its exit code (killed if it does not end in time)."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def api(own_settings: Settings) -> Iterator[httpx.Client]:
    """A serve process without a worker (the production layout's)."""
    server = RoomServer(own_settings, worker_in_serve=False).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        server.stop()


@pytest.fixture(scope="module")
def worker(
    own_settings: Settings, tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer
) -> Iterator[WorkerProcess]:
    process = WorkerProcess(
        own_settings,
        tmp_path_factory.mktemp("worker"),
        WEBINARIUM_METRICS_TOKEN=TOKEN,
        WEBINARIUM_SMTP_URL=f"smtp://127.0.0.1:{smtp.inbox.port}",
    )
    try:
        yield process.started()
    finally:
        process.stop()
    log = process.log.read_text()
    assert "Traceback" not in log, log


@pytest.fixture
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings, "Worker metrics")


def scrape(worker: WorkerProcess) -> Samples:
    return samples_of(httpx.get(worker.url, headers=SCRAPER, timeout=10))


def test_a_scrape_needs_the_token(worker: WorkerProcess) -> None:
    anonymous = httpx.get(worker.url, timeout=10)
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert "webinarium_" not in anonymous.text
    for wrong in (f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer"):
        assert httpx.get(worker.url, headers={"Authorization": wrong}).status_code == 401
    # /metrics is all it serves.
    elsewhere = worker.url.replace("/metrics", "/healthz")
    assert httpx.get(elsewhere, headers=SCRAPER, timeout=10).status_code == 404


def test_the_worker_shows_its_own_families(worker: WorkerProcess, own_settings: Settings) -> None:
    samples = scrape(worker)
    names = {name for name, _ in samples}
    # Every outcome from the start; the outbox and the pool read when scraped.
    for outcome in ("delivered", "retrying", "failed"):
        assert ("webinarium_webhook_deliveries_total", frozenset({("outcome", outcome)})) in samples
    for outcome in ("sent", "kept", "suppressed", "retrying", "failed"):
        assert ("webinarium_mails_total", frozenset({("outcome", outcome)})) in samples
    assert "webinarium_scheduler_lag_seconds_count" in names
    for queue in ("events", "jobs"):
        assert ("webinarium_outbox_depth", frozenset({("queue", queue)})) in samples
    pools = {dict(labels)["pool"] for name, labels in samples if name == "webinarium_db_pool_size"}
    assert pools == ({"writer", "reader"} if own_settings.is_sqlite else {"writer"})
    # A serve process's families are not a worker's: it holds no socket, answers
    # no API request and talks to no Janus.
    assert not [
        name
        for name in names
        if name.startswith(("webinarium_http_", "webinarium_room", "webinarium_janus"))
    ]


def test_a_webhook_a_mail_and_a_scheduler_step_are_counted(
    worker: WorkerProcess,
    api: httpx.Client,
    own_settings: Settings,
    tenant: Tenant,
    receiver: Receiver,
    smtp: SmtpServer,
) -> None:
    made = api.post(
        "/api/webinarium/v1/webhook_endpoints",
        headers=tenant.headers,
        json={"url": receiver.base_url + "/worker", "event_types": ["registration.created"]},
    )
    assert made.status_code == 201, made.text
    created = api.post(
        "/api/v1/conferences",
        headers=tenant.headers,
        json={
            "channel_id": tenant.channel_id,
            "title": "Counted",
            "start_time": "2031-05-01 10:00",
        },
    )
    assert created.status_code == 200, created.text
    before = scrape(worker)
    email = f"reader-{time.monotonic_ns()}@example.test"
    registered = api.put(
        "/api/v1/conferences/register",
        headers=tenant.headers,
        data={"id": created.json()["id"], "email": email, "first_name": "Ada", "last_name": "B"},
    )
    assert registered.status_code == 200, registered.text
    until(lambda: receiver.at("/worker"), "the worker's delivery", WAIT)
    smtp.inbox.wait_for(email)

    # A webinar due in a moment: the worker's scheduler starts it, a little late.
    async def create(session: AsyncSession) -> None:
        account = await get_account(session, tenant.account_id)
        draft = ConferenceDraft(
            channel_id=tenant.channel_id,
            title="Started by the worker",
            start=utcnow() + timedelta(seconds=1),
            duration_minutes=60,
        )
        await create_conference(session, account, draft)

    in_database(own_settings, create)
    deliveries, mails = "webinarium_webhook_deliveries_total", "webinarium_mails_total"
    lag = "webinarium_scheduler_lag_seconds_count"
    after = until(
        lambda: (
            (found := scrape(worker))
            and moved(before, found, deliveries, outcome="delivered")
            and moved(before, found, mails, outcome="sent")
            and moved(before, found, lag)
            and found
        ),
        "the delivery, the mail and the step counted by the worker",
        WAIT,
    )
    assert moved(before, after, deliveries, outcome="delivered") == 1
    assert moved(before, after, deliveries, outcome="failed") == 0
    assert moved(before, after, mails, outcome="sent") == 1
    assert moved(before, after, mails, outcome="failed") == 0
    assert moved(before, after, lag) >= 1


def test_without_a_token_there_is_no_metrics_and_sigterm_ends_the_listener(
    own_settings: Settings, tmp_path: Path
) -> None:
    worker = WorkerProcess(own_settings, tmp_path).started()
    try:
        assert httpx.get(worker.url, headers=SCRAPER, timeout=10).status_code == 404
    finally:
        code = worker.stop()
    assert code == 0, worker.log.read_text()
    assert not listening(worker.port)
    assert "Traceback" not in worker.log.read_text()


def test_a_port_taken_ends_the_worker_at_start(own_settings: Settings, tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        worker = WorkerProcess(own_settings, tmp_path, port)
        try:
            code = worker.process.wait(timeout=START_WAIT)
        finally:
            worker.stop()
    log = worker.log.read_text()
    assert code == 1, log
    assert f"WEBINARIUM_WORKER_METRICS_PORT {port}:" in log
    assert "Traceback" not in log
