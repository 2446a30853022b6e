"""Requests sent the way public BigMarker clients send them, and what they read.

The clients (docs/bigmarker.md, "What real clients read"): the Singer taps
tap-bigmarker (pulumi, manuelapilongo, The-Daily-Upside), which read records by
JSON path, page with ``page``/``per_page`` until a page is empty and key rows on
``id``; CGBassPlayer's bigmarker-api-wrapper (pydantic models of a conference);
the "BigMarker action for Elementor Pro forms" WordPress plugin, which
subscribes with ``PUT …/add_subscriber``.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant

API = "/api/v1"


def _records(body: Any, key: str) -> list[dict[str, Any]]:
    """What a tap's ``$.<key>[*]`` finds (nothing when the key is missing)."""
    if not isinstance(body, dict):
        return []
    records: list[dict[str, Any]] = body.get(key) or []
    return records


def _email(label: str) -> str:
    return f"{label}.{time.time_ns()}@example.test"


def _register(http: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> None:
    response = http.put(
        f"{API}/conferences/register",
        headers=tenant.headers,
        data={"id": conference_id, "email": email, "first_name": "Ada", "last_name": "Byron"},
    )
    assert response.status_code == 200, response.text


# 1. Search answers an object ------------------------------------------------


def test_a_tap_pages_through_search_by_its_conferences_key(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    created = {create_conference(http, fresh_tenant, title=f"Talk {i}")["id"] for i in range(3)}
    found: list[dict[str, Any]] = []
    page = 1
    # The tap POSTs with no body and its parameters in the URL, to the
    # Routing's trailing-slash path, and stops at the first empty page.
    while True:
        response = http.post(
            f"{API}/conferences/search/",
            headers={"API-KEY": fresh_tenant.api_key},
            params={"page": page, "per_page": 2, "start_time": 0},
        )
        assert response.status_code == 200, response.text
        records = _records(response.json(), "conferences")
        if not records:
            break
        if page == 1:
            body = response.json()
            assert (body["current_page"], body["per_page"]) == (1, 2)
            assert (body["total_entries"], body["total_pages"]) == (3, 2)
        found += records
        page += 1
    assert page == 3
    assert {record["id"] for record in found} == created


def test_recurring_children_answer_child_conferences_with_paging(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    parent = create_conference(
        http,
        fresh_tenant,
        schedule_type="multiple_times",
        recurring_start_times=["2031-02-01 10:00:00+00:00", "2031-02-08 10:00:00+00:00"],
    )
    response = http.get(f"{API}/conferences/recurring/{parent['id']}", headers=fresh_tenant.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    children = _records(body, "child_conferences")
    assert [child["master_webinar_id"] for child in children] == [parent["id"]] * 2
    assert (body["current_page"], body["total_entries"], body["total_pages"]) == (1, 2, 1)


def test_handouts_stay_the_bare_array_every_tap_reads(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    conference = create_conference(http, fresh_tenant)
    added = http.post(
        f"{API}/conferences/{conference['id']}/add_handout_with_url",
        headers=fresh_tenant.headers,
        json={"title": "Slides", "handout_url": "https://files.example.test/slides.pdf"},
    )
    assert added.status_code == 200, added.text
    response = http.get(
        f"{API}/conferences/{conference['id']}/handouts", headers=fresh_tenant.headers
    )
    assert response.status_code == 200, response.text
    # The taps read "$[*]", as the document's example shows; nothing reads the
    # table's "Handouts" key.
    assert [h["id"] for h in response.json()] == [added.json()["id"]]


# 2. Registrant rows carry id -------------------------------------------------


def test_registrant_rows_carry_a_stable_id_per_conference(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    first = create_conference(http, fresh_tenant, title="First")
    second = create_conference(http, fresh_tenant, title="Second")
    ada, bob = _email("ada"), _email("bob")
    for conference in (first, second):
        _register(http, fresh_tenant, conference["id"], ada)
    _register(http, fresh_tenant, first["id"], bob)

    def rows(conference_id: str, path: str) -> dict[str, dict[str, Any]]:
        response = http.get(
            f"{API}/conferences/{path}/{conference_id}",
            headers=fresh_tenant.headers,
            params={"page": 1, "per_page": 500},
        )
        assert response.status_code == 200, response.text
        return {row["email"]: row for row in _records(response.json(), "registrations")}

    with_fields = rows(first["id"], "registrations_with_fields")
    assert set(with_fields) == {ada, bob}
    ids = {row["id"] for row in with_fields.values()}
    assert None not in ids
    assert len(ids) == 2
    assert with_fields[ada]["bmid"] != with_fields[ada]["id"]
    # The same rows, the same ids, in the other list and on the next read.
    assert {e: r["id"] for e, r in rows(first["id"], "registrations").items()} == {
        e: r["id"] for e, r in with_fields.items()
    }
    # Registering again keeps the row; the person at another conference is another row.
    _register(http, fresh_tenant, first["id"], ada)
    assert rows(first["id"], "registrations_with_fields")[ada]["id"] == with_fields[ada]["id"]
    at_second = rows(second["id"], "registrations_with_fields")[ada]
    assert at_second["bmid"] == with_fields[ada]["bmid"]
    assert at_second["id"] != with_fields[ada]["id"]


# 3. Leniency clients rely on -------------------------------------------------


def test_the_form_plugin_subscribes_with_put(http: httpx.Client, fresh_tenant: Tenant) -> None:
    email = _email("subscriber")
    response = http.put(
        f"{API}/channels/{fresh_tenant.channel_id}/add_subscriber",
        headers={
            "Content-Type": "application/json",
            "accept": "application/json",
            "API-KEY": fresh_tenant.api_key,
        },
        content=f'{{"email": "{email}", "first_name": "Ada", "last_name": "Byron"}}',
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "error" not in body
    assert body["bmid"]
    subscribers = http.get(
        f"{API}/channels/{fresh_tenant.channel_id}/subscribers", headers=fresh_tenant.headers
    ).json()["subscribers"]
    assert email in {s["email"] for s in subscribers}


def test_the_api_key_header_spelled_with_an_underscore(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    conference = create_conference(http, fresh_tenant)
    response = http.get(
        f"{API}/conferences/{conference['id']}", headers={"API_KEY": fresh_tenant.api_key}
    )
    assert response.status_code == 200, response.text
    assert response.json()["id"] == conference["id"]
    wrong = http.get(f"{API}/conferences/{conference['id']}", headers={"API_KEY": "wbn_wrong"})
    assert wrong.status_code == 401


def test_duration_is_an_alias_of_duration_minutes(http: httpx.Client, fresh_tenant: Tenant) -> None:
    created = create_conference(http, fresh_tenant, duration=45)
    assert created["duration"] == 45
    response = http.put(
        f"{API}/conferences/{created['id']}", headers=fresh_tenant.headers, json={"duration": "90"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["duration"] == 90
    both = http.put(
        f"{API}/conferences/{created['id']}",
        headers=fresh_tenant.headers,
        json={"duration": 30, "duration_minutes": 60},
    )
    assert both.json()["duration"] == 60  # the documented name wins
    too_long = http.put(
        f"{API}/conferences/{created['id']}", headers=fresh_tenant.headers, json={"duration": 721}
    )
    assert too_long.status_code == 400
    assert "error" in too_long.json()


def test_webinar_tags_in_bracket_notation_filter_the_list(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    sales = create_conference(http, fresh_tenant, title="S", webinar_tags=[{"topic": "sales"}])
    hiring = create_conference(http, fresh_tenant, title="H", webinar_tags=[{"topic": "hiring"}])
    create_conference(http, fresh_tenant, title="untagged")

    def listed(query: str) -> set[str]:
        response = http.get(f"{API}/conferences?type=all&{query}", headers=fresh_tenant.headers)
        assert response.status_code == 200, response.text
        return {c["id"] for c in response.json()["conferences"]}

    assert listed("webinar_tags[][topic]=sales") == {sales["id"]}
    assert listed("webinar_tags%5B%5D%5Btopic%5D=hiring") == {hiring["id"]}
    assert listed("webinar_tags[0][topic]=sales") == {sales["id"]}  # PHP's http_build_query
    assert listed("webinar_tags[][topic]=sales&webinar_tags[][topic]=hiring") == {
        sales["id"],
        hiring["id"],
    }
    assert listed('webinar_tags=[{"topic": "hiring"}]') == {hiring["id"]}
    assert listed("webinar_tags[][topic]=nothing") == set()


def test_webinar_tags_in_bracket_notation_on_create(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    response = http.post(
        f"{API}/conferences",
        headers=fresh_tenant.headers,
        data={
            "channel_id": fresh_tenant.channel_id,
            "title": "Form-made",
            "webinar_tags[][topic]": "sales",
            "webinar_tags[][country]": "Germany,France",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["webinar_tags"] == [{"topic": "sales"}, {"country": "Germany,France"}]


# 5. Conference fields as clients type them -----------------------------------


def test_conference_fields_clients_read(http: httpx.Client, fresh_tenant: Tenant) -> None:
    tags = [{"tag_api_name": "tag value"}, {"country": "United Arab Emirates,Germany"}]
    conference = create_conference(http, fresh_tenant, webinar_tags=tags)
    shown = http.get(f"{API}/conferences/{conference['id']}", headers=fresh_tenant.headers).json()
    # The document types banner_filter_percentage as a String (default 0).
    assert shown["banner_filter_percentage"] == "0"
    # tags as the document shows webinar tags: one-key objects, values comma-joined.
    assert shown["tags"] == tags
    assert shown["event_type"] == "webinar"
    assert shown["language"] == "en"
    assert shown["meeting_mode"] is False
    assert shown["preload_files"] == []
    assert shown["webinar_stats"] == {
        "registrants": 0,
        "revenue": "0",
        "total_attendees": 0,
        "page_views": None,
        "invited": 0,
    }
    assert shown["associated_series"] == []
    assert shown["custom_event_id"] is None
    assert shown["disclaimer"] is None


def test_conference_fields_follow_what_the_conference_has(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    headers = fresh_tenant.headers
    conference = create_conference(
        http, fresh_tenant, banner_filter_percentage="0.35", display_language="de"
    )
    file = http.put(
        f"{API}/conferences/{conference['id']}/upload_file",
        headers=headers,
        json={"file_url": "https://files.example.test/deck%20one.pdf"},
    )
    assert file.status_code == 200, file.text
    for label in ("ada", "bob"):
        _register(http, fresh_tenant, conference["id"], _email(label))
    series = http.post(
        f"{API}/series",
        headers=headers,
        json={"channel_id": fresh_tenant.channel_id, "title": "Season one"},
    ).json()
    attached = http.post(
        f"{API}/series/add_sessions",
        headers=headers,
        json={"series_id": series["id"], "session_ids": [conference["id"]]},
    )
    assert attached.status_code == 200, attached.text
    room = create_conference(http, fresh_tenant, schedule_type="24_hour_room")

    for shown in (
        http.get(f"{API}/conferences/{conference['id']}", headers=headers).json(),
        next(
            c
            for c in http.get(f"{API}/conferences?type=all", headers=headers).json()["conferences"]
            if c["id"] == conference["id"]
        ),
    ):
        assert shown["banner_filter_percentage"] == "0.35"
        assert shown["language"] == "de"
        assert shown["preload_files"] == [
            {
                "id": file.json()["id"],
                "file_name": "deck one.pdf",
                "file_type": "whiteboard",
                "file_url": "https://files.example.test/deck%20one.pdf",
            }
        ]
        assert shown["webinar_stats"]["registrants"] == 2
        assert shown["associated_series"] == [
            {
                "title": "Season one",
                "series_id": series["id"],
                "format": "webinar",
                "public_url": series["series_url"],
            }
        ]
    shown_room = http.get(f"{API}/conferences/{room['id']}", headers=headers).json()
    assert shown_room["meeting_mode"] is True
    shown_series = http.get(f"{API}/conferences/{series['id']}", headers=headers).json()
    assert shown_series["event_type"] == "series"
