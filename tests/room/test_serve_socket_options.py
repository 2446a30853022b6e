"""The WebSocket options of `webinarium serve`: it does not read a room frame
far past the 16 KiB limit (uvicorn's ``ws_max_size``, `cli.server.WS_MAX_SIZE`, closes
the socket with 1009 from the frame's header, before its payload is read), and
it does not compress frames (`cli.server.WS_PER_MESSAGE_DEFLATE`)."""

from __future__ import annotations

import secrets
import struct
from pathlib import Path

from tests.conftest import Tenant
from tests.room.helpers import Client, make_room, register_someone
from tests.room.test_two_processes import serve
from webinarium.cli.server import WS_MAX_SIZE, WS_PER_MESSAGE_DEFLATE
from webinarium.room.gateway import FRAME_LIMIT
from webinarium.settings import Settings

MIB = 1024 * 1024


def _frame_header(length: int) -> bytes:
    """A client's text frame header announcing ``length`` bytes of payload (masked)."""
    return struct.pack("!BBQ", 0x81, 0x80 | 127, length) + secrets.token_bytes(4)


def test_serve_reads_no_frame_far_over_the_limit(
    settings: Settings, alice: Tenant, tmp_path: Path
) -> None:
    assert FRAME_LIMIT < WS_MAX_SIZE <= 2 * FRAME_LIMIT
    room = make_room(settings, alice)
    with serve(settings, tmp_path) as served:
        ws_url = served.base_url.replace("http://", "ws://") + "/room/ws"

        # A whole 1 MiB frame.
        with Client(ws_url, register_someone(settings, alice, room, "Ann").enter_token) as ann:
            ann.next_frame()
            ann.ws.send("x" * MIB)
            assert ann.close_code() == 1009

        # A frame announcing 16 MiB (uvicorn's default limit) of which only the
        # first KiB is sent: the close comes without the server waiting for the rest.
        with Client(ws_url, register_someone(settings, alice, room, "Bea").enter_token) as bea:
            bea.next_frame()
            bea.ws.socket.sendall(_frame_header(16 * MIB) + secrets.token_bytes(1024))
            assert bea.close_code() == 1009

        # The room's own limit still lets a frame of exactly 16 KiB through.
        with Client(ws_url, register_someone(settings, alice, room, "Cid").enter_token) as cid:
            cid.next_frame()
            padded = '{"id":1,"cmd":"ping","data":{"pad":""}}'
            just = padded.replace('""', '"' + "x" * (FRAME_LIMIT - len(padded)) + '"')
            assert len(just) == FRAME_LIMIT
            assert cid.send_raw(just, 1)["ok"] is True


def test_serve_declines_permessage_deflate(
    settings: Settings, alice: Tenant, tmp_path: Path
) -> None:
    """The client offers deflate (as browsers do); the server's answer takes no extension."""
    assert WS_PER_MESSAGE_DEFLATE is False
    room = make_room(settings, alice)
    with serve(settings, tmp_path) as served:
        ws_url = served.base_url.replace("http://", "ws://") + "/room/ws"
        with Client(ws_url, register_someone(settings, alice, room, "Dee").enter_token) as dee:
            offered = dee.ws.request.headers["Sec-WebSocket-Extensions"]
            assert "permessage-deflate" in offered
            assert dee.ws.response.headers.get("Sec-WebSocket-Extensions") is None
            assert dee.ws.protocol.extensions == []
            assert dee.next_frame()["event"] == "room.snapshot"
