"""Registrants to check in, made through the BigMarker API (their
``qr_code_value`` read back from its registrant list)."""

from __future__ import annotations

import httpx

from tests.conftest import Tenant

API = "/api/v1"


def register(
    http: httpx.Client,
    tenant: Tenant,
    conference_id: str,
    email: str,
    first_name: str = "Ada",
    last_name: str = "Lovelace",
) -> str:
    """Registers the person and answers their ``qr_code_value``."""
    body = {"id": conference_id, "email": email, "first_name": first_name, "last_name": last_name}
    response = http.put(f"{API}/conferences/register", headers=tenant.headers, data=body)
    assert response.status_code == 200, response.text
    listed = http.get(
        f"{API}/conferences/registrations/{conference_id}",
        headers=tenant.headers,
        params={"email": email},
    )
    assert listed.status_code == 200, listed.text
    (registrant,) = listed.json()["registrations"]
    value: str = registrant["qr_code_value"]
    return value


def check_in(
    http: httpx.Client, tenant: Tenant, conference_id: str, qr_code_value: str
) -> httpx.Response:
    return http.post(
        f"/api/webinarium/v1/conferences/{conference_id}/check-ins",
        headers=tenant.headers,
        json={"qr_code_value": qr_code_value},
    )
