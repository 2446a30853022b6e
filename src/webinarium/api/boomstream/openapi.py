"""How /openapi.json describes a Boomstream method: ``GET`` with its parameters
in the query string, ``POST`` with them in a body (the query string works too),
``apikey`` as the security scheme, and the answer as XML or, with
``format=json``, JSON: both carry ``Status`` and, when it is ``Failed``, a
``Message`` (errors are HTTP 200, see transport.py)."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute

from webinarium.api.reads import Components, declaration_of, describe_params

SECURITY_SCHEME = {"type": "apiKey", "in": "query", "name": "apikey"}
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "Status": {"enum": ["Success", "Failed"]},
        "Message": {"type": "string", "description": "why, when Status is Failed"},
    },
    "required": ["Status"],
    "additionalProperties": True,
    "xml": {"name": "Response"},
}
_DESCRIPTION = (
    "The API key is the `apikey` parameter (query string, or the body of a POST)."
    " Errors are HTTP 200 with `Status: Failed` and a `Message`."
)


def describe(
    route: APIRoute, method: str, operation: dict[str, Any], document: dict[str, Any]
) -> None:
    components = Components(document)
    components.schemas["BoomstreamAnswer"] = ANSWER_SCHEMA
    # The key is the security scheme, not a parameter of its own.
    params = [p for p in declaration_of(route).params if p.name != "apikey"]
    describe_params(route, operation, params, components, in_body=method == "POST")
    operation["description"] = _DESCRIPTION
    operation["security"] = [{"apikey": []}]
    answer = {"schema": {"$ref": "#/components/schemas/BoomstreamAnswer"}}
    operation["responses"] = {
        "200": {
            "description": "XML unless format=json; Status Success or Failed",
            "content": {"application/xml": answer, "application/json": answer},
        }
    }
