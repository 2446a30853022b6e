"""The media tests: servers with a real Janus (the suite's own run none)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from tests.room.conftest import RoomServer
from tests.room.helpers import WAIT
from webinarium.media.janus import Janus
from webinarium.media.janus_client import JanusClient, JanusError
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
