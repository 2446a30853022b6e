"""Nothing a client sends crashes the room: bad frames are answered
``invalid_input``, oversized ones close the socket with 1009, a silent socket
is closed."""

from __future__ import annotations

import json

from tests.conftest import Tenant
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, make_room, register_someone
from webinarium.room.gateway import FRAME_LIMIT
from webinarium.settings import Settings


def test_malformed_and_unknown_frames_get_invalid_input(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with Client(room_server.ws_url, ann.enter_token) as a:
        a.next_frame()
        for text, re in [
            ("not json", None),
            ("[1, 2]", None),
            ('"text"', None),
            ('{"cmd": "ping"}', None),
            ('{"id": 1}', 1),
            ('{"id": true, "cmd": "ping"}', None),
            ('{"id": 2, "cmd": "no.such"}', 2),
            ('{"id": 3, "cmd": "poll.vote", "data": {"poll_id": ["x"]}}', 3),
            ('{"id": 4, "cmd": "chat.send", "data": {}}', 4),
            ('{"id": 5, "cmd": "chat.send", "data": {"text": 5}}', 5),
            ('{"id": 6, "cmd": "chat.send", "data": "hello"}', 6),
            ('{"id": 7, "cmd": "chat.send", "data": {"text": "   "}}', 7),
            ('{"id": 8, "cmd": "qa.upvote", "data": {"question_id": ["x"]}}', 8),
        ]:
            reply = a.send_raw(text, re)
            assert reply["ok"] is False, text
            assert reply["error"]["code"] == "invalid_input", text
            assert reply["error"]["message"], text
        a.ws.send(b"\x00binary")
        assert a.send_raw("", None)["error"]["code"] == "invalid_input"
        assert a.send_raw(json.dumps({"id": "s-1", "cmd": "ping"}), "s-1")["ok"] is True
        # The socket still serves.
        assert a.send("chat.send", {"text": "still here"})["ok"] is True


def test_a_frame_over_16_kib_closes_the_socket_with_1009(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with Client(room_server.ws_url, ann.enter_token) as a:
        a.next_frame()
        fits = json.dumps({"id": 1, "cmd": "ping", "data": {"pad": ""}})
        padding = FRAME_LIMIT - len(fits)
        just = json.dumps({"id": 1, "cmd": "ping", "data": {"pad": "x" * padding}})
        assert len(just) == FRAME_LIMIT
        assert a.send_raw(just, 1)["ok"] is True
        a.ws.send(json.dumps({"id": 2, "cmd": "ping", "data": {"pad": "x" * (padding + 1)}}))
        assert a.close_code() == 1009


def test_a_silent_socket_is_closed(settings: Settings, alice: Tenant) -> None:
    server = RoomServer(settings, room_idle_seconds=2).start()
    try:
        room = make_room(settings, alice)
        ann = register_someone(settings, alice, room, "Ann")
        with Client(server.ws_url, ann.enter_token) as a:
            a.next_frame()
            assert a.close_code() == 1000
    finally:
        server.stop()
