"""Small factories and lookups shared by the BigMarker tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Tenant


def documented_error(operation: dict[str, Any], status: int, contains: str = "") -> dict[str, str]:
    """The error body the document gives for ``operation`` and ``status``: the JSON
    body where the row prints one, else ``{"error": <message>}``."""
    for error in operation["errors"]:
        if error["status"] == status and contains in error["message"]:
            body = error.get("body_normalized") or {"error": error["message"]}
            return {"error": body["error"]}
    raise AssertionError(f"{operation['id']} documents no {status} error containing {contains!r}")


def create_conference(http: httpx.Client, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {"channel_id": tenant.channel_id, "title": "A webinar", **fields}
    response = http.post("/api/v1/conferences", headers=tenant.headers, json=body)
    assert response.status_code == 200, response.text
    conference: dict[str, Any] = response.json()
    return conference
