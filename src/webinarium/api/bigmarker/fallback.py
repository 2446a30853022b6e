"""What no BigMarker route serves, answered in BigMarker's envelope.

An unknown path under /api/v1 (an operation of the document not yet served,
an id left empty in a path) is the document's "URL Error", 404
``{"error": "Not Found!"}``; a known path asked with a method it does not take
is 405 ``{"error": …}`` with ``Allow``; both after the key is checked, like
every route (401 without it). Without this the framework answered
``{"detail": …}``, a shape no BigMarker client reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.routing import compile_path

from webinarium.api.bigmarker.auth import ReadAccount
from webinarium.api.bigmarker.errors import NOT_FOUND, BigMarkerRoute

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def add_fallback(router: APIRouter, served: Sequence[APIRouter]) -> None:
    """Adds the catch-all route to ``router``, after every route of ``served``
    (the routers it includes), whose paths it reads for the 405's ``Allow``."""
    table: list[tuple[re.Pattern[str], set[str]]] = [
        (compile_path(route.path)[0], route.methods or set())
        for served_router in served
        for route in served_router.routes
        if isinstance(route, APIRoute)
    ]

    fallback = APIRouter(route_class=BigMarkerRoute)

    @fallback.api_route(
        "/{path:path}", methods=METHODS, name="bigmarker_unknown", include_in_schema=False
    )
    async def unknown(path: str, _: ReadAccount) -> JSONResponse:
        allowed = sorted(
            {m for regex, methods in table if regex.match("/" + path) for m in methods}
        )
        if allowed:
            return JSONResponse(
                {"error": "Method Not Allowed"},
                status_code=405,
                headers={"Allow": ", ".join(allowed)},
            )
        return JSONResponse({"error": NOT_FOUND.message}, status_code=NOT_FOUND.status)

    router.include_router(fallback)
