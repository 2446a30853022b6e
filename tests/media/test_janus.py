"""Janus as the SFU: started and supervised by the server, one videoroom per
conference, restarted when it dies; without Janus the room works as before."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets import Subprotocol
from websockets.sync.client import connect

from tests.conftest import Tenant
from tests.media.conftest import (
    ask_videoroom,
    ensure_videoroom,
    janus_of,
    janus_running,
    with_videoroom_route,
)
from tests.room.conftest import RoomServer
from tests.room.helpers import WAIT, Client, make_room, register_someone
from webinarium.media.janus_client import JanusClient, JanusError
from webinarium.media.janus_process import JanusProcess
from webinarium.media.rooms import videoroom_id, videoroom_secret
from webinarium.settings import Settings

# The videoroom plugin's error codes.
MISSING_ELEMENT = 429
UNAUTHORIZED = 433  # a wrong secret or admin key
SAMPLE_ADMIN_SECRET = "janusoverlord"  # /etc/janus/janus.jcfg's


def listening_addresses(port: int) -> set[str]:
    """The IPv4 addresses a socket listens on ``port`` at (from /proc/net/tcp)."""
    addresses = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port_hex = local.split(":")
        if state == "0A" and int(port_hex, 16) == port:
            addresses.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
    return addresses


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {WAIT} s for {what}")
        time.sleep(0.05)


def test_serve_starts_its_own_janus_on_loopback_with_a_secret_of_its_own(
    settings: Settings, janus_server: RoomServer
) -> None:
    janus = janus_of(janus_server.app)
    process = janus.process
    assert process is not None
    assert janus.status == "up"
    config = (settings.data_dir / "janus" / "janus.jcfg").read_text()
    assert f'admin_secret = "{process.admin_secret}"' in config
    assert SAMPLE_ADMIN_SECRET not in config
    assert len(process.admin_secret) >= 24
    # Only the plugin and transport the server uses are loaded.
    assert sorted(p.name for p in (settings.data_dir / "janus" / "plugins").iterdir()) == [
        "libjanus_videoroom.so"
    ]
    assert listening_addresses(process.ws_port) == {"127.0.0.1"}
    assert listening_addresses(process.admin_port) == {"127.0.0.1"}
    # No HTTP transport: Janus's sample port 8088 is not Janus's here.
    assert "libjanus_http.so" not in os.listdir(settings.data_dir / "janus" / "transports")


def test_one_videoroom_per_conference_made_with_the_servers_secret(
    settings: Settings, alice: Tenant, janus_server: RoomServer
) -> None:
    process = janus_of(janus_server.app).process
    assert process is not None
    conference_id, other_id = make_room(settings, alice), make_room(settings, alice)
    room = ensure_videoroom(janus_server, conference_id)["room"]
    assert room == videoroom_id(settings.secret_key, conference_id)
    assert ensure_videoroom(janus_server, conference_id) == {"room": room}
    assert ensure_videoroom(janus_server, other_id)["room"] not in (room, None)
    assert ask_videoroom(process.url, {"request": "exists", "room": room})["exists"] is True

    # Without the plugin's admin key nobody else creates rooms.
    with pytest.raises(JanusError) as refused:
        ask_videoroom(process.url, {"request": "create", "room": room + 1})
    assert refused.value.code == MISSING_ELEMENT
    with pytest.raises(JanusError) as refused:
        ask_videoroom(process.url, {"request": "create", "room": room + 1, "admin_key": "guess"})
    assert refused.value.code == UNAUTHORIZED
    # Without the room's secret nobody changes it; with it, the server can.
    with pytest.raises(JanusError) as refused:
        ask_videoroom(process.url, {"request": "destroy", "room": room, "secret": "guess"})
    assert refused.value.code == UNAUTHORIZED
    secret = videoroom_secret(settings.secret_key, conference_id)
    edit = {"request": "edit", "room": room, "secret": secret, "new_description": "edited"}
    assert ask_videoroom(process.url, edit)["videoroom"] == "edited"


def test_janus_killed_mid_webinar_is_restarted_and_the_chat_never_stops(
    settings: Settings, alice: Tenant, janus_server: RoomServer
) -> None:
    janus = janus_of(janus_server.app)
    process = janus.process
    assert process is not None
    conference_id = make_room(settings, alice)
    room = ensure_videoroom(janus_server, conference_id)["room"]
    ann = register_someone(settings, alice, conference_id, "Ann")
    with Client(janus_server.ws_url, ann.enter_token) as a:
        a.next_frame()
        killed, restarts = process.pid, process.restarts
        assert killed is not None
        os.kill(killed, signal.SIGKILL)
        assert a.send("chat.send", {"text": "still here"})["ok"] is True
        a.event("chat.message", lambda data: data["text"] == "still here")

        wait_until(lambda: process.restarts > restarts and janus.status == "up", "Janus again")
        assert process.pid != killed
        # The new Janus has no rooms: the next use creates it again.
        assert ask_videoroom(process.url, {"request": "exists", "room": room})["exists"] is False
        assert ensure_videoroom(janus_server, conference_id) == {"room": room}
        assert ask_videoroom(process.url, {"request": "exists", "room": room})["exists"] is True
        assert a.send("chat.send", {"text": "and now"})["ok"] is True
        a.event("chat.message", lambda data: data["text"] == "and now")


def test_without_janus_the_room_works_and_video_is_unavailable(
    settings: Settings, alice: Tenant, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="webinarium.media")
    server = with_videoroom_route(RoomServer(settings, janus_binary="/nonexistent/janus")).start()
    try:
        # Said once, plainly, and never an error.
        (said,) = [r for r in caplog.records if r.name.startswith("webinarium.media")]
        assert said.levelno == logging.INFO
        assert "live video needs Janus" in said.getMessage()
        assert "apt-get install janus" in said.getMessage()
        janus = janus_of(server.app)
        assert janus.status == "unavailable"
        assert janus.process is None
        conference_id = make_room(settings, alice)
        refused = ensure_videoroom(server, conference_id)
        assert "apt-get install janus" in refused["reason"]
        ann = register_someone(settings, alice, conference_id, "Ann")
        with Client(server.ws_url, ann.enter_token) as a:
            a.next_frame()
            assert a.send("chat.send", {"text": "no video, still a room"})["ok"] is True
    finally:
        server.stop()


@pytest.fixture
def janus_of_the_test(tmp_path: Path) -> Iterator[JanusProcess]:
    """A Janus started by the test, not by a server."""
    with janus_running(tmp_path / "janus") as janus:
        yield janus


def test_with_janus_url_the_server_uses_that_janus_and_starts_none(
    settings: Settings, alice: Tenant, janus_of_the_test: JanusProcess
) -> None:
    server = with_videoroom_route(
        RoomServer(
            settings,
            janus_url=janus_of_the_test.url,
            janus_room_admin_key=janus_of_the_test.room_admin_key,
            janus_binary="janus",
        )
    ).start()
    try:
        janus = janus_of(server.app)
        assert janus.process is None
        assert janus.status == "up"
        conference_id = make_room(settings, alice)
        room = ensure_videoroom(server, conference_id)["room"]
        exists = {"request": "exists", "room": room}
        assert ask_videoroom(janus_of_the_test.url, exists)["exists"] is True
    finally:
        server.stop()


def ask_admin(url: str, request: dict[str, Any]) -> dict[str, Any]:
    """One request of Janus's admin API."""
    with connect(url, subprotocols=[Subprotocol("janus-admin-protocol")]) as admin:
        admin.send(json.dumps({**request, "transaction": "admin"}))
        answer: dict[str, Any] = json.loads(admin.recv(timeout=WAIT))
        return answer


def test_a_session_janus_dropped_is_made_anew(janus_server: RoomServer) -> None:
    process = janus_of(janus_server.app).process
    assert process is not None
    # The admin API answers only with the server's admin secret.
    list_sessions = {"janus": "list_sessions"}
    refused = ask_admin(process.admin_url, {**list_sessions, "admin_secret": "janusoverlord"})
    assert refused["janus"] == "error"

    async def scenario() -> None:
        client = JanusClient(process.url)
        await client.start()
        try:
            async with asyncio.timeout(WAIT):
                await client.wait_connected()
            assert "list" in await client.videoroom({"request": "list"})
            listed = ask_admin(
                process.admin_url, {**list_sessions, "admin_secret": process.admin_secret}
            )
            assert listed["sessions"]
            for session_id in listed["sessions"]:
                await client.request({"janus": "destroy", "session_id": session_id})
            assert "list" in await client.videoroom({"request": "list"})
        finally:
            await client.close()

    asyncio.run(scenario())
