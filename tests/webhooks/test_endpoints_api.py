"""The native API's webhook endpoints and event feed, on the suite's server
(no worker): ``/api/webinarium/v1/webhook_endpoints``, ``…/rotate_secret``,
``…/deliveries``, ``/webhook_deliveries/{id}/redeliver``,
``/webhook_signing_secret`` and ``/events``. Refusals in the native envelope;
another account's endpoints answered as ones that do not exist. Sending is
tests/webhooks/test_delivery.py's."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant

BASE = "/api/webinarium/v1"
ENDPOINTS = f"{BASE}/webhook_endpoints"


def error_of(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"], body
    return response.status_code, body["error"]["code"]


def create(http: httpx.Client, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {"url": "https://hooks.example.org/in", **fields}
    response = http.post(ENDPOINTS, headers=tenant.headers, json=body)
    assert response.status_code == 201, response.text
    endpoint: dict[str, Any] = response.json()
    return endpoint


def test_created_with_its_secret_shown_once(http: httpx.Client, fresh_tenant: Tenant) -> None:
    created = create(http, fresh_tenant)
    assert created["secret"].startswith("whsec_")
    assert created["event_types"] == "all"
    assert created["enabled"] is True
    assert created["conference_id"] is None
    shown = http.get(f"{ENDPOINTS}/{created['id']}", headers=fresh_tenant.headers).json()
    assert "secret" not in shown
    assert shown == {k: v for k, v in created.items() if k != "secret"}
    listed = http.get(ENDPOINTS, headers=fresh_tenant.headers).json()
    assert listed == {"data": [shown], "next_after": None}


def test_a_list_pages_with_next_after(http: httpx.Client, fresh_tenant: Tenant) -> None:
    ids = [create(http, fresh_tenant, url=f"https://h.example.org/{n}")["id"] for n in range(3)]
    first = http.get(ENDPOINTS, headers=fresh_tenant.headers, params={"limit": 2}).json()
    assert [e["id"] for e in first["data"]] == ids[:2]
    rest = http.get(
        ENDPOINTS, headers=fresh_tenant.headers, params={"limit": 2, "after": first["next_after"]}
    ).json()
    assert [e["id"] for e in rest["data"]] == ids[2:]
    assert rest["next_after"] is None


def test_event_types_and_a_conference_filter(http: httpx.Client, fresh_tenant: Tenant) -> None:
    conference = create_conference(http, fresh_tenant)
    created = create(
        http,
        fresh_tenant,
        event_types=["registration.created", "conference.started", "registration.created"],
        conference_id=conference["id"],
    )
    assert created["event_types"] == ["conference.started", "registration.created"]
    assert created["conference_id"] == conference["id"]
    changed = http.patch(
        f"{ENDPOINTS}/{created['id']}",
        headers=fresh_tenant.headers,
        json={"event_types": "all", "conference_id": None, "url": "http://other.example.org/x"},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["event_types"], body["conference_id"], body["url"]) == (
        "all",
        None,
        "http://other.example.org/x",
    )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "invalid_input"),
        ({"url": "ftp://example.org/x"}, 400, "invalid_webhook_url"),
        ({"url": "https://"}, 400, "invalid_webhook_url"),
        ({"url": "https://e.example.org", "event_types": ["no.such"]}, 400, "unknown_event_type"),
        ({"url": "https://e.example.org", "event_types": []}, 400, "unknown_event_type"),
        ({"url": "https://e.example.org", "event_types": "some"}, 400, "invalid_input"),
        ({"url": "https://e.example.org", "enabled": "maybe"}, 400, "invalid_input"),
        ({"url": "https://e.example.org", "surprise": 1}, 400, "invalid_input"),
        ({"url": "https://e.example.org", "conference_id": "nope"}, 404, "conference_not_found"),
        ({"url": "https://e.example.org/" + "x" * 3000}, 400, "invalid_input"),
    ],
)
def test_bad_input_is_refused_in_the_envelope(
    http: httpx.Client, alice: Tenant, body: dict[str, Any], status: int, code: str
) -> None:
    response = http.post(ENDPOINTS, headers=alice.headers, json=body)
    assert error_of(response) == (status, code)


def test_a_body_that_is_not_a_json_object_is_refused(http: httpx.Client, alice: Tenant) -> None:
    for content in (b"not json", b"[1]"):
        response = http.post(ENDPOINTS, headers=alice.headers, content=content)
        assert error_of(response) == (400, "invalid_input")


def test_rotation_shows_a_new_secret_and_keeps_the_old_one_a_day(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    created = create(http, fresh_tenant)
    rotated = http.post(f"{ENDPOINTS}/{created['id']}/rotate_secret", headers=fresh_tenant.headers)
    assert rotated.status_code == 200, rotated.text
    body = rotated.json()
    assert body["secret"].startswith("whsec_")
    assert body["secret"] != created["secret"]
    assert body["previous_secret_expires_at"] is not None


def test_disabling_and_deleting(http: httpx.Client, fresh_tenant: Tenant) -> None:
    created = create(http, fresh_tenant)
    path = f"{ENDPOINTS}/{created['id']}"
    off = http.patch(path, headers=fresh_tenant.headers, json={"enabled": False}).json()
    assert (off["enabled"], off["disabled_reason"]) == (False, "requested")
    assert off["disabled_at"] is not None
    test = http.post(f"{path}/test", headers=fresh_tenant.headers)
    assert error_of(test) == (409, "webhook_endpoint_disabled")
    on = http.patch(path, headers=fresh_tenant.headers, json={"enabled": True}).json()
    assert (on["enabled"], on["disabled_reason"], on["disabled_at"]) == (True, None, None)
    assert http.delete(path, headers=fresh_tenant.headers).status_code == 204
    assert error_of(http.get(path, headers=fresh_tenant.headers)) == (
        404,
        "webhook_endpoint_not_found",
    )


def test_a_test_message_is_queued_and_listed(http: httpx.Client, fresh_tenant: Tenant) -> None:
    created = create(http, fresh_tenant)
    path = f"{ENDPOINTS}/{created['id']}"
    queued = http.post(f"{path}/test", headers=fresh_tenant.headers)
    assert queued.status_code == 202, queued.text
    delivery = queued.json()
    assert (delivery["event_type"], delivery["status"], delivery["seq"]) == (
        "webhook.test",
        "pending",
        None,
    )
    listed = http.get(f"{path}/deliveries", headers=fresh_tenant.headers).json()
    assert [d["id"] for d in listed["data"]] == [delivery["id"]]
    assert listed["data"][0]["attempts"] == []
    again = http.post(
        f"{BASE}/webhook_deliveries/{delivery['id']}/redeliver", headers=fresh_tenant.headers
    )
    assert error_of(again) == (409, "webhook_delivery_pending")


def test_another_account_s_endpoint_does_not_exist(
    http: httpx.Client, alice: Tenant, bob: Tenant
) -> None:
    created = create(http, alice)
    path = f"{ENDPOINTS}/{created['id']}"
    delivery = http.post(f"{path}/test", headers=alice.headers).json()
    for method, url, body in [
        ("GET", path, None),
        ("PATCH", path, {"enabled": False}),
        ("DELETE", path, None),
        ("POST", f"{path}/rotate_secret", None),
        ("POST", f"{path}/test", None),
        ("GET", f"{path}/deliveries", None),
    ]:
        response = http.request(method, url, headers=bob.headers, json=body)
        assert error_of(response) == (404, "webhook_endpoint_not_found"), (method, url)
    redeliver = http.post(
        f"{BASE}/webhook_deliveries/{delivery['id']}/redeliver", headers=bob.headers
    )
    assert error_of(redeliver) == (404, "webhook_delivery_not_found")
    assert created["id"] not in {
        e["id"] for e in http.get(ENDPOINTS, headers=bob.headers).json()["data"]
    }
    assert http.get(path, headers=alice.headers).json()["enabled"] is True


def test_without_an_api_key(http: httpx.Client) -> None:
    assert error_of(http.get(ENDPOINTS))[0] == 401
    assert error_of(http.get(f"{BASE}/events"))[0] == 401


def test_the_signing_secret_for_per_webinar_hooks(http: httpx.Client, fresh_tenant: Tenant) -> None:
    path = f"{BASE}/webhook_signing_secret"
    first = http.get(path, headers=fresh_tenant.headers).json()
    assert first["secret"].startswith("whsec_")
    assert http.get(path, headers=fresh_tenant.headers).json() == first
    rotated = http.post(path, headers=fresh_tenant.headers).json()
    assert rotated["secret"] != first["secret"]
    assert rotated["previous_secret_expires_at"] is not None


def test_the_event_feed_reads_from_after(
    http: httpx.Client, fresh_tenant: Tenant, bob: Tenant
) -> None:
    titles = ["One", "Two", "Three"]
    for title in titles:
        create_conference(http, fresh_tenant, title=title)
    create_conference(http, bob, title="Bob's")
    feed = http.get(f"{BASE}/events", headers=fresh_tenant.headers).json()
    assert [e["seq"] for e in feed["data"]] == [1, 2, 3]
    assert [e["data"]["title"] for e in feed["data"]] == titles
    assert {e["type"] for e in feed["data"]} == {"conference.created"}
    assert all(e["timestamp"] for e in feed["data"])
    assert feed["next_after"] == 3
    page = http.get(f"{BASE}/events", headers=fresh_tenant.headers, params={"after": 1, "limit": 1})
    assert [e["seq"] for e in page.json()["data"]] == [2]
    assert page.json()["next_after"] == 2
    caught_up = http.get(f"{BASE}/events", headers=fresh_tenant.headers, params={"after": 3}).json()
    assert caught_up == {"data": [], "next_after": 3}
    for params in ({"after": "x"}, {"after": "-1"}, {"limit": "0"}, {"limit": "5000"}):
        response = http.get(f"{BASE}/events", headers=fresh_tenant.headers, params=params)
        assert error_of(response) == (400, "invalid_input"), params
