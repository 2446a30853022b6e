"""Conference Registrations, as the document's curl examples call them."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant

API = "/api/v1"


def _fields(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, str]:
    response = http.get(f"{API}/conferences/custom_fields/{conference_id}", headers=tenant.headers)
    return {f["api_name"]: f["id"] for f in response.json()}


@pytest.fixture
def webinar(http: httpx.Client, alice: Tenant) -> dict[str, Any]:
    return create_conference(
        http,
        alice,
        title="Registrations",
        start_time="2031-03-01 15:00",
        custom_fields=[
            {"field_name": "Company", "field_type": "text", "api_name": "company"},
            {"field_name": "Team size", "field_type": "dropdown", "options": ["1-10", "11+"]},
        ],
    )


def _register(
    http: httpx.Client, tenant: Tenant, conference_id: str, email: str, **extra: str
) -> httpx.Response:
    body = {"id": conference_id, "email": email, "first_name": "John", "last_name": "Doe", **extra}
    return http.put(f"{API}/conferences/register", headers=tenant.headers, data=body)


def _registrations(
    http: httpx.Client,
    tenant: Tenant,
    conference_id: str,
    path: str = "registrations",
    **params: Any,
) -> dict[str, Any]:
    response = http.get(
        f"{API}/conferences/{path}/{conference_id}", headers=tenant.headers, params=params
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_register_as_the_curl_example_sends_it(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    ids = _fields(http, alice, webinar["id"])
    answers = quote(json.dumps({ids["company"]: "ttt", ids["team_size"]: "aaaa"}))
    email = f"john.{time.time_ns()}@example.test"
    response = http.put(
        f"{API}/conferences/register",
        headers={**alice.headers, "Content-Type": "application/x-www-form-urlencoded"},
        content=(
            f"id={webinar['id']}&email={email}&first_name=John&last_name=Doe"
            f"&utm_bmcr_source=XXXXXXX&custom_fields={answers}"
        ),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["conference_url"]
    url = urlsplit(body["conference_url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == webinar["conference_address"]
    bmid = parse_qs(url.query)["bmid"][0]

    listed = _registrations(http, alice, webinar["id"], "registrations_with_fields", email=email)
    (registrant,) = listed["registrations"]
    assert registrant["email"] == email
    assert registrant["first_name"] == "John"
    assert registrant["last_name"] == "Doe"
    assert registrant["bmid"] == bmid
    assert registrant["source"] == "XXXXXXX"
    assert registrant["custom_fields"] == [{"Company": "ttt", "Team size": "aaaa"}]


def test_registration_lists_have_every_documented_field(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], bigmarker_operations: dict[str, Any]
) -> None:
    email = f"fields.{time.time_ns()}@example.test"
    assert _register(http, alice, webinar["id"], email).status_code == 200
    for operation, path in (
        ("registrations_list", "registrations"),
        ("registrations_with_fields", "registrations_with_fields"),
    ):
        documented = bigmarker_operations[operation]["response"]["documented_fields"][0]["fields"]
        (registrant,) = _registrations(http, alice, webinar["id"], path, email=email)[
            "registrations"
        ]
        assert [f["name"] for f in documented if f["name"] not in registrant] == []


def test_enter_url_is_personal_and_unguessable(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    first, second = (f"{n}.{time.time_ns()}@example.test" for n in ("one", "two"))
    for email in (first, second):
        assert _register(http, alice, webinar["id"], email).status_code == 200
    urls = [
        _registrations(http, alice, webinar["id"], email=email)["registrations"][0]["enter_url"]
        for email in (first, second)
    ]
    tokens = [parse_qs(urlsplit(url).query)["token"][0] for url in urls]
    assert all(url.startswith(webinar["conference_address"] + "?") for url in urls)
    assert tokens[0] != tokens[1]
    assert all(len(token) >= 40 for token in tokens)


def test_registering_twice_keeps_one_registration(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    email = f"Twice.{time.time_ns()}@Example.test"
    first = _register(http, alice, webinar["id"], email).json()
    second = _register(http, alice, webinar["id"], "  " + email.upper() + " ").json()
    assert first == second
    listed = _registrations(http, alice, webinar["id"], email=email)
    assert [r["email"] for r in listed["registrations"]] == [email.lower()]


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_register_or_update_updates_answers(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], method: str
) -> None:
    email = f"update.{time.time_ns()}@example.test"
    url = f"{API}/conferences/register_or_update"
    base = {"id": webinar["id"], "email": email, "first_name": "Jane", "last_name": "Roe"}
    created = http.request(
        method,
        url,
        headers=alice.headers,
        data={**base, "custom_fields": json.dumps({"company": "Acme"})},
    )
    assert created.status_code == 200, created.text
    assert "&bmid=" in created.json()["conference_url"]
    updated = http.request(
        method,
        url,
        headers=alice.headers,
        data={
            **base,
            "last_name": "Doe",
            "show_full_data": "true",
            "custom_fields": json.dumps({"team_size": "11+", "stray": "kept"}),
        },
    )
    assert updated.status_code == 200, updated.text
    full = updated.json()["registration"]
    assert full["last_name"] == "Doe"
    assert full["custom_fields"] == [{"Company": "Acme", "Team size": "11+", "stray": "kept"}]
    listed = _registrations(
        http, alice, webinar["id"], "registrations_with_fields", email=email, use_api_name="true"
    )
    assert listed["registrations"][0]["custom_fields"] == [
        {"company": "Acme", "team_size": "11+", "stray": "kept"}
    ]


@pytest.mark.parametrize(
    ("missing", "value"),
    [("email", ""), ("first_name", ""), ("last_name", ""), ("email", "not-an-email")],
)
def test_register_refuses_incomplete_registrants(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], missing: str, value: str
) -> None:
    body = {"id": webinar["id"], "email": "x@example.test", "first_name": "A", "last_name": "B"}
    body[missing] = value
    response = http.put(f"{API}/conferences/register", headers=alice.headers, data=body)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


def test_register_for_unknown_conference_is_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = _register(http, alice, "nope", "x@example.test")
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["registrations_register"], 404)


def test_unregister_with_a_form_body_on_delete(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], bigmarker_operations: dict[str, Any]
) -> None:
    email = f"leave.{time.time_ns()}@example.test"
    assert _register(http, alice, webinar["id"], email).status_code == 200
    response = http.request(
        "DELETE",
        f"{API}/conferences/register",
        headers={**alice.headers, "Content-Type": "application/x-www-form-urlencoded"},
        content=f"id={webinar['id']}&email={email}",
    )
    assert response.status_code == 200, response.text
    assert _registrations(http, alice, webinar["id"], email=email)["registrations"] == []
    again = http.request(
        "DELETE",
        f"{API}/conferences/register",
        headers=alice.headers,
        params={"id": webinar["id"], "email": email},
    )
    assert again.status_code == 404
    assert again.json() == documented_error(bigmarker_operations["registrations_check_status"], 404)


def test_check_registration_status(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], bigmarker_operations: dict[str, Any]
) -> None:
    email = f"status.{time.time_ns()}@example.test"
    url = _register(http, alice, webinar["id"], email).json()["conference_url"]
    bmid = parse_qs(urlsplit(url).query)["bmid"][0]
    path = f"{API}/conferences/{webinar['id']}/check_registration_status"
    for params in ({"bmid": bmid}, {"email": email}):
        response = http.get(path, headers=alice.headers, params=params)
        assert response.json() == {"registration_status": "registered"}
    http.request(
        "DELETE",
        f"{API}/conferences/register",
        headers=alice.headers,
        data={"id": webinar["id"], "email": email},
    )
    response = http.get(path, headers=alice.headers, params={"email": email})
    assert response.json() == {"registration_status": "not_registered"}
    unknown = http.get(path, headers=alice.headers, params={"email": "nobody@example.test"})
    assert unknown.status_code == 404
    assert unknown.json() == documented_error(
        bigmarker_operations["registrations_check_status"], 404
    )


def test_a_registration_for_a_recurring_webinar_covers_its_sessions(
    http: httpx.Client, alice: Tenant
) -> None:
    parent = create_conference(
        http,
        alice,
        title="Weekly",
        schedule_type="multiple_times",
        recurring_start_times=["2031-01-01 15:00:00+02:00", "2031-01-08 15:00:00+02:00"],
    )
    children = http.get(
        f"{API}/conferences/recurring/{parent['id']}", headers=alice.headers
    ).json()["child_conferences"]
    email = f"weekly.{time.time_ns()}@example.test"
    assert _register(http, alice, parent["id"], email).status_code == 200
    for child in children:
        response = http.get(
            f"{API}/conferences/{child['id']}/check_registration_status",
            headers=alice.headers,
            params={"email": email},
        )
        assert response.json() == {"registration_status": "registered"}


def test_registration_time_filters(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], bigmarker_operations: dict[str, Any]
) -> None:
    email = f"time.{time.time_ns()}@example.test"
    assert _register(http, alice, webinar["id"], email).status_code == 200
    now = int(time.time())
    found = _registrations(
        http, alice, webinar["id"], email=email, start_time=now - 60, end_time=now + 60
    )
    assert len(found["registrations"]) == 1
    before = _registrations(http, alice, webinar["id"], email=email, end_time=now - 3600)
    assert before["registrations"] == []
    bad = http.get(
        f"{API}/conferences/registrations/{webinar['id']}",
        headers=alice.headers,
        params={"start_time": "yesterday"},
    )
    assert bad.status_code == 401
    assert bad.json() == {"error": "Parameter start_time need to be Unix Timestamp"}


def test_registration_list_pages(http: httpx.Client, fresh_tenant: Tenant) -> None:
    webinar = create_conference(http, fresh_tenant, title="Paged")
    for n in range(3):
        assert _register(http, fresh_tenant, webinar["id"], f"p{n}@example.test").status_code == 200
    first = _registrations(http, fresh_tenant, webinar["id"], per_page=2)
    second = _registrations(http, fresh_tenant, webinar["id"], per_page=2, page=2)
    assert [r["email"] for r in first["registrations"] + second["registrations"]] == [
        "p0@example.test",
        "p1@example.test",
        "p2@example.test",
    ]
    assert first["total_entries"] == 3
    assert _registrations(http, fresh_tenant, webinar["id"])["per_page"] == 25


def test_checked_in_registrants_is_empty_before_anyone_checks_in(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], bigmarker_operations: dict[str, Any]
) -> None:
    assert (
        _register(http, alice, webinar["id"], f"c.{time.time_ns()}@example.test").status_code == 200
    )
    body = _registrations(http, alice, webinar["id"], "checked_in_registrants")
    example_keys = {"current_page", "per_page", "total_count", "total_entries", "registrations"}
    assert example_keys <= set(body)
    assert body["registrations"] == []
    assert body["total_count"] == 0


@pytest.mark.parametrize(
    ("operation", "path"),
    [
        ("registrations_list", "registrations"),
        ("registrations_with_fields", "registrations_with_fields"),
        ("registrations_checked_in", "checked_in_registrants"),
    ],
)
def test_lists_of_unknown_conference_are_documented_403(
    http: httpx.Client,
    alice: Tenant,
    bigmarker_operations: dict[str, Any],
    operation: str,
    path: str,
) -> None:
    response = http.get(f"{API}/conferences/{path}/nope", headers=alice.headers)
    assert response.status_code == 403
    assert response.json() == documented_error(bigmarker_operations[operation], 403)
