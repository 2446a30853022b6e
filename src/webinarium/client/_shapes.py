"""How the vendors that are not a path API shape a call and its answer:
MyOwnConference's one form field, Boomstream's query."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from webinarium.client._base import Params
from webinarium.client._exceptions import APIError


def myownconference_form(
    api_key: str, action: str, params: Mapping[str, Any] | list[Any] | None
) -> dict[str, str]:
    """Every MyOwnConference call is ``POST /`` with a form field ``request``:
    the JSON ``{"key", "action", "params"}``."""
    call = {"key": api_key, "action": action, "params": params or {}}
    return {"request": json.dumps(call, ensure_ascii=False)}


def myownconference_response(answer: Any) -> Any:
    """The answer's ``response`` (a base URL that is no MyOwnConference server
    answers something else)."""
    if not isinstance(answer, dict) or "response" not in answer:
        raise APIError("the answer is not MyOwnConference's {request, response}")
    return answer["response"]


def boomstream_params(params: Params | None) -> dict[str, Any]:
    """JSON answers unless the caller asks for XML (then the answer is its text)."""
    return {"format": "json", **(params or {})}
