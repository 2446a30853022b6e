"""Chat over the socket: several clients and roles, private messages, deleting,
the chat and link locks, the rate limit."""

from __future__ import annotations

from tests.conftest import Tenant
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.settings import Settings


def test_a_message_reaches_everyone_in_the_room_and_no_other_room(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room, elsewhere = make_room(settings, alice), make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    cy = register_someone(settings, alice, elsewhere, "Cy")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, bea.enter_token) as b,
        Client(room_server.ws_url, cy.enter_token) as c,
    ):
        for client in (a, b, c):
            client.next_frame()
        reply = a.send("chat.send", {"text": "<b>hello</b> & welcome"})
        assert reply["ok"] is True
        message_id = reply["data"]["id"]
        for client in (a, b):
            message = client.event("chat.message")
            assert message["data"] == {
                "id": message_id,
                "from": {"member_id": ann.person_id, "name": "Ann Tester", "role": "attendee"},
                # Stored and shown as text: nothing escaped, nothing interpreted.
                "text": "<b>hello</b> & welcome",
                "to": None,
            }
        # The other room hears nothing of it (its own presence events aside).
        assert c.send("ping") == {"re": 1, "ok": True}
        assert [f for f in c.events() if f["event"].startswith("chat.")] == []
        # A later snapshot shows the line.
    with Client(room_server.ws_url, bea.enter_token) as b:
        recent = b.next_frame()["data"]["chat"]["recent"]
    assert [m["id"] for m in recent] == [message_id]


def test_a_private_message_reaches_the_hosts_and_its_author_only(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, bea.enter_token) as b,
        Client(room_server.ws_url, ticket(settings, alice, room, "presenter", paul)) as p,
    ):
        for client in (a, b, p):
            client.next_frame()
        private = a.send("chat.send", {"text": "a question for you", "to": "moderators"})
        public = a.send("chat.send", {"text": "hi all"})
        assert p.event("chat.message")["data"]["id"] == private["data"]["id"]
        assert p.event("chat.message")["data"]["id"] == public["data"]["id"]
        assert a.event("chat.message")["data"]["to"] == "moderators"
        # Bea sees the public line only, and the seq jumps over the private one.
        seen = b.event("chat.message")
        assert seen["data"]["id"] == public["data"]["id"]
        assert [f for f in b.events() if f["event"] == "chat.message"] == []
        bad = a.send("chat.send", {"text": "x", "to": "everyone-else"})
        assert bad["error"]["code"] == "invalid_input"


def test_a_moderator_deletes_a_message_an_attendee_may_not(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host,
    ):
        a.next_frame()
        host.next_frame()
        message_id = a.send("chat.send", {"text": "spam"})["data"]["id"]
        refused = a.send("chat.delete", {"message_id": message_id})
        assert refused["ok"] is False
        assert refused["error"]["code"] == "forbidden"
        assert host.send("chat.delete", {"message_id": message_id})["ok"] is True
        assert a.event("chat.deleted")["data"] == {"id": message_id}
        again = host.send("chat.delete", {"message_id": message_id})
        assert again["error"]["code"] == "not_found"
    with Client(room_server.ws_url, ann.enter_token) as a:
        assert a.next_frame()["data"]["chat"]["recent"] == []


def test_locks_refuse_attendees_and_not_the_hosts(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host,
    ):
        a.next_frame()
        host.next_frame()
        assert a.send("chat.lock")["error"]["code"] == "forbidden"
        assert host.send("chat.links_lock")["ok"] is True
        a.event("chat.links_locked")
        for text in ("see https://example.org/x", "www.example.org", "go to example.com now"):
            refused = a.send("chat.send", {"text": text})
            assert refused["error"]["code"] == "links_locked", text
        assert a.send("chat.send", {"text": "no link here, e.g. this."})["ok"] is True
        assert host.send("chat.send", {"text": "slides at https://example.org"})["ok"] is True
        assert host.send("chat.lock")["ok"] is True
        a.event("chat.locked")
        assert a.send("chat.send", {"text": "hello?"})["error"]["code"] == "chat_locked"
        assert host.send("chat.send", {"text": "quiet please"})["ok"] is True
        assert host.send("chat.unlock")["ok"] is True
        a.event("chat.unlocked")
        assert a.send("chat.send", {"text": "thanks"})["ok"] is True
    with Client(room_server.ws_url, ann.enter_token) as a:
        chat = a.next_frame()["data"]["chat"]
    assert (chat["locked"], chat["links_locked"]) == (False, True)


def test_the_rate_limit_refuses_a_burst(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, bea.enter_token) as b,
    ):
        a.next_frame()
        b.next_frame()
        burst = room_server.settings.room_chat_burst
        for n in range(burst):
            assert a.send("chat.send", {"text": f"message {n}"})["ok"] is True
        refused = a.send("chat.send", {"text": "one too many"})
        assert refused["error"]["code"] == "rate_limited"
        # Per person: Bea may still write.
        assert b.send("chat.send", {"text": "my first"})["ok"] is True
