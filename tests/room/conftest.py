"""The room's tests: a real server (uvicorn, in a thread) with short room timers,
on the suite's database, and real WebSocket clients (the ``websockets`` package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest
import redis
import uvicorn

from tests.conftest import free_port
from tests.room.helpers import WAIT
from tests.servers import SmtpServer
from webinarium.app import create_app
from webinarium.kit.clock import Clock
from webinarium.settings import Settings

# Short enough for tests to wait for, long enough for a loaded machine.
ROOM_TIMERS = {
    "room_exit_grace_seconds": 0.5,
    "room_count_interval_seconds": 0.2,
    # Members of a test often wait in silence while it works an API or another
    # process: longer than any loaded machine makes them (test_bad_input has a
    # server of its own for the idle timeout).
    "room_idle_seconds": 60.0,
    "room_chat_burst": 5,
    "room_chat_refill_seconds": 30.0,
    # Heartbeats often, so a survivor counts out a gone process's members soon;
    # a process is taken for gone only after a silence no loaded machine's
    # stall reaches (each process decides its own: a test kills one with less).
    "room_heartbeat_seconds": 0.3,
    "room_process_timeout_seconds": 10.0,
}


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        pass


class RoomServer:
    """One server process's worth of app: started and stopped by the test, so a
    test can restart it (a new app on the same database)."""

    def __init__(self, settings: Settings, clock: Clock | None = None, **changes: object) -> None:
        self.settings = settings.model_copy(update={**ROOM_TIMERS, **changes})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/room/ws"
        self.app = create_app(self.settings, clock)
        self._server = _Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> RoomServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the room server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)


# The From of the mails a worker_server sends.
MAIL_FROM = "Webinars <webinars@example.test>"


@contextmanager
def worker_server(
    settings: Settings, clock: Clock, smtp: SmtpServer | None = None, **changes: object
) -> Iterator[RoomServer]:
    """A started server with the worker in it, polling often (a job is seen
    soon whoever queued it), mailing ``smtp`` when given; ``changes`` as
    RoomServer's."""
    mail: dict[str, object] = {"smtp_url": smtp.url, "mail_from": MAIL_FROM} if smtp else {}
    server = RoomServer(
        settings, clock, worker_in_serve=True, worker_poll_seconds=0.2, **mail, **changes
    ).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def room_server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def room_http(room_server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=room_server.url, timeout=30) as client:
        yield client


@dataclass
class RedisServer:
    url: str
    process: subprocess.Popen[bytes] | None = None


def start_redis(port: int) -> subprocess.Popen[bytes]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: the two-process test needs it")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + WAIT
    while True:
        try:
            redis.Redis(port=port).ping()
            return process
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"redis-server did not answer on port {port}")
            time.sleep(0.05)


def stop_redis(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=WAIT)


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A redis-server of the test's own, which the test may stop and start."""
    port = free_port()
    server = RedisServer(f"redis://127.0.0.1:{port}/0", start_redis(port))
    yield server
    if server.process is not None and server.process.poll() is None:
        stop_redis(server.process)


@pytest.fixture
def shared_redis(own_redis: RedisServer) -> RedisServer:
    """WEBINARIUM_TEST_REDIS_URL when CI names one; else a redis-server of our own.
    Each test has its own channel prefix, so suites sharing a Redis do not cross."""
    url = os.environ.get("WEBINARIUM_TEST_REDIS_URL")
    return RedisServer(url) if url else own_redis
