"""The native API's JSON bodies: one rule for reading them."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from pydantic import BaseModel

from webinarium.kit.errors import InvalidInput


async def json_object(request: Request, shape: str) -> dict[str, Any]:
    """The request's body, a JSON object, or `InvalidInput` saying ``shape``
    (what the route takes, e.g. ``{"file_id": "…"}``)."""
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError:
        raise InvalidInput(f"the body is not JSON: send {shape}") from None
    if not isinstance(body, dict):
        raise InvalidInput(f"send a JSON object: {shape}")
    return body


def json_body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A route's ``openapi_extra``: its JSON body is ``model`` (routes read their
    body with `json_object`, so FastAPI cannot see it)."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }
