"""Small factories and lookups shared by the BigMarker tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
from fastapi.routing import APIRoute

from tests.conftest import Tenant
from webinarium.api.bigmarker import router

API = "/api/v1"


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


def _walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, str]]:
    """(method, path) of every operation's route, through included routers
    (FastAPI keeps those as wrappers that point at the router they include)."""
    for route in routes:
        if isinstance(route, APIRoute):
            for method in route.methods or ():
                yield method, prefix + route.path
        else:
            included = route.original_router
            yield from _walk(included.routes, prefix + route.include_context.prefix)


def bigmarker_routes() -> set[tuple[str, str]]:
    """(method, path under /api/v1) of every BigMarker route."""
    found = set(_walk(router.routes, ""))
    assert found
    assert all(path.startswith(API + "/") for _, path in found)
    return {(method, path.removeprefix(API)) for method, path in found}


def enforce_block_list(
    http: httpx.Client, tenant: Tenant, conference_id: str, entries: str
) -> None:
    """Puts ``entries`` (comma-separated addresses or domains) on the conference's
    registration block list and puts the list in force."""
    form = {**tenant.headers, "Content-Type": "application/x-www-form-urlencoded"}
    for url, body in (
        (
            f"{API}/registration_block_list/{conference_id}",
            f"emails={entries}&list_type=block_list",
        ),
        (f"{API}/registration_block_list/enable/{conference_id}", "list_type=block_list"),
    ):
        response = http.post(url, headers=form, content=body)
        assert response.status_code == 200, response.text
