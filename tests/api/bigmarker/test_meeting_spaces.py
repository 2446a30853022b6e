"""Manage Meeting Space: create, show and update; a meeting space is also a conference."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant
from webinarium.kit.ids import new_id

TITLE = "This is your meeting space title"
PUBLIC_URL = "https://webinars.example.test/"


def _create(http: httpx.Client, tenant: Tenant, **fields: Any) -> httpx.Response:
    body = {"channel_id": tenant.channel_id, "title": TITLE, **fields}
    return http.post("/api/v1/meeting_spaces", headers=tenant.headers, json=body)


def _created(http: httpx.Client, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    response = _create(http, tenant, **fields)
    assert response.status_code == 200, response.text
    space: dict[str, Any] = response.json()
    return space


def _sub(prefix: str = "space") -> str:
    return f"{prefix}-{new_id()}"


def test_create_as_in_the_curl_example_has_documented_fields_and_defaults(
    http: httpx.Client, alice: Tenant, bigmarker_reference: dict[str, Any]
) -> None:
    response = http.post(
        "/api/v1/meeting_spaces",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": TITLE},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    documented = [
        f["name"] for f in bigmarker_reference["shared_schemas"]["meeting_space"]["fields"]
    ]
    assert sorted(body) == sorted(documented)
    assert isinstance(body["id"], str)
    assert body["id"]
    assert body["title"] == TITLE
    assert body["url"].startswith(f"{PUBLIC_URL}{alice.channel_url}/")
    # The documented defaults.
    assert body["knock_to_enter"] == "Open"
    assert body["auto_share_camera"] is True
    assert body["display_dial_in"] is False
    assert body["meeting_style"] == "New_experience"
    for name in ("logo", "logo_url", "background_image", "preview_image"):
        assert body[name] is None


def test_create_with_every_parameter(http: httpx.Client, alice: Tenant) -> None:
    sub = _sub()
    sent = {
        "url": sub,
        "knock_to_enter": "Closed",
        "auto_share_camera": False,
        "display_dial_in": True,
        "meeting_style": "Classic",
        "logo": "https://img.example.test/logo.png",
        "logo_url": "https://www.example.test/",
        "background_image": "https://img.example.test/bg.jpg",
        "preview_image": "https://img.example.test/preview.jpg",
        "email": "owner@example.test",
        "first_name": "Olive",
        "last_name": "Owner",
    }
    body = _created(http, alice, **sent)
    assert body["url"] == f"{PUBLIC_URL}{alice.channel_url}/{sub}"
    for name in (
        "knock_to_enter",
        "auto_share_camera",
        "display_dial_in",
        "meeting_style",
        "logo",
        "logo_url",
        "background_image",
        "preview_image",
    ):
        assert body[name] == sent[name], name
    shown = http.get(f"/api/v1/meeting_spaces/{body['id']}", headers=alice.headers).json()
    assert shown == body


def test_url_parameter_becomes_the_sub_url(http: httpx.Client, alice: Tenant) -> None:
    sub = _sub("room")
    body = _created(http, alice, url=sub)
    assert body["url"] == f"{PUBLIC_URL}{alice.channel_url}/{sub}"
    conference = http.get(f"/api/v1/conferences/{body['id']}", headers=alice.headers).json()
    assert conference["sub_url"] == sub
    # A subdomain as the document describes it: [your-subdomain].meetingspace.io.
    other = _sub("room")
    body = _created(http, alice, url=f"{other}.meetingspace.io")
    assert body["url"] == f"{PUBLIC_URL}{alice.channel_url}/{other}"


def test_knock_to_enter_closed(http: httpx.Client, alice: Tenant) -> None:
    body = _created(http, alice, knock_to_enter="Closed")
    assert body["knock_to_enter"] == "Closed"
    conference = http.get(f"/api/v1/conferences/{body['id']}", headers=alice.headers).json()
    assert conference["enable_knock_to_enter"] is True


def test_knock_to_enter_outside_the_allowed_values_is_400(
    http: httpx.Client, alice: Tenant
) -> None:
    response = _create(http, alice, knock_to_enter="Ajar")
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


def test_meeting_style_outside_the_allowed_values_is_400(http: httpx.Client, alice: Tenant) -> None:
    response = _create(http, alice, meeting_style="Modern")
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


def test_title_up_to_70_characters(http: httpx.Client, alice: Tenant) -> None:
    assert _created(http, alice, title="x" * 70)["title"] == "x" * 70
    response = _create(http, alice, title="x" * 71)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


def test_missing_title_is_400(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(
        "/api/v1/meeting_spaces", headers=alice.headers, json={"channel_id": alice.channel_id}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


def test_create_on_unknown_channel_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["meeting_spaces_create"], 404)
    for channel_id in ("nope", bob.channel_id):
        response = http.post(
            "/api/v1/meeting_spaces",
            headers=alice.headers,
            json={"channel_id": channel_id, "title": TITLE},
        )
        assert response.status_code == 404, channel_id
        assert response.json() == expected


def test_show_with_and_without_trailing_slash(http: httpx.Client, alice: Tenant) -> None:
    created = _created(http, alice, url=_sub())
    for path in (
        f"/api/v1/meeting_spaces/{created['id']}",
        f"/api/v1/meeting_spaces/{created['id']}/",
    ):
        response = http.get(path, headers=alice.headers)
        assert response.status_code == 200, path
        assert response.json() == created


def test_show_webinar_or_unknown_or_foreign_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["meeting_spaces_show"], 404)
    webinar = create_conference(http, alice)
    space = _created(http, alice)
    for tenant, space_id in ((alice, webinar["id"]), (alice, "nope"), (bob, space["id"])):
        response = http.get(f"/api/v1/meeting_spaces/{space_id}", headers=tenant.headers)
        assert response.status_code == 404, space_id
        assert response.json() == expected


def test_update_with_only_title(http: httpx.Client, alice: Tenant) -> None:
    created = _created(http, alice, url=_sub(), knock_to_enter="Closed", meeting_style="Classic")
    response = http.put(
        f"/api/v1/meeting_spaces/{created['id']}",
        headers=alice.headers,
        json={"title": "A new title"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {**created, "title": "A new title"}
    shown = http.get(f"/api/v1/meeting_spaces/{created['id']}", headers=alice.headers).json()
    assert shown == response.json()


def test_update_settings_and_url(http: httpx.Client, alice: Tenant) -> None:
    created = _created(http, alice, url=_sub())
    sub = _sub("moved")
    changes = {
        "url": sub,
        "knock_to_enter": "Closed",
        "auto_share_camera": False,
        "display_dial_in": True,
        "meeting_style": "Classic",
        "logo": "https://img.example.test/new.png",
    }
    response = http.put(
        f"/api/v1/meeting_spaces/{created['id']}", headers=alice.headers, json=changes
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["url"] == f"{PUBLIC_URL}{alice.channel_url}/{sub}"
    assert body["title"] == TITLE
    for name in ("knock_to_enter", "auto_share_camera", "display_dial_in", "meeting_style", "logo"):
        assert body[name] == changes[name], name


def test_update_title_over_70_characters_is_400(http: httpx.Client, alice: Tenant) -> None:
    created = _created(http, alice)
    response = http.put(
        f"/api/v1/meeting_spaces/{created['id']}", headers=alice.headers, json={"title": "y" * 71}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    shown = http.get(f"/api/v1/meeting_spaces/{created['id']}", headers=alice.headers).json()
    assert shown == created


def test_update_webinar_or_unknown_or_foreign_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["meeting_spaces_update"], 404)
    webinar = create_conference(http, alice, title="Stays a webinar")
    space = _created(http, alice)
    for tenant, space_id in ((alice, webinar["id"]), (alice, "nope"), (bob, space["id"])):
        response = http.put(
            f"/api/v1/meeting_spaces/{space_id}", headers=tenant.headers, json={"title": "Taken"}
        )
        assert response.status_code == 404, space_id
        assert response.json() == expected
    shown = http.get(f"/api/v1/conferences/{webinar['id']}", headers=alice.headers).json()
    assert shown["title"] == "Stays a webinar"
    assert http.get(f"/api/v1/meeting_spaces/{space['id']}", headers=alice.headers).json() == space


def test_meeting_space_is_a_conference_of_type_meetingspace(
    http: httpx.Client, alice: Tenant
) -> None:
    space = _created(http, alice, url=_sub())
    response = http.get(f"/api/v1/conferences/{space['id']}", headers=alice.headers)
    assert response.status_code == 200, response.text
    conference = response.json()
    assert conference["type"] == "meetingspace"
    assert conference["title"] == TITLE
    assert conference["conference_address"] == space["url"]
    assert conference["channel_id"] == alice.channel_id


def test_meeting_spaces_are_listed_as_always_open(http: httpx.Client, fresh_tenant: Tenant) -> None:
    space = _created(http, fresh_tenant)
    webinar = create_conference(http, fresh_tenant, start_time="2099-01-01 10:00")
    response = http.get(
        "/api/v1/conferences", headers=fresh_tenant.headers, params={"type": "always_open"}
    )
    assert response.status_code == 200, response.text
    assert [c["id"] for c in response.json()["conferences"]] == [space["id"]]
    future = http.get(
        "/api/v1/conferences", headers=fresh_tenant.headers, params={"type": "future"}
    ).json()
    assert [c["id"] for c in future["conferences"]] == [webinar["id"]]
