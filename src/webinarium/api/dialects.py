"""Which dialect owns a path, and how each answers a request that no route takes.

Every answer under a dialect's paths is in that dialect's envelope, also when
the path or method is unknown, so a client reads an error where it reads
errors instead of FastAPI's ``{"detail": …}``: BigMarker ``{"error": …}`` with
404 (the document's "URL Error", ``Not Found!``) or 405; MyOwnConference and
Boomstream their usual envelopes with HTTP 200, as every error of theirs is
(their clients read the body, not the status). An operation of the documents
that this server does not have yet is an unknown path like any other.
"""

from __future__ import annotations

from enum import StrEnum

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from webinarium.api.bigmarker.errors import error_reply as bigmarker_error_reply
from webinarium.api.boomstream.transport import failure as boomstream_failure
from webinarium.api.boomstream.transport import render as boomstream_render
from webinarium.api.limits import RendersError
from webinarium.api.myownconference.transport import envelope as myownconference_envelope
from webinarium.api.myownconference.transport import error_envelope as myownconference_error
from webinarium.api.webinarium.errors import PREFIX as NATIVE_PREFIX
from webinarium.api.webinarium.errors import envelope as native_envelope
from webinarium.api.webinarium.errors import error_reply as native_error_reply
from webinarium.pages.templating import not_found_page


class Dialect(StrEnum):
    BIGMARKER = "bigmarker"
    MYOWNCONFERENCE = "myownconference"
    BOOMSTREAM = "boomstream"
    # Not a vendor's: the native API, /api/webinarium/v1 (api/webinarium/).
    NATIVE = "native"


BIGMARKER_PREFIX = "/api/v1"
BOOMSTREAM_PREFIX = "/api/conference"
MYOWNCONFERENCE_PREFIX = "/api/myownconference"
# The document's answer to a URL it does not know.
BIGMARKER_NOT_FOUND = "Not Found!"


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def dialect_of_path(path: str) -> Dialect | None:
    """The dialect whose envelope answers ``path``; None for the app's own pages
    (health, invite page, files). ``/`` is MyOwnConference's endpoint (a GET
    there is the home page, which exists, so never asks)."""
    if _under(path, BIGMARKER_PREFIX):
        return Dialect.BIGMARKER
    if _under(path, BOOMSTREAM_PREFIX):
        return Dialect.BOOMSTREAM
    if _under(path, NATIVE_PREFIX):
        return Dialect.NATIVE
    if path == "/" or _under(path, MYOWNCONFERENCE_PREFIX):
        return Dialect.MYOWNCONFERENCE
    return None


_ERROR_RENDERERS: dict[Dialect, RendersError] = {
    Dialect.BIGMARKER: bigmarker_error_reply,
    Dialect.MYOWNCONFERENCE: myownconference_error,
    Dialect.BOOMSTREAM: boomstream_failure,
    Dialect.NATIVE: native_error_reply,
}


def error_renderer_of_path(path: str) -> RendersError | None:
    """How the dialect that owns ``path`` renders a domain error before any of
    its routes is matched (a body refused as too large)."""
    dialect = dialect_of_path(path)
    return None if dialect is None else _ERROR_RENDERERS[dialect]


def _message(request: Request, error: HTTPException) -> str:
    if error.status_code == 405:
        return f"Method {request.method} is not allowed for {request.url.path}"
    return f"Unknown path {request.url.path}"


async def _unrouted(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    dialect = dialect_of_path(request.scope["path"])
    unrouted_page = request.scope.get("route") is None and request.method in ("GET", "HEAD")
    if dialect is None and error.status_code == 404 and unrouted_page:
        return not_found_page(request)
    if dialect is None or error.status_code not in (404, 405):
        return await http_exception_handler(request, error)
    message = _message(request, error)
    if dialect is Dialect.MYOWNCONFERENCE:
        return myownconference_envelope(request, {"error": message})
    if dialect is Dialect.BOOMSTREAM:
        return boomstream_render(request, {"Status": "Failed", "Message": message})
    if dialect is Dialect.NATIVE:
        code = "not_found" if error.status_code == 404 else "method_not_allowed"
        return native_envelope(code, message, error.status_code, error.headers)
    if error.status_code == 404:
        message = BIGMARKER_NOT_FOUND
    return JSONResponse({"error": message}, status_code=error.status_code, headers=error.headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _unrouted)
