"""Starting and ending from the room and from the APIs: one lifecycle, heard by
every socket, shown alike by the dialects."""

from __future__ import annotations

import httpx

from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.settings import Settings


def _bigmarker_types(http: httpx.Client, tenant: Tenant, conference_id: str) -> set[str]:
    """The BigMarker list types that show the conference."""
    types = set()
    for list_type in ("future_do_not_include_happening", "happening_now", "past"):
        response = http.get(
            "/api/v1/conferences", headers=tenant.headers, params={"type": list_type}
        )
        assert response.status_code == 200, response.text
        if conference_id in {c["id"] for c in response.json()["conferences"]}:
            types.add(list_type)
    return types


def _moc_status(http: httpx.Client, tenant: Tenant, alias: str) -> str:
    info = ok(http, tenant, "webinarsGetInfo", {"alias": alias})
    status: str = info["status"]
    return status


def test_a_presenter_starts_and_ends_the_room(
    settings: Settings, fresh_tenant: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    """Each dialect shows the status the room has: BigMarker's list types,
    MyOwnConference's status."""
    alice = fresh_tenant
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, alice, room, "presenter", paul)) as p,
    ):
        assert a.next_frame()["data"]["conference"]["status"] == "waiting"
        assert _bigmarker_types(room_http, alice, room) == {"future_do_not_include_happening"}
        p.next_frame()
        assert a.send("room.start")["error"]["code"] == "forbidden"
        assert p.send("room.start")["ok"] is True
        assert a.event("room.status")["data"]["status"] == "live"
        assert p.send("room.start")["error"]["code"] == "invalid_input"
        assert (
            room_http.get(f"/api/v1/conferences/{room}", headers=alice.headers).status_code == 200
        )
        assert _moc_status(room_http, alice, alias) == "ACTIVE"
        online = ok(room_http, alice, "webinarsOnlineList", {"alias": alias})
        assert online, "the room's members are online for MyOwnConference"

        assert p.send("room.end")["ok"] is True
        assert a.event("room.status")["data"]["status"] == "ended"
        assert a.event("room.ended")["data"] == {"exit_url": None}
        assert a.close_code() == 4409
        assert p.close_code() == 4409
    assert _moc_status(room_http, alice, alias) == "FINISHED"
    assert _bigmarker_types(room_http, alice, room) == {"past"}


def test_finishing_through_an_api_reaches_the_room(
    settings: Settings, alice: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, alice, exit_url="https://example.test/thanks")
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    mona = add_staff(settings, alice, room, "Mona", moderator=True)
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, alice, room, "moderator", mona)) as m,
    ):
        a.next_frame()
        m.next_frame()
        assert m.send("room.start")["ok"] is True
        ok(room_http, alice, "webinarsFinish", {"alias": alias})
        for client in (a, m):
            assert client.event("room.status")["data"]["status"] == "live"
            assert client.event("room.status")["data"]["status"] == "ended"
            ended = client.event("room.ended")["data"]
            assert ended == {"exit_url": "https://example.test/thanks"}
            assert client.close_code() == 4409


def test_the_automation_api_reaches_the_room(
    settings: Settings, alice: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    """Virtual participants come and speak as bots; an API lock locks the room."""
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host,
    ):
        a.next_frame()
        host.next_frame()
        bot = ok(
            room_http,
            alice,
            "webinarsAddBotToRoom",
            {"alias": alias, "name": "Vic", "country": "DE"},
        )
        joined = host.event("presence.joined", lambda d: d["member"]["role"] == "bot")
        assert joined["data"]["member"] == {"member_id": bot["id"], "name": "Vic", "role": "bot"}
        ok(room_http, alice, "webinarsBotMessage", {"alias": alias, "bot": bot["id"], "text": "hi"})
        said = a.event("chat.message")["data"]
        assert said["from"] == {"member_id": bot["id"], "name": "Vic", "role": "bot"}
        ok(room_http, alice, "webinarsLockChat", {"alias": alias})
        a.event("chat.locked")
        assert a.send("chat.send", {"text": "hello?"})["error"]["code"] == "chat_locked"
        ok(room_http, alice, "webinarsRemoveBotFromRoom", {"alias": alias, "id": bot["id"]})
        left = host.event("presence.left", lambda d: d["member"]["role"] == "bot")
        assert left["data"]["member"]["member_id"] == bot["id"]
