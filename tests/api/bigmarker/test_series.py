"""Series: create, update, add and remove sessions (Manage Conferences)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant

PUBLIC_URL = "https://webinars.example.test/"
# The curl example of Creating a Series, channel aside.
CURL_BODY = {
    "title": "series title",
    "series_format": "course",
    "event_start_time": "2021-04-06 18:00",
    "event_end_time": "2021-04-07 18:00",
    "time_zone": "Beijing",
}
JSON = {"Content-Type": "application/json"}


def _create(http: httpx.Client, tenant: Tenant, **fields: Any) -> httpx.Response:
    body = {"channel_id": tenant.channel_id, **CURL_BODY, **fields}
    return http.post("/api/v1/series", headers=tenant.headers, json=body)


def _series(http: httpx.Client, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    """A new series of ``tenant``, as listed by List Conferences with include_series."""
    response = _create(http, tenant, **fields)
    assert response.status_code == 200, response.text
    url = response.json()["series_url"]
    listed = http.get(
        "/api/v1/conferences",
        headers=tenant.headers,
        params={"include_series": "true", "per_page": 100},
    ).json()["conferences"]
    (series,) = [c for c in listed if c["conference_address"] == url]
    return series


def _add_sessions(
    http: httpx.Client, tenant: Tenant, series_id: str, session_ids: str
) -> httpx.Response:
    return http.post(
        "/api/v1/series/add_sessions",
        headers=tenant.headers,
        json={"session_ids": session_ids, "series_id": series_id},
    )


def _delete_sessions(http: httpx.Client, tenant: Tenant, session_ids: str) -> httpx.Response:
    return http.request(
        "DELETE",
        "/api/v1/series",
        headers={**tenant.headers, **JSON},
        json={"session_ids": session_ids},
    )


def _associated(http: httpx.Client, tenant: Tenant, series_id: str) -> list[str]:
    response = http.get(
        f"/api/v1/conferences/get_associated_sessions/{series_id}", headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["conferences"]]


def test_create_as_in_the_curl_example_answers_series_url(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = _create(http, alice)
    assert response.status_code == 200, response.text
    body = response.json()
    example = bigmarker_operations["series_create"]["response"]["example"]
    assert set(example["top_level_keys"]) <= set(body)
    assert isinstance(body["series_url"], str)
    assert body["series_url"].startswith(f"{PUBLIC_URL}{alice.channel_url}/")
    assert len(body["series_url"]) > len(f"{PUBLIC_URL}{alice.channel_url}/")


def test_created_series_is_listed_with_include_series(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = create_conference(http, fresh_tenant, start_time="2099-01-01 10:00")
    response = _create(http, fresh_tenant)
    assert response.status_code == 200, response.text
    listed = http.get(
        "/api/v1/conferences", headers=fresh_tenant.headers, params={"include_series": "true"}
    )
    assert listed.status_code == 200, listed.text
    (series,) = listed.json()["conferences"]
    assert series["type"] == "series"
    assert series["title"] == "series title"
    assert series["conference_address"] == response.json()["series_url"]
    assert series["channel_id"] == fresh_tenant.channel_id
    assert series["start_time"] == "2021-04-06 18:00"
    assert series["end_time"] == "2021-04-07 18:00"
    assert series["time_zone"] == "Beijing"
    # Without include_series only webinars are listed.
    default = http.get("/api/v1/conferences", headers=fresh_tenant.headers).json()
    assert [c["id"] for c in default["conferences"]] == [webinar["id"]]


def test_create_with_every_allowed_series_format(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    (fmt,) = [
        p
        for p in bigmarker_operations["series_create"]["request"]["params"]
        if p["name"] == "series_format"
    ]
    for value in fmt["allowed_values"]:
        response = _create(http, alice, series_format=value, title=f"Series {value}")
        assert response.status_code == 200, (value, response.text)


def test_create_with_invalid_series_format_is_400(http: httpx.Client, alice: Tenant) -> None:
    response = _create(http, alice, series_format="festival")
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


def test_create_without_title_is_400(http: httpx.Client, alice: Tenant) -> None:
    body = {k: v for k, v in CURL_BODY.items() if k != "title"}
    response = http.post(
        "/api/v1/series", headers=alice.headers, json={"channel_id": alice.channel_id, **body}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


def test_create_on_unknown_channel_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["series_create"], 404)
    for channel_id in ("nope", bob.channel_id):
        response = _create(http, alice, channel_id=channel_id)
        assert response.status_code == 404, channel_id
        assert response.json() == expected


def test_update_as_in_the_curl_example(http: httpx.Client, alice: Tenant) -> None:
    series = _series(http, alice)
    response = http.put(
        "/api/v1/series",
        headers=alice.headers,
        json={"id": series["id"], "title": "Renamed series", "series_format": "summit"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["series_url"] == series["conference_address"]
    shown = http.get(f"/api/v1/conferences/{series['id']}", headers=alice.headers).json()
    assert shown["title"] == "Renamed series"
    assert shown["type"] == "series"
    # What was not sent stays.
    assert shown["start_time"] == "2021-04-06 18:00"
    assert shown["time_zone"] == "Beijing"


def test_update_with_invalid_series_format_is_400(http: httpx.Client, alice: Tenant) -> None:
    series = _series(http, alice)
    response = http.put(
        "/api/v1/series",
        headers=alice.headers,
        json={"id": series["id"], "title": "Not kept", "series_format": "festival"},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    shown = http.get(f"/api/v1/conferences/{series['id']}", headers=alice.headers).json()
    assert shown["title"] == "series title"


def test_update_unknown_series_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["series_update"], 404)
    series = _series(http, alice)
    webinar = create_conference(http, alice, title="Not a series")
    for tenant, series_id in ((alice, "nope"), (alice, webinar["id"]), (bob, series["id"])):
        response = http.put(
            "/api/v1/series",
            headers=tenant.headers,
            json={"id": series_id, "title": "Taken", "series_format": "summit"},
        )
        assert response.status_code == 404, series_id
        assert response.json() == expected
    shown = http.get(f"/api/v1/conferences/{webinar['id']}", headers=alice.headers).json()
    assert shown["title"] == "Not a series"


def test_add_sessions_and_list_them(http: httpx.Client, alice: Tenant) -> None:
    series = _series(http, alice, title="New Series")
    first = create_conference(http, alice, title="Session one")
    second = create_conference(http, alice, title="Session two")
    response = _add_sessions(http, alice, series["id"], f"{first['id']},{second['id']}")
    assert response.status_code == 200, response.text
    message = response.json()["success"]
    # "Sessions session1, session2 have been succesfully added to Series New Series"
    assert message.startswith("Sessions ")
    assert first["id"] in message
    assert second["id"] in message
    assert message.endswith(" to Series New Series")
    assert sorted(_associated(http, alice, series["id"])) == sorted([first["id"], second["id"]])
    shown = http.get(f"/api/v1/conferences/{first['id']}", headers=alice.headers).json()
    assert shown["series_id"] == series["id"]


def test_add_sessions_with_spaces_after_commas(http: httpx.Client, alice: Tenant) -> None:
    series = _series(http, alice)
    first = create_conference(http, alice)
    second = create_conference(http, alice)
    response = _add_sessions(http, alice, series["id"], f"{first['id']}, {second['id']}")
    assert response.status_code == 200, response.text
    assert sorted(_associated(http, alice, series["id"])) == sorted([first["id"], second["id"]])


def test_add_unknown_or_missing_sessions_is_documented_400(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["series_add_sessions"], 400)
    series = _series(http, alice)
    other_series = _series(http, alice)
    mine = create_conference(http, alice)
    bobs = create_conference(http, bob)
    for session_ids in (
        "",
        "nope",
        f"{mine['id']},nope",
        bobs["id"],
        other_series["id"],
    ):
        response = _add_sessions(http, alice, series["id"], session_ids)
        assert response.status_code == 400, session_ids
        assert response.json() == expected
    response = http.post(
        "/api/v1/series/add_sessions", headers=alice.headers, json={"series_id": series["id"]}
    )
    assert response.status_code == 400
    assert response.json() == expected
    # Nothing was added, not even the valid id sent along an invalid one.
    assert _associated(http, alice, series["id"]) == []


def test_add_sessions_to_unknown_series_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["series_add_sessions"], 404)
    webinar = create_conference(http, alice)
    target = create_conference(http, alice)
    series = _series(http, alice)
    for tenant, series_id in ((alice, "nope"), (alice, webinar["id"]), (bob, series["id"])):
        response = _add_sessions(http, tenant, series_id, target["id"])
        assert response.status_code == 404, series_id
        assert response.json() == expected
    shown = http.get(f"/api/v1/conferences/{target['id']}", headers=alice.headers).json()
    assert shown["series_id"] is None


def test_delete_sessions_keeps_the_webinars(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    series = _series(http, alice)
    first = create_conference(http, alice, title="Leaves")
    second = create_conference(http, alice, title="Stays")
    assert _add_sessions(http, alice, series["id"], f"{first['id']},{second['id']}").is_success
    response = _delete_sessions(http, alice, first["id"])
    assert response.status_code == 200, response.text
    example = bigmarker_operations["series_delete_sessions"]["response"]["example"]["text"]
    assert response.json() == {"success": "Your session has been deleted!"}
    assert "Your session has been deleted!" in example
    assert _associated(http, alice, series["id"]) == [second["id"]]
    shown = http.get(f"/api/v1/conferences/{first['id']}", headers=alice.headers)
    assert shown.status_code == 200
    assert shown.json()["title"] == "Leaves"
    assert shown.json()["series_id"] is None


def test_delete_sessions_not_in_a_series_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    # Delete a session documents only 401 and 404.
    expected = documented_error(bigmarker_operations["series_delete_sessions"], 404)
    series = _series(http, alice)
    member = create_conference(http, alice)
    loose = create_conference(http, alice)
    assert _add_sessions(http, alice, series["id"], member["id"]).is_success
    for session_ids in ("", "nope", loose["id"], f"{member['id']},{loose['id']}"):
        response = _delete_sessions(http, alice, session_ids)
        assert response.status_code == 404, session_ids
        assert response.json() == expected
    # Another account cannot take Alice's session out of her series.
    response = _delete_sessions(http, bob, member["id"])
    assert response.status_code == 404
    assert response.json() == expected
    assert _associated(http, alice, series["id"]) == [member["id"]]
