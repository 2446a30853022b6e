"""The room's tests: a real server (uvicorn, in a thread) with short room timers,
on the suite's database, and real WebSocket clients (the ``websockets`` package)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from tests.conftest import free_port
from webinarium.app import create_app
from webinarium.settings import Settings

# Short enough for tests to wait for, long enough for a loaded machine.
ROOM_TIMERS = {
    "room_exit_grace_seconds": 0.5,
    "room_count_interval_seconds": 0.2,
    "room_idle_seconds": 6.0,
    "room_chat_burst": 5,
    "room_chat_refill_seconds": 30.0,
    "room_heartbeat_seconds": 0.3,
    "room_process_timeout_seconds": 1.5,
}


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        pass


class RoomServer:
    """One server process's worth of app: started and stopped by the test, so a
    test can restart it (a new app on the same database)."""

    def __init__(self, settings: Settings, **timers: float) -> None:
        self.settings = settings.model_copy(update={**ROOM_TIMERS, **timers})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/room/ws"
        self._server = _Server(
            uvicorn.Config(
                create_app(self.settings), host="127.0.0.1", port=self.port, log_level="warning"
            )
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


@pytest.fixture(scope="session")
def room_server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def room_http(room_server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=room_server.url, timeout=30) as client:
        yield client
