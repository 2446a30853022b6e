"""The ICE servers in the room (docs/media.md, "NAT traversal"): every member's
snapshot carries them, with a TURN credential coturn accepts (its REST API
scheme, recomputed here from the shared secret as coturn does), and
``media.ice_servers`` gives fresh ones on a socket that has no new snapshot."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import Tenant
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.kit.clock import MovableClock
from webinarium.settings import Settings

SECRET = "coturn-static-auth-secret-for-tests"
TURN = ["turn:turn.example.test:3478?transport=udp", "turns:turn.example.test:5349"]
STUN = ["stun:turn.example.test:3478"]
TTL = 3600


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    clock = MovableClock()
    # Two days ahead of the system's time: an expiry counted from the wrong
    # clock is two days off.
    clock.advance(timedelta(days=2))
    return clock


@pytest.fixture(scope="module")
def turn_server(settings: Settings, clock: MovableClock) -> Iterator[RoomServer]:
    server = RoomServer(
        settings,
        clock,
        stun_urls=",".join(STUN),
        turn_urls=" , ".join(TURN),
        turn_secret=SECRET,
        turn_ttl_seconds=TTL,
    ).start()
    yield server
    server.stop()


def _checked_as_coturn_does(
    servers: list[dict[str, Any]], member_id: str, clock: MovableClock
) -> None:
    """STUN first, without a credential; then TURN with a username
    ``<expiry>:<member id>`` whose expiry is TTL after the clock's now, and the
    password coturn computes from ``static-auth-secret``."""
    stun, turn = servers
    assert stun == {"urls": STUN}
    assert turn["urls"] == TURN
    expiry, _, who = turn["username"].partition(":")
    assert who == member_id
    expected = clock.now().timestamp() + TTL
    assert expected - 60 <= int(expiry) <= expected
    digest = hmac.new(SECRET.encode(), turn["username"].encode(), hashlib.sha1).digest()
    assert turn["credential"] == base64.b64encode(digest).decode()
    assert set(turn) == {"urls", "username", "credential"}


def test_the_snapshot_gives_a_presenter_and_an_attendee_their_own_turn_credentials(
    settings: Settings, alice: Tenant, turn_server: RoomServer, clock: MovableClock
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    presenter = ticket(settings, alice, room, "presenter", paul)
    with (
        Client(turn_server.ws_url, ann.enter_token) as a,
        Client(turn_server.ws_url, presenter) as p,
    ):
        attendee_view = a.next_frame()["data"]
        presenter_view = p.next_frame()["data"]
    assert attendee_view["me"]["role"] == "attendee"
    assert presenter_view["me"]["role"] == "presenter"
    _checked_as_coturn_does(attendee_view["media"]["ice_servers"], ann.person_id, clock)
    _checked_as_coturn_does(presenter_view["media"]["ice_servers"], paul, clock)


def test_media_ice_servers_gives_a_fresh_credential_later(
    settings: Settings, alice: Tenant, turn_server: RoomServer, clock: MovableClock
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with Client(turn_server.ws_url, ann.enter_token) as a:
        first = a.next_frame()["data"]["media"]["ice_servers"]
        clock.advance(timedelta(hours=5))  # past the first credential's expiry
        reply = a.send("media.ice_servers")
    assert reply["ok"], reply
    fresh = reply["data"]["ice_servers"]
    _checked_as_coturn_does(fresh, ann.person_id, clock)
    assert (
        int(fresh[1]["username"].split(":")[0])
        >= int(first[1]["username"].split(":")[0]) + 5 * 3600
    )


def test_without_turn_settings_a_member_gets_no_ice_servers(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        assert host.next_frame()["data"]["media"]["ice_servers"] == []
        reply = host.send("media.ice_servers")
    assert reply == {"re": 1, "ok": True, "data": {"ice_servers": []}}
