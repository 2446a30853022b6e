"""``kill -9`` of a ``webinarium worker`` process while it delivers: after a
restart every event is delivered; what a receiver had answered 2xx (and the
worker had recorded) is not sent again; what was cut off is sent again with the
same ``webhook-id`` and body. The worker is a real process on the system clock,
with a short lease so that its jobs come back soon."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant, create_tenant
from tests.room.conftest import RoomServer
from tests.servers import until
from tests.webhooks.receiver import Answer, Received, start_receiver
from tests.webhooks.test_delivery import BASE, deliveries
from tests.worker.process import wait_until_started
from webinarium.settings import Settings

WEBINARIUM = Path(sys.executable).parent / "webinarium"
EVENTS = 6
ANSWERED_AT_ONCE = 3


def start_worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
    env.update(
        WEBINARIUM_ENVIRONMENT="test",
        WEBINARIUM_SECRET_KEY=settings.secret_key,
        WEBINARIUM_DATA_DIR=str(settings.data_dir),
        WEBINARIUM_DATABASE_URL=settings.database_url,
        WEBINARIUM_FETCH_ALLOW_HOSTS="127.0.0.1",
        WEBINARIUM_WORKER_LEASE_SECONDS="3",
        WEBINARIUM_WORKER_POLL_SECONDS="0.2",
    )
    return subprocess.Popen(
        [str(WEBINARIUM), "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def api(own_settings: Settings) -> Iterator[httpx.Client]:
    # The API only: the worker is the process the test kills.
    server = RoomServer(own_settings, worker_in_serve=False).start()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client
    server.stop()


def test_a_worker_killed_while_delivering_leaves_nothing_lost_or_doubled(
    own_settings: Settings, api: httpx.Client
) -> None:
    tenant: Tenant = create_tenant(own_settings)
    receiver = start_receiver()
    released = threading.Event()
    first_ids: list[str] = []
    lock = threading.Lock()

    def script(arrived: Received, _: list[Received]) -> Answer:
        """The first messages are answered at once; the others are held until
        the worker is killed (then answered to no one)."""
        with lock:
            if arrived.webhook_id not in first_ids and len(first_ids) < ANSWERED_AT_ONCE:
                first_ids.append(arrived.webhook_id)
            at_once = arrived.webhook_id in first_ids or released.is_set()
        if at_once:
            return 200, {}, b"ok"
        released.wait(60)
        return 503, {}, b""

    receiver.scripts["/hook"] = script
    worker = start_worker(own_settings)
    try:
        wait_until_started(own_settings, worker)
        response = api.post(
            f"{BASE}/webhook_endpoints",
            headers=tenant.headers,
            json={"url": receiver.base_url + "/hook", "event_types": ["conference.created"]},
        )
        assert response.status_code == 201, response.text
        endpoint: dict[str, Any] = response.json()
        for n in range(EVENTS):
            create_conference(api, tenant, title=f"Webinar {n}")

        def delivered() -> list[dict[str, Any]]:
            return [
                d for d in deliveries(api, tenant, endpoint["id"]) if d["status"] == "delivered"
            ]

        # Some answered and recorded, the others under way: kill it then.
        until(lambda: len(delivered()) == ANSWERED_AT_ONCE, "the first deliveries recorded")
        until(lambda: len(receiver.at("/hook")) == EVENTS, "every message under way")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
        released.set()

        worker = start_worker(own_settings)
        wait_until_started(own_settings, worker)
        until(lambda: len(delivered()) == EVENTS, "every event delivered after the restart")
    finally:
        released.set()
        worker.kill()
        worker.wait(10)
        receiver.stop()

    got = receiver.at("/hook")
    by_id: dict[str, list[Received]] = {}
    for request in got:
        by_id.setdefault(request.webhook_id, []).append(request)
    log = deliveries(api, tenant, endpoint["id"])
    assert set(by_id) == {d["id"] for d in log}
    titles = sorted(requests[0].json["data"]["title"] for requests in by_id.values())
    assert titles == sorted(f"Webinar {n}" for n in range(EVENTS))
    for webhook_id, requests in by_id.items():
        answered_2xx = [r for r in requests if r.status == 200]
        assert len(answered_2xx) == 1, (webhook_id, [r.status for r in requests])
        assert len({r.body for r in requests}) == 1
        assert all(r.verifies(endpoint["secret"]) for r in requests)
        if webhook_id in first_ids:
            assert len(requests) == 1  # recorded before the kill: never again
        else:
            assert len(requests) == 2  # cut off by the kill: sent again
