"""Polls over the socket: opened and closed from the room and through BigMarker's
``PUT /polls``, votes (single, multi, once, only while open, only the poll's own
choices), results to the staff always and to everyone per the poll's
``attendee_can_view_poll_results``, and the snapshot's ``polls`` / ``all_polls``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import Tenant
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.polls.service import ANSWERS_SHOWN
from webinarium.settings import Settings

API = "/api/v1/polls"


@pytest.fixture(scope="module")
def api(room_server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=room_server.url, timeout=30) as client:
        yield client


def create_poll(
    api: httpx.Client, tenant: Tenant, conference_id: str, choices: list[str], **body: Any
) -> dict[str, Any]:
    fields = {"conference_id": conference_id, "question": "Which one?", "choices": choices}
    response = api.post(API, headers=tenant.headers, json={**fields, **body})
    assert response.status_code == 200, response.text
    poll: dict[str, Any] = response.json()
    return poll


def set_status(api: httpx.Client, tenant: Tenant, action: str, poll_id: str) -> None:
    response = api.put(API, headers=tenant.headers, json={"action": action, "poll_ids": poll_id})
    assert response.status_code == 200, response.text


def counts(results: list[dict[str, Any]]) -> list[int]:
    return [r["votes"] for r in results]


def test_opened_through_the_api_voted_on_and_closed_from_the_room(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    poll = create_poll(api, alice, room, ["Red", "Green", "Blue"])
    red, green, blue = (c["id"] for c in poll["choices"])
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, bea.enter_token) as b,
        Client(room_server.ws_url, ticket(settings, alice, room, "presenter", paul)) as p,
    ):
        for client in (a, b, p):
            assert client.next_frame()["data"]["polls"] == []
        set_status(api, alice, "open", poll["id"])
        opened = a.event("poll.opened")["data"]
        assert opened == {
            "poll": {
                "id": poll["id"],
                "question": "Which one?",
                "selection_method": "single",
                "choices": [
                    {"id": red, "choice": "Red"},
                    {"id": green, "choice": "Green"},
                    {"id": blue, "choice": "Blue"},
                ],
            }
        }
        assert p.event("poll.opened")["data"] == opened

        assert a.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [green]})["ok"]
        results = p.event("poll.results")["data"]
        assert results["poll_id"] == poll["id"]
        assert results["results"] == [
            {"choice_id": red, "votes": 0},
            {"choice_id": green, "votes": 1},
            {"choice_id": blue, "votes": 0},
        ]
        assert results["voters"] == 1
        # Shown to attendees (the conference's default): Bea sees it too.
        assert counts(b.event("poll.results")["data"]["results"]) == [0, 1, 0]

        second = a.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [red]})
        assert second["error"]["code"] == "already_voted"
        two = b.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [red, green]})
        assert two["error"]["code"] == "invalid_input"
        assert b.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [red]})["ok"]
        assert counts(p.event("poll.results", lambda d: d["voters"] == 2)["data"]["results"]) == [
            1,
            1,
            0,
        ]
        # Voting is the attendees'.
        refused = p.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [red]})
        assert refused["error"]["code"] == "forbidden"
        assert a.send("poll.close", {"poll_id": poll["id"]})["error"]["code"] == "forbidden"

        assert p.send("poll.close", {"poll_id": poll["id"]})["ok"]
        closed = b.event("poll.closed")["data"]
        assert closed["poll_id"] == poll["id"]
        assert counts(closed["results"]) == [1, 1, 0]
        late = b.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [blue]})
        assert late["error"]["code"] == "poll_closed"

        # Reopened from the room: the same poll again, the votes kept.
        assert p.send("poll.open", {"poll_id": poll["id"]})["ok"]
        assert a.event("poll.opened")["data"]["poll"]["id"] == poll["id"]
        again = a.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [blue]})
        assert again["error"]["code"] == "already_voted"


def test_multiple_choice_and_choices_of_another_poll(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    other_room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    multi = create_poll(
        api, alice, room, ["A", "B", "C"], selection_method="multi", question="Pick some"
    )
    single = create_poll(api, alice, room, ["Yes", "No"])
    elsewhere = create_poll(api, alice, other_room, ["Yes", "No"])
    queued = create_poll(api, alice, room, ["Now", "Later"])
    for poll in (multi, single, elsewhere):
        set_status(api, alice, "open", poll["id"])
    a_, b_, c_ = (c["id"] for c in multi["choices"])
    with Client(room_server.ws_url, ann.enter_token) as a:
        snapshot = a.next_frame()["data"]
        assert [p["id"] for p in snapshot["polls"]] == sorted([multi["id"], single["id"]])
        assert snapshot["all_polls"] is None

        of_other = a.send(
            "poll.vote", {"poll_id": multi["id"], "choice_ids": [single["choices"][0]["id"]]}
        )
        assert of_other["error"]["code"] == "invalid_input"
        other_room_poll = a.send(
            "poll.vote", {"poll_id": elsewhere["id"], "choice_ids": [elsewhere["choices"][0]["id"]]}
        )
        assert other_room_poll["error"]["code"] == "not_found"
        not_open = a.send(
            "poll.vote", {"poll_id": queued["id"], "choice_ids": [queued["choices"][0]["id"]]}
        )
        assert not_open["error"]["code"] == "not_found"
        unknown = a.send("poll.vote", {"poll_id": "nope", "choice_ids": [a_]})
        assert unknown["error"]["code"] == "not_found"
        assert a.send("poll.vote", {"poll_id": multi["id"], "choice_ids": "A"})["error"][
            "code"
        ] == ("invalid_input")

        assert a.send("poll.vote", {"poll_id": multi["id"], "choice_ids": [a_, c_]})["ok"]
        results = a.event("poll.results", lambda d: d["poll_id"] == multi["id"])["data"]
        assert results["results"] == [
            {"choice_id": a_, "votes": 1},
            {"choice_id": b_, "votes": 0},
            {"choice_id": c_, "votes": 1},
        ]
        assert results["voters"] == 1

    # A fresh snapshot says what Ann voted in, with the results she may see.
    with Client(room_server.ws_url, ann.enter_token) as a:
        polls = {p["id"]: p for p in a.next_frame()["data"]["polls"]}
    assert polls[multi["id"]]["voted"] is True
    assert counts(polls[multi["id"]]["results"]) == [1, 0, 1]
    assert polls[single["id"]]["voted"] is False


def test_results_hidden_from_attendees_reach_the_staff_only(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    hidden = create_poll(api, alice, room, ["Yes", "No"], attendee_can_view_poll_results=False)
    yes, no = (c["id"] for c in hidden["choices"])
    host_ticket = ticket(settings, alice, room, "host")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, bea.enter_token) as b,
        Client(room_server.ws_url, host_ticket) as host,
    ):
        a.next_frame()
        b.next_frame()
        listed = host.next_frame()["data"]["all_polls"]
        assert [(p["id"], p["status"]) for p in listed] == [(hidden["id"], "queue")]
        assert host.send("poll.open", {"poll_id": hidden["id"]})["ok"]
        b.event("poll.opened")
        assert a.send("poll.vote", {"poll_id": hidden["id"], "choice_ids": [no]})["ok"]
        assert counts(host.event("poll.results")["data"]["results"]) == [0, 1]
        assert host.send("poll.close", {"poll_id": hidden["id"]})["ok"]
        final = host.event("poll.results", lambda d: d["voters"] == 1)
        closed = b.event("poll.closed")
        assert closed["data"] == {"poll_id": hidden["id"]}
        assert final["seq"] < closed["seq"]
        # Nothing of the results reached the attendees, and the vote was stored.
        assert not [f for f in a.events() + b.events() if f["event"] == "poll.results"]

    with Client(room_server.ws_url, bea.enter_token) as b:
        assert b.next_frame()["data"]["polls"] == []
    set_status(api, alice, "reopen", hidden["id"])
    with Client(room_server.ws_url, bea.enter_token) as b:
        (shown,) = b.next_frame()["data"]["polls"]
    assert shown["results"] is None
    assert shown["voted"] is False
    with Client(room_server.ws_url, host_ticket) as host:
        (seen,) = host.next_frame()["data"]["polls"]
    assert counts(seen["results"]) == [0, 1]
    assert seen["id"] == hidden["id"]
    assert seen["choices"][0]["id"] == yes


def test_results_are_batched_per_poll_and_interval(
    settings: Settings, alice: Tenant, api: httpx.Client
) -> None:
    """The first vote's results at once; the votes within the interval after it
    in one poll.results when it is over, counting every one of them."""
    server = RoomServer(settings, room_count_interval_seconds=3.0).start()
    try:
        room = make_room(settings, alice)
        voters = [register_someone(settings, alice, room, name) for name in ("Ann", "Bea", "Cy")]
        poll = create_poll(api, alice, room, ["Yes", "No"])
        yes = poll["choices"][0]["id"]
        set_status(api, alice, "open", poll["id"])
        host_ticket = ticket(settings, alice, room, "host")
        with Client(server.ws_url, host_ticket) as host:
            host.next_frame()
            for voter in voters:
                with Client(server.ws_url, voter.enter_token) as client:
                    client.next_frame()
                    assert client.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [yes]})[
                        "ok"
                    ]
            first = host.event("poll.results")["data"]
            batched = host.event("poll.results")["data"]
        # The first is stored right after the first vote (a loaded machine may
        # let the second vote in before it); the rest wait for the interval.
        assert first["voters"] in (1, 2)
        assert counts(first["results"]) == [first["voters"], 0]
        assert (batched["voters"], counts(batched["results"])) == (3, [3, 0])
    finally:
        server.stop()


def test_score_results_average_and_distribution(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    """A score poll's results: the average, the count and the votes per score,
    live to the staff and (as the poll shows them) to the attendees."""
    room = make_room(settings, alice)
    people = [register_someone(settings, alice, room, name) for name in ("Ann", "Bea", "Cy")]
    poll = create_poll(api, alice, room, [], selection_method="score", question="Rate us")
    set_status(api, alice, "open", poll["id"])
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        (opened,) = host.next_frame()["data"]["polls"]
        assert opened["score"] == {
            "average": None,
            "count": 0,
            "distribution": [{"score": s, "votes": 0} for s in range(1, 11)],
        }
        assert opened["answers"] is None
        for person, score in zip(people, (9, 10, 9), strict=True):
            with Client(room_server.ws_url, person.enter_token) as client:
                client.next_frame()
                assert client.send("poll.vote", {"poll_id": poll["id"], "score": score})["ok"]
        live = host.event("poll.results", lambda d: d["voters"] == 3)["data"]
    assert (live["results"], live["answers"]) == ([], None)
    assert (live["score"]["average"], live["score"]["count"]) == (9.33, 3)
    votes = {row["score"]: row["votes"] for row in live["score"]["distribution"]}
    assert votes == {**dict.fromkeys(range(1, 11), 0), 9: 2, 10: 1}

    with Client(room_server.ws_url, people[0].enter_token) as ann:
        (shown,) = ann.next_frame()["data"]["polls"]
        assert shown["score"] == live["score"]
        set_status(api, alice, "close", poll["id"])
        closed = ann.event("poll.closed")["data"]
    assert (closed["score"], closed["answers"], closed["voters"]) == (live["score"], None, 3)


def test_short_answers_newest_first_and_only_where_results_are_shown(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    poll = create_poll(
        api,
        alice,
        room,
        [],
        selection_method="short_answer",
        question="One word for today?",
        attendee_can_view_poll_results=False,
    )
    set_status(api, alice, "open", poll["id"])
    with (
        Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host,
        Client(room_server.ws_url, bea.enter_token) as b,
    ):
        host.next_frame()
        (hidden,) = b.next_frame()["data"]["polls"]
        assert hidden["results"] is None
        assert "answers" not in hidden
        with Client(room_server.ws_url, ann.enter_token) as a:
            a.next_frame()
            assert a.send("poll.vote", {"poll_id": poll["id"], "answer": "  Inspiring "})["ok"]
        host.event("poll.results", lambda d: d["voters"] == 1)
        assert b.send("poll.vote", {"poll_id": poll["id"], "answer": "Long"})["ok"]
        live = host.event("poll.results", lambda d: d["voters"] == 2)["data"]
        assert [a["answer"] for a in live["answers"]] == ["Long", "Inspiring"]
        assert all(a["at"].endswith("Z") for a in live["answers"])
        assert live["score"] is None
        assert not [f for f in b.events() if f["event"] == "poll.results"]
    set_status(api, alice, "close", poll["id"])
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        (staff_view,) = host.next_frame()["data"]["all_polls"]
    assert [a["answer"] for a in staff_view["answers"]] == ["Long", "Inspiring"]


def test_short_answers_shown_are_capped(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    """The newest `ANSWERS_SHOWN` answers; ``voters`` counts every one."""
    room = make_room(settings, alice)
    poll = create_poll(api, alice, room, [], selection_method="short_answer")
    set_status(api, alice, "open", poll["id"])
    people = [register_someone(settings, alice, room, f"P{n}") for n in range(ANSWERS_SHOWN + 2)]
    for n, person in enumerate(people):
        with Client(room_server.ws_url, person.enter_token) as client:
            client.next_frame()
            assert client.send("poll.vote", {"poll_id": poll["id"], "answer": f"answer {n}"})["ok"]
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        (shown,) = host.next_frame()["data"]["polls"]
    assert shown["voters"] == ANSWERS_SHOWN + 2
    assert len(shown["answers"]) == ANSWERS_SHOWN
    assert shown["answers"][0]["answer"] == f"answer {ANSWERS_SHOWN + 1}"
    assert shown["answers"][-1]["answer"] == "answer 2"
