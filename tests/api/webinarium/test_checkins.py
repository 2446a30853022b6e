"""The native API's check-in: POST and GET /api/webinarium/v1/conferences/{id}/check-ins."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference
from tests.api.webinarium.checkins import check_in, register
from tests.conftest import Tenant
from tests.events.test_outbox import stored_events
from webinarium.settings import Settings

CONFERENCES = "/api/webinarium/v1/conferences"
# Scanners sending one code at the same moment.
SCANNERS = 8


def _email(name: str) -> str:
    return f"{name}.{time.time_ns()}@example.test"


def _error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["message"], body
    return response.status_code, body["error"]["code"]


@pytest.fixture
def webinar(http: httpx.Client, alice: Tenant) -> dict[str, Any]:
    return create_conference(http, alice, title="In person", start_time="2031-03-01 15:00")


def test_a_registrant_is_checked_in_once(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    email = _email("ada")
    value = register(http, alice, webinar["id"], email, "Ada", "Lovelace")
    first = check_in(http, alice, webinar["id"], value)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["already"] is False
    assert (body["qr_code_value"], body["email"], body["name"]) == (value, email, "Ada Lovelace")
    assert (body["first_name"], body["last_name"], body["checked_in_by"]) == (
        "Ada",
        "Lovelace",
        "api",
    )
    checked_in_at = datetime.fromisoformat(body["checked_in_at"])

    again = check_in(http, alice, webinar["id"], f"  {value} ")
    assert again.status_code == 200, again.text
    assert again.json() == {**body, "already": True}
    assert datetime.fromisoformat(again.json()["checked_in_at"]) == checked_in_at


def test_the_list_pages_in_check_in_order(http: httpx.Client, fresh_tenant: Tenant) -> None:
    webinar = create_conference(http, fresh_tenant, title="Paged check-ins")
    values = [register(http, fresh_tenant, webinar["id"], _email(f"p{n}")) for n in range(3)]
    # Checked in in another order than registered.
    for value in (values[2], values[0], values[1]):
        assert check_in(http, fresh_tenant, webinar["id"], value).status_code == 201
    register(http, fresh_tenant, webinar["id"], _email("absent"))  # never checks in

    url = f"{CONFERENCES}/{webinar['id']}/check-ins"
    first = http.get(url, headers=fresh_tenant.headers, params={"limit": 2})
    assert first.status_code == 200, first.text
    page = first.json()
    assert [c["qr_code_value"] for c in page["check_ins"]] == [values[2], values[0]]
    assert page["total"] == 3
    assert all(c["already"] for c in page["check_ins"])
    rest = http.get(
        url, headers=fresh_tenant.headers, params={"limit": 2, "after": page["next_after"]}
    ).json()
    assert [c["qr_code_value"] for c in rest["check_ins"]] == [values[1]]
    assert rest["next_after"] is None
    everything = http.get(url, headers=fresh_tenant.headers).json()
    assert len(everything["check_ins"]) == 3
    assert everything["next_after"] is None


def test_a_value_of_another_webinar_or_account_is_not_found(
    http: httpx.Client, alice: Tenant, bob: Tenant, webinar: dict[str, Any]
) -> None:
    other = create_conference(http, alice, title="Another day")
    value = register(http, alice, other["id"], _email("elsewhere"))
    assert _error(check_in(http, alice, webinar["id"], value)) == (404, "registration_not_found")
    assert _error(check_in(http, alice, webinar["id"], "nothing-like-it")) == (
        404,
        "registration_not_found",
    )
    # Bob cannot check in Alice's registrant, nor see her webinar's check-ins.
    assert _error(check_in(http, bob, other["id"], value)) == (404, "conference_not_found")
    listed = http.get(f"{CONFERENCES}/{other['id']}/check-ins", headers=bob.headers)
    assert _error(listed) == (404, "conference_not_found")
    # Nothing was checked in.
    mine = http.get(f"{CONFERENCES}/{other['id']}/check-ins", headers=alice.headers).json()
    assert mine["total"] == 0


def test_a_withdrawn_registration_is_refused(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    email = _email("removed")
    value = register(http, alice, webinar["id"], email)
    removed = http.request(
        "DELETE",
        "/api/v1/conferences/register",
        headers=alice.headers,
        data={"id": webinar["id"], "email": email},
    )
    assert removed.status_code == 200, removed.text
    response = check_in(http, alice, webinar["id"], value)
    assert _error(response) == (409, "check_in_refused")
    assert "withdrawn" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, (400, "invalid_input")),
        ({"qr_code_value": "   "}, (400, "invalid_input")),
        ({"qr_code_value": "x" * 5000}, (404, "registration_not_found")),
    ],
)
def test_bad_input_is_refused_in_the_envelope(
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    body: dict[str, str],
    expected: tuple[int, str],
) -> None:
    response = http.post(
        f"{CONFERENCES}/{webinar['id']}/check-ins", headers=alice.headers, json=body
    )
    assert _error(response) == expected


def test_bad_paging_is_refused_in_the_envelope(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    url = f"{CONFERENCES}/{webinar['id']}/check-ins"
    for params in ({"limit": "0"}, {"limit": "many"}, {"after": "nope"}):
        assert _error(http.get(url, headers=alice.headers, params=params)) == (
            400,
            "invalid_input",
        )


def test_without_an_api_key_nothing_is_checked_in(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    value = register(http, alice, webinar["id"], _email("nokey"))
    response = http.post(f"{CONFERENCES}/{webinar['id']}/check-ins", json={"qr_code_value": value})
    assert _error(response) == (401, "authentication_failed")
    assert check_in(http, alice, webinar["id"], value).json()["already"] is False


def test_scanners_at_once_check_in_once(
    settings: Settings,
    server_url: str,
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
) -> None:
    """Two doors scanning the same code together: one first check-in, the rest
    ``already`` with its time, and one ``registration.updated``."""
    value = register(http, alice, webinar["id"], _email("twice"))

    async def scan_together() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=SCANNERS)
        async with httpx.AsyncClient(base_url=server_url, timeout=60, limits=limits) as client:
            return list(
                await asyncio.gather(
                    *(
                        client.post(
                            f"{CONFERENCES}/{webinar['id']}/check-ins",
                            headers=alice.headers,
                            json={"qr_code_value": value},
                        )
                        for _ in range(SCANNERS)
                    )
                )
            )

    answers = asyncio.run(scan_together())
    assert sorted(r.status_code for r in answers) == [200] * (SCANNERS - 1) + [201]
    assert len({r.json()["checked_in_at"] for r in answers}) == 1
    assert [r.json()["already"] for r in answers].count(False) == 1
    announced = [
        e.payload
        for e in stored_events(settings, alice)
        if e.type == "registration.updated" and e.payload["registration_id"] == value
    ]
    assert [e["changed"] for e in announced] == [["checked_in"]]
