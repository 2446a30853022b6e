"""Q&A over the socket: asking, one upvote per person, answers by the staff,
dismissal, and moderated Q&A."""

from __future__ import annotations

from tests.conftest import Tenant
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.settings import Settings


def test_ask_upvote_once_answer_and_dismiss(
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
        asked = a.send("qa.ask", {"text": "Will the slides be shared?"})
        question_id = asked["data"]["id"]
        question = b.event("qa.question")["data"]
        assert question["id"] == question_id
        assert question["votes"] == 0
        assert question["from"]["member_id"] == ann.person_id

        first = b.send("qa.upvote", {"question_id": question_id})
        assert first["data"] == {"id": question_id, "votes": 1, "counted": True}
        second = b.send("qa.upvote", {"question_id": question_id})
        assert second["data"] == {"id": question_id, "votes": 1, "counted": False}
        assert a.send("qa.upvote", {"question_id": question_id})["data"]["votes"] == 2
        assert [e["data"]["votes"] for e in (p.event("qa.voted"), p.event("qa.voted"))] == [1, 2]

        refused = a.send("qa.answer", {"question_id": question_id, "text": "yes"})
        assert refused["error"]["code"] == "forbidden"
        assert p.send("qa.answer", {"question_id": question_id, "text": "Yes, by e-mail."})["ok"]
        answered = a.event("qa.answered")["data"]
        assert answered == {
            "id": question_id,
            "answer": {
                "text": "Yes, by e-mail.",
                "from": {"member_id": paul, "name": "Paul Staff", "role": "presenter"},
            },
        }
        # Dismissing is a moderator's: a presenter may not.
        assert p.send("qa.dismiss", {"question_id": question_id})["error"]["code"] == "forbidden"
        unknown = p.send("qa.answer", {"question_id": "nope", "text": "?"})
        assert unknown["error"]["code"] == "not_found"

    with Client(room_server.ws_url, bea.enter_token) as b:
        questions = b.next_frame()["data"]["qa"]["questions"]
    assert [(q["id"], q["votes"], q["answer"]["text"], q["voted"]) for q in questions] == [
        (question_id, 2, "Yes, by e-mail.", True)
    ]
    # Each member's snapshot says whether they upvoted, so a reloaded page knows.
    with Client(room_server.ws_url, ticket(settings, alice, room, "presenter", paul)) as p:
        assert [q["voted"] for q in p.next_frame()["data"]["qa"]["questions"]] == [False]
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        assert host.send("qa.dismiss", {"question_id": question_id})["ok"] is True
    with Client(room_server.ws_url, bea.enter_token) as b:
        assert b.next_frame()["data"]["qa"]["questions"] == []


def test_moderated_questions_reach_the_audience_once_approved(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice, moderate_questions=True)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, bea.enter_token) as b,
        Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host,
    ):
        for client in (a, b):
            assert client.next_frame()["data"]["qa"]["moderated"] is True
        host.next_frame()
        asked = a.send("qa.ask", {"text": "Pending?"})
        assert asked["data"]["status"] == "pending"
        question_id = asked["data"]["id"]
        assert host.event("qa.question")["data"]["status"] == "pending"
        assert a.event("qa.question")["data"]["status"] == "pending"
        # Bea neither sees it nor can vote for it.
        refused = b.send("qa.upvote", {"question_id": question_id})
        assert refused["error"]["code"] == "not_found"
        assert [f for f in b.events() if f["event"] == "qa.question"] == []
        assert a.send("qa.approve", {"question_id": question_id})["error"]["code"] == "forbidden"
        assert host.send("qa.approve", {"question_id": question_id})["ok"] is True
        published = b.event("qa.question")["data"]
        assert (published["id"], published["status"]) == (question_id, "published")
        assert b.send("qa.upvote", {"question_id": question_id})["data"]["votes"] == 1
