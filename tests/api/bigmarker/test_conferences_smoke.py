from __future__ import annotations

from typing import Any

import httpx

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant


def test_show_conference_has_every_documented_field(
    http: httpx.Client, alice: Tenant, bigmarker_reference: dict[str, Any]
) -> None:
    created = create_conference(http, alice, title="Conference 1 Title", purpose="To be great")
    response = http.get(f"/api/v1/conferences/{created['id']}", headers=alice.headers)
    assert response.status_code == 200
    body = response.json()
    documented = [f["name"] for f in bigmarker_reference["shared_schemas"]["conference"]["fields"]]
    assert [name for name in documented if name not in body] == []
    assert body["title"] == "Conference 1 Title"
    assert body["purpose"] == "To be great"


def test_show_unknown_conference_is_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.get("/api/v1/conferences/nope", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["conferences_show"], 404)
