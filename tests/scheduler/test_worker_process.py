"""``webinarium worker`` runs the scheduler, and the room events of its steps
reach the sockets a `webinarium serve` holds, through Redis (the two
processes share nothing else but the database)."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import Tenant, create_tenant, free_port
from tests.room.conftest import RoomServer, start_redis, stop_redis
from tests.room.helpers import Client, make_room, register_someone
from tests.scheduler.test_scheduler import changes
from tests.test_startup import WEBINARIUM
from tests.worker.process import wait_until_started
from webinarium.settings import Settings


@pytest.fixture
def redis_url() -> Iterator[str]:
    port = free_port()
    process = start_redis(port)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop_redis(process)


def run_worker(
    settings: Settings, tmp_path: Path, broker_url: str, prefix: str
) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
    env.update(
        PYTHONUNBUFFERED="1",
        WEBINARIUM_ENVIRONMENT="test",
        WEBINARIUM_SECRET_KEY=settings.secret_key,
        WEBINARIUM_DATA_DIR=str(settings.data_dir),
        WEBINARIUM_DATABASE_URL=settings.database_url,
        WEBINARIUM_PUBLIC_URL=settings.public_url,
        WEBINARIUM_BROKER_URL=broker_url,
        WEBINARIUM_BROKER_CHANNEL_PREFIX=prefix,
    )
    with (tmp_path / "worker.log").open("a") as log:
        return subprocess.Popen(
            [str(WEBINARIUM), "worker"], cwd=tmp_path, env=env, stdout=log, stderr=log, text=True
        )


def test_the_worker_process_starts_a_webinar_and_the_room_hears_it(
    own_settings: Settings, tmp_path: Path, redis_url: str
) -> None:
    tenant: Tenant = create_tenant(own_settings)
    prefix = f"test-{uuid.uuid4().hex}:"
    # A webinar whose start has just passed, that nobody started: its room
    # admits (it counts as live), its stored status is still scheduled.
    room = make_room(own_settings, tenant, starts_in=-timedelta(minutes=2))
    ann = register_someone(own_settings, tenant, room, "Ann")
    server = RoomServer(
        own_settings, worker_in_serve=False, broker_url=redis_url, broker_channel_prefix=prefix
    ).start()
    worker: subprocess.Popen[str] | None = None
    try:
        with Client(server.ws_url, ann.enter_token) as client:
            client.next_frame()
            worker = run_worker(own_settings, tmp_path, redis_url, prefix)
            wait_until_started(own_settings, worker)
            heard = client.event("room.status", lambda data: data["status"] == "live")
            assert heard["data"]["status"] == "live"
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        server.stop()
    log = (tmp_path / "worker.log").read_text()
    assert "Traceback" not in log, log
    assert changes(own_settings, room) == [("live", "scheduler")]
