"""Registration block/allow lists (per conference) and channel block/allow lists,
and their effect on every call that registers someone."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant

API = "/api/v1"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
REGISTER_PATHS = [
    ("PUT", "/conferences/register"),
    ("POST", "/conferences/register_or_update"),
    ("PUT", "/conferences/register_or_update"),
]


def _register(
    http: httpx.Client,
    tenant: Tenant,
    conference_id: str,
    email: str,
    path: tuple[str, str] = REGISTER_PATHS[0],
) -> httpx.Response:
    method, url = path
    return http.request(
        method,
        API + url,
        headers=tenant.headers,
        data={"id": conference_id, "email": email, "first_name": "A", "last_name": "B"},
    )


def _list_call(http: httpx.Client, tenant: Tenant, conference_id: str, body: str) -> httpx.Response:
    return http.post(
        f"{API}/registration_block_list/{conference_id}",
        headers={**tenant.headers, **FORM},
        content=body,
    )


def _enable(
    http: httpx.Client, tenant: Tenant, conference_id: str, list_type: str
) -> dict[str, str]:
    response = http.post(
        f"{API}/registration_block_list/enable/{conference_id}",
        headers={**tenant.headers, **FORM},
        content=f"list_type={list_type}",
    )
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


@pytest.fixture
def webinar(http: httpx.Client, alice: Tenant) -> dict[str, Any]:
    return create_conference(http, alice, title="Guarded")


def test_add_and_get_the_list_as_the_curl_examples_do(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    emails = "test@test.com,test1@test.com,test2@test.com,test3@test.com"
    added = _list_call(http, alice, webinar["id"], f"emails={emails}&list_type=allow_list")
    assert added.status_code == 200, added.text
    assert [e["email"] for e in added.json()["list"]] == emails.split(",")
    shown = _list_call(http, alice, webinar["id"], "list_type=allow_list")
    body = shown.json()
    assert {"per_page", "current_page", "total_entries", "total_pages", "list"} == set(body)
    assert body["per_page"] == 500
    assert body["total_entries"] == 4
    assert all(e["created_at"].endswith("+00:00") for e in body["list"])
    assert _list_call(http, alice, webinar["id"], "list_type=block_list").json()["list"] == []


def test_enable_puts_one_list_in_force(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    assert _enable(http, alice, webinar["id"], "block_list") == {
        "block_list": "enable",
        "allow_list": "disable",
    }
    assert _enable(http, alice, webinar["id"], "allow_list") == {
        "block_list": "disable",
        "allow_list": "enable",
    }


@pytest.mark.parametrize("path", REGISTER_PATHS)
def test_a_blocked_email_cannot_register_through_any_path(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], path: tuple[str, str]
) -> None:
    _list_call(
        http, alice, webinar["id"], "emails=blocked@example.test,@spam.test&list_type=block_list"
    )
    # Entries do nothing until the list is in force.
    assert _register(http, alice, webinar["id"], "blocked@example.test", path).status_code == 200
    _enable(http, alice, webinar["id"], "block_list")
    refused = _register(http, alice, webinar["id"], "Blocked@Example.test", path)
    assert refused.status_code == 403
    assert set(refused.json()) == {"error"}
    assert _register(http, alice, webinar["id"], "someone@sub.spam.test", path).status_code == 403
    assert _register(http, alice, webinar["id"], "fine@example.test", path).status_code == 200


def test_block_exceptions_let_an_address_through(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    _list_call(http, alice, webinar["id"], "emails=spam.test&list_type=block_list")
    _list_call(http, alice, webinar["id"], "emails=boss@spam.test&list_type=block_except_list")
    _enable(http, alice, webinar["id"], "block_list")
    assert _register(http, alice, webinar["id"], "boss@spam.test").status_code == 200
    assert _register(http, alice, webinar["id"], "intern@spam.test").status_code == 403


def test_an_allow_list_in_force_admits_only_its_entries(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    _list_call(http, alice, webinar["id"], "emails=acme.test&list_type=allow_list")
    _list_call(http, alice, webinar["id"], "emails=intern@acme.test&list_type=allow_except_list")
    _enable(http, alice, webinar["id"], "allow_list")
    assert _register(http, alice, webinar["id"], "ceo@acme.test").status_code == 200
    assert _register(http, alice, webinar["id"], "intern@acme.test").status_code == 403
    assert _register(http, alice, webinar["id"], "someone@other.test").status_code == 403
    # A registration that was refused left nothing behind.
    listed = http.get(f"{API}/conferences/registrations/{webinar['id']}", headers=alice.headers)
    assert [r["email"] for r in listed.json()["registrations"]] == ["ceo@acme.test"]


def test_remove_from_the_registration_list(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    _list_call(
        http, alice, webinar["id"], "emails=a@example.test,b@example.test&list_type=block_list"
    )
    response = http.request(
        "DELETE",
        f"{API}/registration_block_list/{webinar['id']}",
        headers={**alice.headers, **FORM},
        content="emails=a@example.test&list_type=block_list",
    )
    assert response.status_code == 200, response.text
    left = _list_call(http, alice, webinar["id"], "list_type=block_list").json()["list"]
    assert [e["email"] for e in left] == ["b@example.test"]


@pytest.mark.parametrize(
    "body", ["emails=a@example.test&list_type=nope", "emails=not an address&list_type=block_list"]
)
def test_bad_list_input_is_400(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], body: str
) -> None:
    response = _list_call(http, alice, webinar["id"], body)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


def test_unknown_conference_is_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    for operation, call in (
        (
            "registration_block_list_show",
            lambda: _list_call(http, alice, "nope", "list_type=block_list"),
        ),
        (
            "registration_block_list_enable",
            lambda: http.post(
                f"{API}/registration_block_list/enable/nope",
                headers=alice.headers,
                data={"list_type": "block_list"},
            ),
        ),
    ):
        response = call()
        assert response.status_code == 404
        assert response.json() == documented_error(bigmarker_operations[operation], 404)


def test_channel_block_list_as_the_curl_examples_do(
    http: httpx.Client, fresh_tenant: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    tenant = fresh_tenant
    webinar = create_conference(http, tenant, title="Channel guarded")
    url = f"{API}/channels/block_list/{tenant.channel_id}"
    json_headers = {**tenant.headers, "Content-Type": "application/json"}
    added = http.post(
        url,
        headers=json_headers,
        content='{"list_type": "block_list", "emails": "test1@test.com, test2@test.com"}',
    )
    assert added.status_code == 200, added.text
    shown = http.get(url, headers=tenant.headers).json()
    assert {"per_page", "current_page", "total_entries", "total_pages", "list_data"} == set(shown)
    assert [e["email"] for e in shown["list_data"]] == ["test1@test.com", "test2@test.com"]
    assert _register(http, tenant, webinar["id"], "test1@test.com").status_code == 403
    # The document's removal body is invalid JSON (a missing quote): sent as it is.
    removed = http.request(
        "DELETE",
        url,
        headers=json_headers,
        content='{"list_type": "block_list", emails": "test1@test.com, test2@test.com"}',
    )
    assert removed.status_code == 200, removed.text
    assert removed.json() == {"success": "Successfully added!"}
    assert http.get(url, headers=tenant.headers).json()["list_data"] == []
    assert _register(http, tenant, webinar["id"], "test1@test.com").status_code == 200


def test_channel_allow_list_restricts_every_conference_of_the_channel(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = create_conference(http, fresh_tenant, title="Members only")
    url = f"{API}/channels/block_list/{fresh_tenant.channel_id}"
    http.post(
        url,
        headers=fresh_tenant.headers,
        json={"list_type": "allow_list", "emails": "members.test"},
    )
    assert _register(http, fresh_tenant, webinar["id"], "a@members.test").status_code == 200
    assert (
        _register(http, fresh_tenant, webinar["id"], f"x{time.time_ns()}@else.test").status_code
        == 403
    )


def test_unknown_channel_is_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.get(f"{API}/channels/block_list/nope", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == documented_error(
        bigmarker_operations["channels_block_list_show"], 404
    )
