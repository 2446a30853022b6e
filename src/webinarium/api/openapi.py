"""``/openapi.json`` and ``/docs``.

FastAPI describes the paths, path parameters and success shapes from the
routes; each dialect completes its own operations (parameters from ``@reads``
or the MyOwnConference params models, request encodings, security, documented
errors). ``/docs`` is Swagger UI served from the ``fastapi-offline`` package's
files, so it works without a network.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles

from webinarium.api.bigmarker import openapi as bigmarker
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.boomstream import openapi as boomstream
from webinarium.api.boomstream.transport import BoomstreamRoute
from webinarium.api.myownconference import openapi as myownconference
from webinarium.api.myownconference.transport import MyOwnConferenceRoute

Describer = Callable[[APIRoute, str, dict[str, Any], dict[str, Any]], None]
DESCRIBERS: dict[type[APIRoute], Describer] = {
    BigMarkerRoute: bigmarker.describe,
    MyOwnConferenceRoute: myownconference.describe,
    BoomstreamRoute: boomstream.describe,
}
SECURITY_SCHEMES = {
    "API-KEY": {**bigmarker.SECURITY_SCHEME, "description": "BigMarker: the API key header"},
    "apikey": {**boomstream.SECURITY_SCHEME, "description": "Boomstream: the API key parameter"},
}
DESCRIPTION = (
    "Webinarium speaks three APIs over one domain: BigMarker API v1 (`/api/v1/…`, key in the"
    " `API-KEY` header), MyOwnConference (`POST /`, key inside the JSON `request`) and"
    " Boomstream (`/api/conference/…`, key in `apikey`). One API key serves all three."
)
ASSETS_URL = "/docs/assets"
DOCS_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Webinarium API</title>
<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({{url: "/openapi.json", dom_id: "#swagger-ui"}});</script>
</body></html>
"""


def _tags(document: dict[str, Any]) -> list[dict[str, str]]:
    """Every tag, in the order the operations first use them."""
    names: dict[str, None] = {}
    for operations in document["paths"].values():
        for operation in operations.values():
            names.update(dict.fromkeys(operation.get("tags", [])))
    return [{"name": name} for name in names]


def _operation_id(name: str, method: str, path: str, taken: set[str]) -> str:
    """The route's name (the reference document's operation id), made unique
    where one name serves several methods or paths."""
    for candidate in (name, f"{name}_{method.lower()}", f"{name}_{method.lower()}_{path}"):
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise ValueError(f"no unique operation id for {method} {path}")


def build(app: FastAPI) -> dict[str, Any]:
    with warnings.catch_warnings():
        # FastAPI gives a route of several methods one operation id for all of
        # them and warns; ids are given again below, one per method.
        warnings.filterwarnings("ignore", "Duplicate Operation ID", UserWarning)
        document = get_openapi(
            title=app.title, version=app.version, description=DESCRIPTION, routes=app.routes
        )
    taken: set[str] = set()
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        describe = DESCRIBERS.get(type(route))
        path = context.path_format or ""
        for method in sorted(context.methods or ()):
            operation = document["paths"][path][method.lower()]
            operation["operationId"] = _operation_id(route.name, method, path, taken)
            if describe is not None:
                describe(route, method, operation, document)
    document.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    document["tags"] = _tags(document)
    return document


def install(app: FastAPI) -> None:
    """Serves the document (built once) and the offline ``/docs``."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.mount(
        ASSETS_URL,
        StaticFiles(directory=str(files("fastapi_offline") / "static")),
        name="docs_assets",
    )

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)
