"""Requests written the way the vendor's document and its users write them.

The reference README ("be lenient") asks to read parameters from the path, query,
form body and JSON body alike whatever the Content-Type, to parse JSON leniently
(trailing commas), to accept numbers as strings and YES/NO booleans in any case,
and to ignore unknown parameters. An unreadable body is the client's error (400),
never the server's (500).
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant
from webinarium.kit.ids import new_id

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _show(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, Any]:
    response = http.get(f"/api/v1/conferences/{conference_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    shown: dict[str, Any] = response.json()
    return shown


def _created(response: httpx.Response, http: httpx.Client, tenant: Tenant) -> dict[str, Any]:
    """The created conference, as Show Conference reads it back."""
    assert response.status_code == 200, response.text
    return _show(http, tenant, response.json()["id"])


def test_trailing_slashes_reach_the_same_routes(http: httpx.Client, fresh_tenant: Tenant) -> None:
    title = f"Slashes {new_id()}"
    created = create_conference(http, fresh_tenant, title=title, start_time="2031-01-01 10:00")
    listed = http.get("/api/v1/conferences/", headers=fresh_tenant.headers)
    assert listed.status_code == 200
    assert listed.json() == http.get("/api/v1/conferences", headers=fresh_tenant.headers).json()
    assert [c["title"] for c in listed.json()["conferences"]] == [title]

    shown = http.get(f"/api/v1/conferences/{created['id']}/", headers=fresh_tenant.headers)
    assert shown.status_code == 200
    assert shown.json() == _show(http, fresh_tenant, created["id"])

    # A write keeps its body through the slash (no redirect that drops it).
    updated = http.put(
        f"/api/v1/conferences/{created['id']}/",
        headers=fresh_tenant.headers,
        json={"purpose": "Through a slash"},
    )
    assert updated.status_code == 200, updated.text
    assert _show(http, fresh_tenant, created["id"])["purpose"] == "Through a slash"


def test_a_json_body_sent_as_form_content_type(http: httpx.Client, alice: Tenant) -> None:
    title = f"JSON as form {new_id()}"
    body = {"channel_id": alice.channel_id, "title": title, "purpose": "Mislabelled"}
    response = http.post(
        "/api/v1/conferences",
        headers={**alice.headers, **FORM},
        content=json.dumps(body).encode(),
    )
    shown = _created(response, http, alice)
    assert (shown["title"], shown["purpose"]) == (title, "Mislabelled")


def test_a_form_body_creates_a_conference(http: httpx.Client, alice: Tenant) -> None:
    title = f"Form & friends {new_id()}"
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        data={
            "channel_id": alice.channel_id,
            "title": title,
            "duration_minutes": "45",
            "enable_twitter": "false",
        },
    )
    shown = _created(response, http, alice)
    assert (shown["title"], shown["duration"], shown["enable_twitter"]) == (title, 45, False)


def test_a_multipart_body_creates_a_conference(http: httpx.Client, alice: Tenant) -> None:
    title = f"Multipart {new_id()}"
    fields = {"channel_id": alice.channel_id, "title": title, "purpose": "In parts"}
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        files={name: (None, value) for name, value in fields.items()},
    )
    assert response.request.headers["content-type"].startswith("multipart/form-data")
    shown = _created(response, http, alice)
    assert (shown["title"], shown["purpose"]) == (title, "In parts")


def test_numbers_as_strings(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        json={
            "channel_id": alice.channel_id,
            "title": "Numbers as strings",
            "duration_minutes": "90",
            "breakout_time_limit": "15",
        },
    )
    shown = _created(response, http, alice)
    assert (shown["duration"], shown["breakout_time_limit"]) == (90, 15)

    updated = http.put(
        f"/api/v1/conferences/{shown['id']}",
        headers=alice.headers,
        json={"duration_minutes": " 30 "},
    )
    assert updated.status_code == 200, updated.text
    assert _show(http, alice, shown["id"])["duration"] == 30


def test_strings_as_numbers(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": 2031, "duration_minutes": 75.0},
    )
    shown = _created(response, http, alice)
    assert (shown["title"], shown["duration"]) == ("2031", 75)


# Each default is the opposite of the value sent, so a value that is ignored fails.
BOOLEANS = {
    "enable_knock_to_enter": ("true", True),
    "show_reviews": ("False", False),
    "enable_ie_safari": ("yes", True),
    "enable_twitter": ("NO", False),
    "registration_conf_emails": ("FALSE", False),
    "show_handout_on_page": ("Yes", True),
}
SHOWN_AS = {"registration_conf_emails": "enable_registration_email"}


@pytest.mark.parametrize("encoding", ["json", "form"])
def test_booleans_as_words_in_any_case(encoding: str, http: httpx.Client, alice: Tenant) -> None:
    body = {"channel_id": alice.channel_id, "title": "Booleans"}
    body.update({name: sent for name, (sent, _) in BOOLEANS.items()})
    if encoding == "json":
        response = http.post("/api/v1/conferences", headers=alice.headers, json=body)
    else:
        response = http.post("/api/v1/conferences", headers=alice.headers, data=body)
    shown = _created(response, http, alice)
    assert {SHOWN_AS.get(name, name): shown[SHOWN_AS.get(name, name)] for name in BOOLEANS} == {
        SHOWN_AS.get(name, name): expected for name, (_, expected) in BOOLEANS.items()
    }


def test_json_with_trailing_commas(http: httpx.Client, alice: Tenant) -> None:
    title = f"Trailing comma {new_id()}"
    text = (
        "{\n"
        f'  "channel_id": "{alice.channel_id}",\n'
        f'  "title": "{title}",\n'
        '  "webinar_tags": [{"topic": "a",},],\n'
        "}"
    )
    response = http.post(
        "/api/v1/conferences",
        headers={**alice.headers, "Content-Type": "application/json"},
        content=text.encode(),
    )
    shown = _created(response, http, alice)
    assert shown["title"] == title


def test_unknown_parameters_are_ignored(http: httpx.Client, alice: Tenant) -> None:
    body = {
        "channel_id": alice.channel_id,
        "title": "Unknown parameters",
        "no_such_parameter": "whatever",
        "nested_unknown": {"a": [1, 2]},
        "id": "chosen-by-client",
        "account_id": "someone-else",
    }
    shown = _created(
        http.post("/api/v1/conferences", headers=alice.headers, json=body), http, alice
    )
    assert "no_such_parameter" not in shown
    assert "nested_unknown" not in shown
    assert shown["id"] != "chosen-by-client"
    assert shown["channel_id"] == alice.channel_id

    updated = http.put(
        f"/api/v1/conferences/{shown['id']}",
        headers=alice.headers,
        json={"purpose": "Still updated", "frobnicate": True},
    )
    assert updated.status_code == 200, updated.text
    assert _show(http, alice, shown["id"])["purpose"] == "Still updated"


def test_parameters_from_the_query_string(http: httpx.Client, alice: Tenant) -> None:
    title = f"Query string {new_id()}"
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        params={"channel_id": alice.channel_id, "title": title},
    )
    assert _created(response, http, alice)["title"] == title


@pytest.mark.parametrize("encoding", ["json", "form"])
def test_a_body_on_delete_series(encoding: str, http: httpx.Client, alice: Tenant) -> None:
    series = http.post(
        "/api/v1/series",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": f"Series {new_id()}"},
    )
    assert series.status_code == 200, series.text
    series_id = series.json()["id"]
    kept, removed = (create_conference(http, alice)["id"] for _ in range(2))
    added = http.post(
        "/api/v1/series/add_sessions",
        headers=alice.headers,
        json={"series_id": series_id, "session_ids": [kept, removed]},
    )
    assert added.status_code == 200, added.text

    if encoding == "json":
        response = http.request(
            "DELETE", "/api/v1/series", headers=alice.headers, json={"session_ids": [removed]}
        )
    else:
        response = http.request(
            "DELETE",
            "/api/v1/series",
            headers={**alice.headers, **FORM},
            content=f"session_ids[]={removed}".encode(),
        )
    assert response.status_code == 200, response.text

    sessions = http.get(
        f"/api/v1/conferences/get_associated_sessions/{series_id}", headers=alice.headers
    )
    assert sessions.status_code == 200
    assert [c["id"] for c in sessions.json()["conferences"]] == [kept]
    # Leaving the series keeps the webinar.
    assert _show(http, alice, removed)["id"] == removed


@pytest.mark.parametrize(
    "text",
    [
        '{"channel_id": "x", "title": ',
        '{"title": "unterminated}',
        "{not json at all",
        "[1, 2,",
        '["a list", "not an object"]',
        "{'single': 'quotes', }x",
        "\u007b\u007d\u007d",
    ],
)
@pytest.mark.parametrize("content_type", ["application/json", FORM["Content-Type"], None])
def test_an_invalid_json_body_is_a_400_not_a_500(
    text: str, content_type: str | None, http: httpx.Client, alice: Tenant
) -> None:
    headers = dict(alice.headers)
    if content_type:
        headers["Content-Type"] = content_type
    for method, path in (
        ("POST", "/api/v1/conferences"),
        ("POST", "/api/v1/conferences/search"),
        ("PUT", "/api/v1/series"),
        ("DELETE", "/api/v1/series"),
        ("POST", "/api/v1/members/login"),
    ):
        response = http.request(method, path, headers=headers, content=text.encode())
        assert response.status_code == 400, (method, path, response.text)
        body = response.json()
        assert list(body) == ["error"]
        assert isinstance(body["error"], str)
        assert body["error"]


def test_a_body_that_is_not_utf8_is_a_400_not_a_500(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(
        "/api/v1/conferences",
        headers={**alice.headers, "Content-Type": "application/json"},
        content=b'{"title": "\xff\xfe", "channel_id": 1',
    )
    assert response.status_code == 400
    assert list(response.json()) == ["error"]
