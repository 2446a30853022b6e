"""Getting in: tickets, admission and the first frame (docs/room-protocol.md)."""

from __future__ import annotations

from tests.conftest import Tenant
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.settings import Settings


def test_an_enter_token_is_a_ticket_and_the_first_frame_is_the_snapshot(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with Client(room_server.ws_url, ann.enter_token) as client:
        first = client.next_frame()
    assert first["event"] == "room.snapshot"
    snapshot = first["data"]
    assert snapshot["conference"]["id"] == room
    assert snapshot["conference"]["status"] == "waiting"
    assert snapshot["me"] == {"member_id": ann.person_id, "name": "Ann Tester", "role": "attendee"}
    assert snapshot["presence"]["count"] == 1
    # The members' list is for presenters and moderators.
    assert snapshot["presence"]["members"] is None
    assert snapshot["chat"] == {"locked": False, "links_locked": False, "recent": []}
    assert first["seq"] >= 1


def test_a_moderator_sees_the_members(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    mona = add_staff(settings, alice, room, "Mona", moderator=True)
    moderator = ticket(settings, alice, room, "moderator", mona)
    with Client(room_server.ws_url, ann.enter_token), Client(room_server.ws_url, moderator) as mod:
        snapshot = mod.next_frame()["data"]
    assert snapshot["me"]["role"] == "moderator"
    members = {m["member_id"]: m["role"] for m in snapshot["presence"]["members"]}
    assert members == {ann.person_id: "attendee", mona: "moderator"}
