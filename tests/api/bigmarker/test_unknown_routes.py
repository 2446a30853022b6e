"""What no BigMarker route serves is answered in BigMarker's envelope (found by
the fuzz test, tests/fuzz/): the document's operations not served yet, an id
left empty in a path, a method a path does not take. FastAPI's own answer
was ``{"detail": …}``, which a BigMarker client does not read."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import documented_error
from tests.conftest import Tenant
from webinarium.app import create_app
from webinarium.settings import Settings


@pytest.mark.parametrize(
    ("method", "path"),
    [
        # Webinar Reporting: documented, not served yet.
        ("GET", "/api/v1/reporting/conferences/registrations/01a2"),
        # An id left empty.
        ("GET", "/api/v1/conferences//handouts"),
        ("GET", "/api/v1/no/such/thing"),
    ],
)
def test_an_unknown_path_is_the_documents_url_error(
    http: httpx.Client,
    alice: Tenant,
    bigmarker_operations: dict[str, dict[str, Any]],
    method: str,
    path: str,
) -> None:
    response = http.request(method, path, headers=alice.headers)
    assert response.status_code == 404
    url_error = documented_error(bigmarker_operations["channel_admins_create"], 404)
    assert response.json() == url_error


def test_a_method_a_path_does_not_take_is_405_with_allow(http: httpx.Client, alice: Tenant) -> None:
    response = http.patch("/api/v1/conferences", headers=alice.headers)
    assert response.status_code == 405
    assert set(response.json()) == {"error"}
    assert {"GET", "POST"} <= set(response.headers["allow"].split(", "))


def test_an_unknown_path_asks_for_the_key_first(http: httpx.Client) -> None:
    response = http.get("/api/v1/reporting/conferences/registrations/01a2")
    assert response.status_code == 401
    assert response.json() == {"error": "Missing or invalid API key."}


def test_every_path_parameter_of_the_openapi_document_is_declared() -> None:
    """An operation whose path names a parameter it does not declare makes the
    document invalid (schemathesis refuses it): a route reading its path
    parameter from the merged request parameters must still declare it."""
    document = create_app(Settings(environment="development")).openapi()
    undeclared = [
        (method, path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if set(re.findall(r"{(\w+)}", path))
        - {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
    ]
    assert undeclared == []
