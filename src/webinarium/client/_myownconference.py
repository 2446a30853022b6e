"""How MyOwnConference's calls are shaped and its answers read (the parts of
`_async/myownconference.py` that need no asyncio): the one form field, the
``response``, values as the document writes them, lists keyed by id, rows."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from webinarium.client._answers import M, compact, parse
from webinarium.client._exceptions import APIError

# attendeesList asks for this many a page unless told otherwise (the
# document's default page size).
DEFAULT_ON_PAGE = 100


def myownconference_form(
    api_key: str, action: str, params: Mapping[str, Any] | list[Any] | None
) -> dict[str, str]:
    """Every MyOwnConference call is ``POST /`` with a form field ``request``:
    the JSON ``{"key", "action", "params"}``."""
    call = {"key": api_key, "action": action, "params": {} if params is None else params}
    return {"request": json.dumps(call, ensure_ascii=False)}


def myownconference_response(answer: Any) -> Any:
    """The answer's ``response`` (a base URL that is no MyOwnConference server
    answers something else)."""
    if not isinstance(answer, dict) or "response" not in answer:
        raise APIError("the answer is not MyOwnConference's {request, response}")
    return answer["response"]


def sent_value(value: Any) -> Any:
    """A value as the document writes it: flags YES/NO, numbers and times as
    strings (also inside ``settings``)."""
    if isinstance(value, bool):
        return "YES" if value else "NO"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): sent_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [sent_value(item) for item in value]
    return value


def named(**params: Any) -> dict[str, Any]:
    """Named params, each as the document writes it; None is not sent."""
    return {name: sent_value(value) for name, value in compact(params).items()}


def email_list(value: str | Sequence[str]) -> list[str]:
    """One address or several: always sent as a list, as the examples do."""
    return [value] if isinstance(value, str) else list(value)


def items_of(data: Any, action: str, key: str = "id") -> list[Any]:
    """A list answer: a list, or an object keyed by ``key`` (a PHP
    associative array), whose keys go into each item's ``key``."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [
            {key: name, **item} if isinstance(item, dict) else item for name, item in data.items()
        ]
    raise APIError(f"{action}: the answer is not a list: {data!r}")


def models_of(model: type[M], data: Any, action: str, key: str = "id") -> list[M]:
    return [parse(model, item, action) for item in items_of(data, action, key)]


def rows_of(model: type[M], fields: tuple[str, ...], data: Any, action: str) -> list[M]:
    """Positional rows (``[time, name, …]``) read into ``model`` by ``fields``."""
    rows = []
    for row in items_of(data, action):
        if not isinstance(row, list | tuple):
            raise APIError(f"{action}: a row is not an array: {row!r}")
        rows.append(parse(model, dict(zip(fields, row, strict=False)), action))
    return rows


def is_group(item: Any) -> bool:
    return isinstance(item, dict) and ("id" in item or "name" in item)
