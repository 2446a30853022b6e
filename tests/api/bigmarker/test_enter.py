"""Enter a Conference (``POST /api/v1/conferences/enter``): the request as the
document's example sends it, the answer field by field, every documented
error, and the ``enter_token`` opening the room's socket in the right role."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.api.bigmarker.helpers import documented_error
from tests.conftest import Tenant
from tests.room.helpers import Client, add_staff, make_room
from webinarium.kit.ids import new_id
from webinarium.settings import Settings

ENTER = "/api/v1/conferences/enter"


@pytest.fixture
def operation(bigmarker_operations: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return bigmarker_operations["conferences_enter"]


@pytest.fixture
def ws_url(server_url: str) -> str:
    return server_url.replace("http://", "ws://", 1) + "/room/ws"


def _example_body(operation: dict[str, Any], conference_id: str) -> dict[str, Any]:
    """The curl example's JSON body, with a real conference id."""
    body_text = operation["curl_example"].split("-d '", 1)[1].rsplit("'", 1)[0]
    body: dict[str, Any] = json.loads(body_text)
    return {**body, "id": conference_id}


def _enter(http: httpx.Client, tenant: Tenant, **body: Any) -> httpx.Response:
    return http.post(ENTER, headers=tenant.headers, json=body)


def _email() -> str:
    return f"visitor-{new_id()}@example.test"


def _snapshot(ws_url: str, token: str) -> dict[str, Any]:
    with Client(ws_url, token) as client:
        frame = client.next_frame()
    assert frame["event"] == "room.snapshot"
    snapshot: dict[str, Any] = frame["data"]
    return snapshot


def test_the_documents_example_enters_an_attendee(
    http: httpx.Client,
    settings: Settings,
    alice: Tenant,
    operation: dict[str, Any],
    ws_url: str,
) -> None:
    room = make_room(settings, alice)
    body = _example_body(operation, room)
    response = http.post(ENTER, headers=alice.headers, json=body)

    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) == set(operation["response"]["example"]["top_level_keys"])
    shown = http.get(f"/api/v1/conferences/{room}", headers=alice.headers).json()
    assert answer["enter_uri"] == f"{shown['conference_address']}?token={answer['enter_token']}"
    snapshot = _snapshot(ws_url, answer["enter_token"])
    assert snapshot["conference"]["id"] == room
    assert snapshot["me"]["name"] == body["attendee_name"]
    assert snapshot["me"]["role"] == "attendee"
    # Not registered: the document's default.
    registrants = http.get(f"/api/v1/conferences/registrations/{room}", headers=alice.headers)
    assert registrants.json()["registrations"] == []


def test_the_enter_uri_opens_the_room_page(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    room = make_room(settings, alice)
    answer = _enter(http, alice, id=room, attendee_name="Ann Page", attendee_email=_email()).json()
    address = urlsplit(answer["enter_uri"])
    page = http.get(f"{address.path}?{address.query}")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert '<meta name="webinarium-ticket" content="eyJ' in page.text


def test_registering_the_attendee(
    http: httpx.Client, settings: Settings, alice: Tenant, ws_url: str
) -> None:
    room, email = make_room(settings, alice), _email()
    response = _enter(
        http,
        alice,
        id=room,
        attendee_name="Ann",
        attendee_email=email,
        register_attendee_to_webinar=True,
        attendee_first_name="Annabel",
        attendee_last_name="Lee",
        custom_user_id="crm-42",
    )
    assert response.status_code == 200, response.text
    registrants = http.get(
        f"/api/v1/conferences/registrations/{room}", headers=alice.headers
    ).json()["registrations"]
    assert [(r["email"], r["first_name"], r["last_name"]) for r in registrants] == [
        (email, "Annabel", "Lee")
    ]
    assert registrants[0]["custom_user_id"] == "crm-42"
    me = _snapshot(ws_url, response.json()["enter_token"])["me"]
    assert (me["name"], me["role"]) == ("Annabel Lee", "attendee")


def _staff(
    http: httpx.Client, settings: Settings, tenant: Tenant, room: str, name: str, *, moderator: bool
) -> tuple[str, str]:
    """A presenter of the room: their member id and e-mail."""
    member_id = add_staff(settings, tenant, room, name, moderator=moderator)
    presenters = http.get(f"/api/v1/conferences/{room}/presenters", headers=tenant.headers)
    (email,) = (p["email"] for p in presenters.json()["presenters"] if p["member_id"] == member_id)
    return member_id, email


def test_presenters_and_moderators_enter_in_their_role(
    http: httpx.Client, settings: Settings, alice: Tenant, ws_url: str
) -> None:
    room = make_room(settings, alice)
    paul = _staff(http, settings, alice, room, "Paul", moderator=False)
    mona = _staff(http, settings, alice, room, "Mona", moderator=True)
    cases = (
        ("presenter", paul, "presenter"),
        ("moderator", mona, "moderator"),
        # A moderator may enter as a presenter: they are still a moderator in the room.
        ("presenter", mona, "moderator"),
        # The account's own address: the organiser.
        ("moderator", ("host", alice.email), "moderator"),
    )
    for asked, (member_id, email), role in cases:
        response = _enter(http, alice, id=room, attendee_name="X", attendee_email=email, role=asked)
        assert response.status_code == 200, response.text
        me = _snapshot(ws_url, response.json()["enter_token"])["me"]
        assert (me["member_id"], me["role"]) == (member_id, role)


def test_only_a_presenter_enters_as_one(
    http: httpx.Client, settings: Settings, alice: Tenant, operation: dict[str, Any]
) -> None:
    room = make_room(settings, alice)
    _, paul = _staff(http, settings, alice, room, "Paul", moderator=False)
    _, elsewhere = _staff(http, settings, alice, make_room(settings, alice), "Olga", moderator=True)
    denied = documented_error(operation, 401, "permission to access this channel")
    cases = [(role, _email()) for role in ("presenter", "moderator")]
    cases += [("moderator", paul), ("presenter", elsewhere), ("moderator", elsewhere)]
    for role, email in cases:
        response = _enter(
            http, alice, id=room, attendee_name="Eve", attendee_email=email, role=role
        )
        assert (response.status_code, response.json()) == (401, denied), (role, email)


def test_an_unknown_conference(
    http: httpx.Client, alice: Tenant, bob: Tenant, settings: Settings, operation: dict[str, Any]
) -> None:
    expected = documented_error(operation, 404)
    for tenant, conference_id in ((alice, new_id()), (bob, make_room(settings, alice))):
        response = _enter(
            http, tenant, id=conference_id, attendee_name="Ann", attendee_email=_email()
        )
        assert (response.status_code, response.json()) == (404, expected)


def test_an_ended_conference(
    http: httpx.Client, settings: Settings, alice: Tenant, operation: dict[str, Any], ws_url: str
) -> None:
    room = make_room(settings, alice)
    host = _enter(
        http, alice, id=room, attendee_name="Host", attendee_email=alice.email, role="moderator"
    ).json()["enter_token"]
    with Client(ws_url, host) as client:
        client.next_frame()
        assert client.send("room.start")["ok"] is True
        assert client.send("room.end")["ok"] is True
    response = _enter(http, alice, id=room, attendee_name="Late", attendee_email=_email())
    assert (response.status_code, response.json()) == (
        400,
        documented_error(operation, 400, "has ended"),
    )


def test_too_early_in_the_documents_words(
    http: httpx.Client, settings: Settings, alice: Tenant, operation: dict[str, Any]
) -> None:
    """The document's minutes (30 and 15) are the conference's settings here
    (presenters may come 60, 120 or 180 minutes early)."""
    room = make_room(
        settings,
        alice,
        starts_in=timedelta(hours=3),
        presenter_advanced_enter_time=120,
        attendee_advanced_enter_time=15,
    )
    _, paul = _staff(http, settings, alice, room, "Paul", moderator=False)
    cases = (("presenter", paul, "Presenters", "120"), ("attendee", _email(), "Attendees", "15"))
    for role, email, who, minutes in cases:
        expected = documented_error(operation, 400, who)
        documented_minutes = "30" if role == "presenter" else "15"
        expected["error"] = expected["error"].replace(
            f" {documented_minutes} minutes", f" {minutes} minutes"
        )
        response = _enter(
            http,
            alice,
            id=room,
            attendee_name="Early",
            attendee_email=email,
            role=role,
            register_attendee_to_webinar=True,
        )
        assert (response.status_code, response.json()) == (400, expected)
    # Nothing of the refused entry is kept.
    registrants = http.get(f"/api/v1/conferences/registrations/{room}", headers=alice.headers)
    assert registrants.json()["registrations"] == []


@pytest.mark.parametrize("name", ["exit_uri", "exit_url"])
def test_the_exit_address_is_where_the_room_sends_them(
    name: str, http: httpx.Client, settings: Settings, alice: Tenant, ws_url: str
) -> None:
    room = make_room(settings, alice, exit_url="https://example.test/everyone")
    mine = f"https://example.test/ann/{name}"
    ann = _enter(
        http, alice, id=room, attendee_name="Ann", attendee_email=_email(), **{name: mine}
    ).json()["enter_token"]
    bea = _enter(http, alice, id=room, attendee_name="Bea", attendee_email=_email()).json()[
        "enter_token"
    ]
    host = _enter(
        http, alice, id=room, attendee_name="Host", attendee_email=alice.email, role="moderator"
    ).json()["enter_token"]
    with Client(ws_url, ann) as a, Client(ws_url, bea) as b, Client(ws_url, host) as h:
        for client in (a, b, h):
            client.next_frame()
        assert h.send("room.start")["ok"] is True
        assert h.send("room.end")["ok"] is True
        assert a.event("room.ended")["data"] == {"exit_url": mine}
        assert b.event("room.ended")["data"] == {"exit_url": "https://example.test/everyone"}


@pytest.mark.parametrize(
    "change",
    [
        {"role": "speaker"},
        {"exit_uri": "javascript:alert(1)"},
        {"attendee_email": None},
        {"attendee_name": None},
        {"id": None},
        {"register_attendee_to_webinar": "maybe"},
        {"custom_user_id": "x" * 300},
        {"custom_user_id": "x" * 300, "register_attendee_to_webinar": True},
        {"attendee_first_name": "x" * 300},
        {"attendee_email": "not an e-mail"},
    ],
)
def test_bad_input_is_a_clear_400(
    change: dict[str, Any], http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    room = make_room(settings, alice)
    body = {"id": room, "attendee_name": "Ann", "attendee_email": _email(), **change}
    response = http.post(
        ENTER, headers=alice.headers, json={k: v for k, v in body.items() if v is not None}
    )
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"error"}
