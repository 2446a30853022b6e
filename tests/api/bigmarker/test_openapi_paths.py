"""Every path parameter of the OpenAPI document is declared (found by the
schemathesis run of tests/fuzz/). What no route serves is tested in
tests/api/test_unknown_routes.py."""

from __future__ import annotations

import re

from webinarium.app import create_app
from webinarium.settings import Settings


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
