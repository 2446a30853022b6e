"""How /openapi.json describes a BigMarker operation: the parameters its
``@reads`` declares (query parameters for GET and DELETE, a body otherwise),
the ``API-KEY`` header where the route authenticates, and the errors of
`errors.REPLIES` for the operation (the route's name)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from webinarium.api.bigmarker import auth
from webinarium.api.bigmarker.errors import MISSING_KEY, REPLIES
from webinarium.api.reads import Components, declaration_of, describe_params

SECURITY_SCHEME = {"type": "apiKey", "in": "header", "name": "API-KEY"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string"}},
    "required": ["error"],
}
_READ_WHERE = (
    "Parameters are read from the path, the body (JSON, form or multipart, whatever the"
    " Content-Type says) and the query string; the path wins, then the body."
)


def _authenticates(dependant: Dependant) -> bool:
    return any(d.call in auth.KEY_CHECKS or _authenticates(d) for d in dependant.dependencies)


def _errors(route: APIRoute, authenticated: bool) -> dict[str, Any]:
    messages: dict[int, list[str]] = defaultdict(list)
    messages[400].append("the request's fault, in its own words")
    if authenticated:
        messages[MISSING_KEY.status].append(MISSING_KEY.message or "")
    for reply in REPLIES.get(route.name, {}).values():
        message = reply.message or "the error's own words"
        if message not in messages[reply.status]:
            messages[reply.status].append(message)
    names_something = bool(route.param_convertors) or any(
        p.required for p in declaration_of(route).params
    )
    if authenticated and names_something and 404 not in messages:
        # `reply_for`'s defaults: what the request names is not found, or is
        # another account's.
        messages[404].append("what the request names is not found")
    return {
        str(status): {
            "description": " | ".join(texts),
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/BigMarkerError"}}
            },
        }
        for status, texts in sorted(messages.items())
    }


def describe(
    route: APIRoute, method: str, operation: dict[str, Any], document: dict[str, Any]
) -> None:
    components = Components(document)
    components.schemas["BigMarkerError"] = ERROR_SCHEMA
    in_body = method not in ("GET", "DELETE")
    describe_params(route, operation, declaration_of(route).params, components, in_body)
    operation["description"] = _READ_WHERE
    authenticated = _authenticates(route.dependant)
    if authenticated:
        operation["security"] = [{"API-KEY": []}]
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)
    responses.update(_errors(route, authenticated))
