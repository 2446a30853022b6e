"""The transport: ``POST /`` (and ``/api/myownconference``) with a form field
``request`` = JSON ``{"key", "action", "params"}`` (urlencoded or multipart; a
raw JSON body is accepted too).

Every answer is HTTP 200 (but a database outage's: 503, see `api.errors`)
with ``{"request": {"action", "params"}, "response": …}`` — the request echoed
without its key, then the result, ``{"success": …}`` or ``{"error": …}``. The
document shows no status codes and clients read the body, so an error is told
by its ``error`` key, not by the status. A domain error still rolls the
request's transaction back first (it is rendered by the application's handler,
after the rollback).

The unit of work is opened here, not by a dependency: whether it is read-only
depends on the action, which the body names.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from webinarium.accounts.service import authenticate_api_key
from webinarium.api.deps import claim_unit
from webinarium.api.limits import read_form
from webinarium.api.myownconference.actions import Context
from webinarium.api.myownconference.table import find
from webinarium.api.params import parse_json_off_loop
from webinarium.files.store import FileStore
from webinarium.kit.errors import DomainError, InvalidInput, validated

# Parameter names as the document's examples also spell them: "onРage" has a
# Cyrillic "Р" (U+0420) in the attendeesList examples.
PARAM_ALIASES = {"onРage": "onPage"}
_ECHO = "moc_echo"


def envelope(request: Request, response: Any) -> JSONResponse:
    echo = getattr(request.state, _ECHO, {"action": None, "params": None})
    return JSONResponse({"request": echo, "response": response})


def error_envelope(request: Request, error: DomainError) -> JSONResponse:
    return envelope(request, {"error": error.message})


class MyOwnConferenceRoute(APIRoute):
    def error_response(self, request: Request, error: DomainError) -> Response:
        return error_envelope(request, error)


router = APIRouter(route_class=MyOwnConferenceRoute)


async def _read_envelope(request: Request) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "")
    raw: Any = None
    # A form's body is read once, as the form: a form without the field has no
    # raw JSON body to fall back on.
    is_form = content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded"))
    if is_form:
        raw = (await read_form(request)).get("request")
    if raw is None:
        raw = request.query_params.get("request")
    if raw is None and not is_form:
        body = (await request.body()).decode("utf-8", errors="replace").strip()
        raw = body or None
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput('send the request as a POST form field named "request"')
    try:
        parsed = await parse_json_off_loop(raw)
    except ValueError:
        raise InvalidInput('the "request" field is not valid JSON') from None
    if not isinstance(parsed, dict):
        raise InvalidInput('the "request" field must be a JSON object {"key", "action", "params"}')
    return parsed


def _params(raw: Any, list_field: str | None) -> dict[str, Any]:
    if raw is None or raw == [] or raw == {}:
        return {}
    if isinstance(raw, list):
        if list_field is None:
            raise InvalidInput("params must be an object of named parameters")
        return {list_field: raw}
    if not isinstance(raw, dict):
        raise InvalidInput("params must be an object or a list")
    return {PARAM_ALIASES.get(str(name), str(name)): value for name, value in raw.items()}


async def _dispatch(request: Request) -> JSONResponse:
    data = await _read_envelope(request)
    setattr(request.state, _ECHO, {"action": data.get("action"), "params": data.get("params", [])})
    action = find(str(data.get("action") or ""))
    # The action says which unit of work it needs; it is known only now, with
    # the body received.
    read_only = action is None or action.read_only
    database = claim_unit(request, "read-only unit" if read_only else "read-write unit")
    async with database.read() if read_only else database.transaction() as session:
        account = await authenticate_api_key(session, str(data.get("key") or ""))
        if action is None:
            raise InvalidInput(f"unknown action: {data.get('action')!r}")
        params = validated(action.params, _params(data.get("params"), action.list_field))
        settings = request.app.state.settings
        context = Context(
            session=session,
            account=account,
            base_url=settings.base_url,
            files=FileStore.of(settings),
            secret_key=settings.secret_key,
        )
        result = await action.handler(context, params)
    return envelope(request, action.render(context, result))


@router.post("/", name="myownconference")
async def api_root(request: Request) -> JSONResponse:
    return await _dispatch(request)


@router.post("/api/myownconference", name="myownconference_path")
async def api_path(request: Request) -> JSONResponse:
    return await _dispatch(request)
