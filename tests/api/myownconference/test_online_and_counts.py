"""webinarsOnlineList and webinarsGetInfo's counts from a real room: people
come in over the protocol (tests/room/helpers.py), a virtual attendee is added
through the API; the list names who is in the room now, the counts who came."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant
from tests.room.conftest import RoomServer
from tests.room.helpers import WAIT, Client, add_staff, make_room, register_someone, ticket
from webinarium.settings import Settings


@pytest.fixture(scope="module")
def room_server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def room_http(room_server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=room_server.url, timeout=30) as client:
        yield client


def _online(http: httpx.Client, tenant: Tenant, alias: str, wanted: int) -> dict[str, Any]:
    """The online list once it names ``wanted`` members (leaving takes a grace period)."""
    deadline = time.monotonic() + WAIT
    while True:
        listed: dict[str, Any] = ok(http, tenant, "webinarsOnlineList", {"alias": alias})
        if len(listed["moderators"]) + len(listed["guests"]) == wanted:
            return listed
        assert time.monotonic() < deadline, listed
        time.sleep(0.05)


def _counts(http: httpx.Client, tenant: Tenant, alias: str) -> tuple[str, str]:
    shown = ok(http, tenant, "webinarsGetInfo", {"alias": alias})
    return shown["registrants"], shown["attendees"]


def test_online_list_and_counts_follow_the_room(
    settings: Settings, alice: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    register_someone(settings, alice, room, "Cid")
    paul = add_staff(settings, alice, room, "Paul", moderator=True)
    assert _counts(room_http, alice, alias) == ("3", "0")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, alice, room, "moderator", paul)) as p,
    ):
        a.next_frame()
        me = p.next_frame()["data"]["me"]
        ok(
            room_http,
            alice,
            "webinarsAddBotToRoom",
            {"alias": alias, "name": "Vic", "country": "de"},
        )
        listed = _online(room_http, alice, alias, 3)
        assert [m["name"] for m in listed["moderators"]] == [me["name"]]
        guests = {g["name"]: g for g in listed["guests"]}
        assert set(guests) == {"Ann Tester", "Vic"}
        assert guests["Ann Tester"]["email"].startswith("ann-")
        with Client(room_server.ws_url, bea.enter_token) as b:
            b.next_frame()
            assert {g["name"] for g in _online(room_http, alice, alias, 4)["guests"]} == {
                "Ann Tester",
                "Bea Tester",
                "Vic",
            }
        # Bea has gone; she attended. The moderator and the bot are no attendees.
        assert {g["name"] for g in _online(room_http, alice, alias, 3)["guests"]} == {
            "Ann Tester",
            "Vic",
        }
        assert _counts(room_http, alice, alias) == ("3", "2")
