"""BigMarker "Show Registrants that checked in to a conference in-person"
(registrations_checked_in), as the document's curl example calls it, against
registrants checked in through the native API."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.api.webinarium.checkins import check_in, register
from tests.conftest import Tenant

API = "/api/v1"


def _checked_in(
    http: httpx.Client, tenant: Tenant, conference_id: str, **params: Any
) -> dict[str, Any]:
    # curl …/api/v1/conferences/checked_in_registrants/:conference_id -i -H "API-KEY:xxxxxx"
    response = http.get(
        f"{API}/conferences/checked_in_registrants/{conference_id}",
        headers={"API-KEY": tenant.api_key},
        params=params,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def checked_in_webinar(http: httpx.Client, fresh_tenant: Tenant) -> dict[str, Any]:
    """A webinar with three registrants, two of them checked in."""
    webinar = create_conference(http, fresh_tenant, title="At the venue")
    people = []
    for n, first in enumerate(("Grace", "Alan", "Edsger")):
        email = f"{first.lower()}.{time.time_ns()}@example.test"
        value = register(http, fresh_tenant, webinar["id"], email, first, f"Person{n}")
        people.append((email, value))
    for _, value in people[:2]:
        assert check_in(http, fresh_tenant, webinar["id"], value).status_code == 201
    return {"webinar": webinar, "people": people}


def test_the_list_has_every_documented_field(
    http: httpx.Client,
    fresh_tenant: Tenant,
    checked_in_webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations["registrations_checked_in"]
    webinar, people = checked_in_webinar["webinar"], checked_in_webinar["people"]
    body = _checked_in(http, fresh_tenant, webinar["id"])
    assert set(operation["response"]["example"]["top_level_keys"]) <= set(body)
    assert (body["current_page"], body["per_page"]) == (1, 25)
    assert (body["total_count"], body["total_entries"]) == (2, 2)
    documented = {
        f["name"] for t in operation["response"]["documented_fields"] for f in t["fields"]
    }
    rows = body["registrations"]
    assert [r["email"] for r in rows] == [email for email, _ in people[:2]]
    for row, (email, value), first in zip(rows, people, ("Grace", "Alan"), strict=False):
        assert documented <= set(row), documented - set(row)
        assert (row["email"], row["first_name"], row["qr_code_value"]) == (email, first, value)
        assert isinstance(row["bmid"], str)
        assert row["enter_url"].startswith(webinar["conference_address"] + "?token=")
        assert (row["earned_certificate"], row["qualified_for_certificate"]) == (False, False)
        assert row["checked_in_at"].endswith("Z")  # an addition
    # The registration lists know nothing of a check-in time.
    listed = http.get(
        f"{API}/conferences/registrations/{webinar['id']}", headers=fresh_tenant.headers
    ).json()
    assert all("checked_in_at" not in r for r in listed["registrations"])


def test_pages_and_the_time_filter(
    http: httpx.Client, fresh_tenant: Tenant, checked_in_webinar: dict[str, Any]
) -> None:
    webinar, people = checked_in_webinar["webinar"], checked_in_webinar["people"]
    first = _checked_in(http, fresh_tenant, webinar["id"], page=1, per_page=1)
    second = _checked_in(http, fresh_tenant, webinar["id"], page=2, per_page=1)
    assert [r["email"] for r in first["registrations"] + second["registrations"]] == [
        email for email, _ in people[:2]
    ]
    assert (second["current_page"], second["per_page"], second["total_count"]) == (2, 1, 2)
    an_hour_ago = int(time.time()) - 3600
    after = _checked_in(http, fresh_tenant, webinar["id"], start_time=an_hour_ago)
    assert after["total_count"] == 2
    before = _checked_in(http, fresh_tenant, webinar["id"], end_time=an_hour_ago)
    assert (before["total_count"], before["registrations"]) == (0, [])


def test_a_missing_key_is_the_documented_401(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    webinar = create_conference(http, alice, title="Keyless")
    response = http.get(f"{API}/conferences/checked_in_registrants/{webinar['id']}")
    assert response.status_code == 401
    assert response.json() == documented_error(
        bigmarker_operations["registrations_checked_in"], 401
    )


def test_another_accounts_webinar_is_the_documented_403(
    http: httpx.Client,
    bob: Tenant,
    checked_in_webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    webinar = checked_in_webinar["webinar"]
    response = http.get(
        f"{API}/conferences/checked_in_registrants/{webinar['id']}", headers=bob.headers
    )
    assert response.status_code == 403
    assert response.json() == documented_error(
        bigmarker_operations["registrations_checked_in"], 403
    )
