"""How /openapi.json describes the MyOwnConference endpoint: one operation per
path (``POST /`` and ``POST /api/myownconference``) whose request is a form
field ``request`` holding JSON (or that JSON as the whole body): a ``oneOf``
over the actions of the table, told apart by ``action``, each with the JSON
schema of its params model. The API key is ``key`` inside that JSON, which an
OpenAPI security scheme cannot express: it is in the schema and said in words.
"""

from __future__ import annotations

from typing import Any, get_args

from fastapi.routing import APIRoute
from pydantic.json_schema import models_json_schema

from webinarium.api.myownconference.actions import Action
from webinarium.api.myownconference.table import ACTIONS, SECTIONS
from webinarium.api.reads import REF_TEMPLATE, Components

DESCRIPTION = (
    "One endpoint for every action: the form field `request` (urlencoded or multipart)"
    ' holds JSON `{"key": …, "action": …, "params": …}`; a raw JSON body is read too.'
    " The API key is `key` inside that JSON, not a header or a query parameter, so no"
    " OpenAPI security scheme can describe it. Every answer is HTTP 200:"
    ' `{"request": {"action", "params"}, "response": …}` with `success`… or `error`'
    " in `response`. Actions by section: "
    + "; ".join(
        f"{section}: {', '.join(a.name for a in actions)}" for section, actions in SECTIONS.items()
    )
    + "."
)
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "request": {
            "type": "object",
            "description": "the request echoed, without its key",
            "properties": {"action": {}, "params": {}},
        },
        "response": {
            "description": 'the action\'s result, or {"error": "…"}',
            "anyOf": [
                {
                    "type": "object",
                    "properties": {"error": {"type": "string"}},
                    "required": ["error"],
                },
                {},
            ],
        },
    },
    "required": ["request", "response"],
}


def _schema_name(action: Action) -> str:
    return "MyOwnConference_" + action.name


def _params_schema(action: Action, model_ref: dict[str, Any]) -> dict[str, Any]:
    """The params model, or a JSON list for list-style actions; ``[]`` for none."""
    if action.list_field is not None:
        annotation = action.params.model_fields[action.list_field].annotation
        item_type = (get_args(annotation) or (str,))[0]
        items = {"type": "string"} if item_type is str else {}
        return {"anyOf": [model_ref, {"type": "array", "items": items}]}
    return {"anyOf": [model_ref, {"type": "array", "maxItems": 0}]}


def _request_schemas(components: Components) -> dict[str, Any]:
    models = list(dict.fromkeys(action.params for action in ACTIONS))
    refs, defs = models_json_schema(
        [(model, "validation") for model in models], ref_template=REF_TEMPLATE
    )
    components.add_defs(defs)
    one_of: list[dict[str, Any]] = []
    mapping: dict[str, str] = {}
    for action in ACTIONS:
        name = _schema_name(action)
        components.schemas[name] = {
            "title": action.name,
            "type": "object",
            "properties": {
                "key": {"type": "string", "description": "the API key"},
                "action": {"enum": [action.name, *action.aliases]},
                "params": _params_schema(action, refs[(action.params, "validation")]),
            },
            "required": ["key", "action"],
        }
        ref = "#/components/schemas/" + name
        one_of.append({"$ref": ref})
        mapping.update(dict.fromkeys((action.name, *action.aliases), ref))
    components.schemas["MyOwnConferenceRequest"] = {
        "oneOf": one_of,
        "discriminator": {"propertyName": "action", "mapping": mapping},
    }
    return {"$ref": "#/components/schemas/MyOwnConferenceRequest"}


def describe(
    route: APIRoute, method: str, operation: dict[str, Any], document: dict[str, Any]
) -> None:
    components = Components(document)
    request = (
        {"$ref": "#/components/schemas/MyOwnConferenceRequest"}
        if "MyOwnConferenceRequest" in components.schemas
        else _request_schemas(components)
    )
    components.schemas["MyOwnConferenceAnswer"] = ANSWER_SCHEMA
    form = {
        "schema": {
            "type": "object",
            "properties": {"request": request},
            "required": ["request"],
        },
        "encoding": {"request": {"contentType": "application/json"}},
    }
    operation["requestBody"] = {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": form,
            "multipart/form-data": form,
            "application/json": {"schema": request},
        },
    }
    operation["description"] = DESCRIPTION
    operation["tags"] = [f"MyOwnConference: {section}" for section in SECTIONS]
    operation["responses"] = {
        "200": {
            "description": "every answer, errors included",
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/MyOwnConferenceAnswer"}
                }
            },
        }
    }
