"""The media tests: servers with a real Janus (the suite's own run none)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from tests.room.conftest import RoomServer
from tests.room.helpers import WAIT
from webinarium.media.janus import Janus
from webinarium.media.janus_client import JanusClient, JanusError
from webinarium.media.janus_process import JanusProcess, library_folder
from webinarium.models import Conference
from webinarium.settings import Settings


def with_videoroom_route(server: RoomServer) -> RoomServer:
    """Adds ``POST /test/media/videoroom/{conference_id}``: the server's own
    `ensure_videoroom`, run on its event loop with its Janus client (the
    signalling relay that will call it is not built yet)."""

    async def ensure(conference_id: str, request: Request) -> dict[str, Any]:
        conference = Conference(id=conference_id, title="Media test")
        try:
            return {"room": await request.app.state.videorooms.ensure_videoroom(conference)}
        except JanusError as error:
            return {"error": error.code, "reason": error.reason}

    server.app.add_api_route("/test/media/videoroom/{conference_id}", ensure, methods=["POST"])
    return server


def ensure_videoroom(server: RoomServer, conference_id: str) -> dict[str, Any]:
    answer: dict[str, Any] = (
        httpx.post(f"{server.url}/test/media/videoroom/{conference_id}", timeout=WAIT)
        .raise_for_status()
        .json()
    )
    return answer


def janus_of(app: FastAPI) -> Janus:
    janus: Janus = app.state.janus
    return janus


def ask_videoroom(url: str, body: dict[str, Any]) -> dict[str, Any]:
    """One request of the videoroom plugin, from a client of the test's own."""

    async def ask() -> dict[str, Any]:
        client = JanusClient(url)
        await client.start()
        try:
            async with asyncio.timeout(WAIT):
                await client.wait_connected()
            return await client.videoroom(body)
        finally:
            await client.close()

    return asyncio.run(ask())


@pytest.fixture(scope="module")
def janus_server(settings: Settings) -> Iterator[RoomServer]:
    """A server that starts its own Janus (the binary on PATH)."""
    server = with_videoroom_route(RoomServer(settings, janus_binary="janus")).start()
    yield server
    server.stop()


@contextmanager
def janus_running(directory: Path) -> Iterator[JanusProcess]:
    """Debian's Janus started by the test, not by a server (its config written
    the way a server writes its own), until it listens; stopped after. Servers
    given its ``url`` and ``room_admin_key`` share it."""
    binary = shutil.which("janus")
    assert binary is not None, "the media tests need the janus binary (apt-get install janus)"
    library = library_folder(Path(binary))
    assert library is not None
    janus = JanusProcess(Path(binary), library, directory)
    janus.write_config()
    running = subprocess.Popen(
        [
            binary,
            "--config",
            str(janus.directory / "janus.jcfg"),
            "--configs-folder",
            str(janus.directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + WAIT
        while not _listens(janus.ws_port):
            assert running.poll() is None, f"Janus exited ({running.returncode})"
            assert time.monotonic() < deadline, f"waited {WAIT} s for Janus to listen"
            time.sleep(0.05)
        yield janus
    finally:
        running.terminate()
        running.wait(timeout=WAIT)


def _listens(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True
