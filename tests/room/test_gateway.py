"""Getting in: tickets, admission and the first frame (docs/room-protocol.md)."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.conftest import Tenant
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, revoke, ticket
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
    with Client(room_server.ws_url, ann.enter_token) as a:
        # Her snapshot says her entry is committed.
        a.next_frame()
        with Client(room_server.ws_url, moderator) as mod:
            snapshot = mod.next_frame()["data"]
    assert snapshot["me"]["role"] == "moderator"
    members = {m["member_id"]: m["role"] for m in snapshot["presence"]["members"]}
    assert members == {ann.person_id: "attendee", mona: "moderator"}


def _refused(server: RoomServer, token: str) -> tuple[int | None, str]:
    client = Client(server.ws_url, token)
    try:
        code = client.close_code()
        reason = client.ws.close_reason or ""
    finally:
        client.close()
    return code, reason


def test_unknown_expired_or_tampered_tickets_close_with_4401(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    good = ticket(settings, alice, room, "host")
    header, claims, signature = good.split(".")
    tampered = f"{header}.{claims}.{signature[:-2]}AA"
    other_key = settings.model_copy(update={"secret_key": "another-key"})
    for token in ("nonsense", "", tampered, ticket(other_key, alice, room, "host")):
        assert _refused(room_server, token)[0] == 4401, token


def test_a_revoked_registration_is_refused_with_4403(
    settings: Settings, alice: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    revoke(settings, alice, ann.registration_id)
    code, reason = _refused(room_server, ann.enter_token)
    assert code == 4403
    assert "withdrawn" in reason


def test_too_early_is_refused_and_a_presenter_may_come_earlier(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    """Attendees 15 minutes before the start by default, presenters 60."""
    room = make_room(settings, alice, starts_in=timedelta(minutes=40))
    ann = register_someone(settings, alice, room, "Ann")
    code, reason = _refused(room_server, ann.enter_token)
    assert code == 4403
    assert reason.startswith("room_not_open")
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    with Client(room_server.ws_url, ticket(settings, alice, room, "presenter", paul)) as client:
        snapshot = client.next_frame()["data"]
    assert snapshot["me"]["role"] == "presenter"
    assert snapshot["conference"]["status"] == "waiting"


def test_a_ticket_of_another_conference_does_not_open_this_room(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room, other = make_room(settings, alice), make_room(settings, alice)
    ann = register_someone(settings, alice, other, "Ann")
    code, _ = _refused(
        room_server, ticket(settings, alice, room, "registration", ann.registration_id)
    )
    assert code == 4403
    # An attendee is no presenter.
    code, _ = _refused(room_server, ticket(settings, alice, other, "presenter", ann.person_id))
    assert code == 4403


def test_an_ended_room_closes_with_4409(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        assert host.send("room.start")["ok"] is True
        assert host.send("room.end")["ok"] is True
    assert _refused(room_server, ann.enter_token)[0] == 4409


def test_a_ticket_never_opens_another_accounts_room(
    settings: Settings, alice: Tenant, bob: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    assert _refused(room_server, ticket(settings, bob, room, "host"))[0] == 4401
