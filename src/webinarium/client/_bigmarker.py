"""What the BigMarker resources (``_async/bigmarker_*.py``) share that needs no
asyncio: the items of a list answer whatever its shape, the acknowledgement
of a change, a conference answer flat or wrapped, a list the document sends
as one text, and when a page of a list is the last one (for
`bigmarker_pages`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from webinarium.client._answers import M, compact, kind_of, parse
from webinarium.client._exceptions import APIError
from webinarium.client.models.bigmarker import Conference, Success
from webinarium.client.models.bigmarker_reports import Suppression

# ``[{"tag_api_name": "value"}]`` (a name of ``list`` here: resources have a ``list``).
Tags = list[dict[str, str]]
# Create and Update answer the conference itself (their examples), or under
# the key their tables name.
CONFERENCE_KEYS = ("conference", "Conference")
REPORTING = "reporting/conferences"
# What a list answer may say about where it is (`is_last`).
TOTALS = ("total_pages", "total_entries", "total_count")
# A list answer's own fields besides its items.
_PAGING = (*TOTALS, "per_page", "current_page", "page")


def success_of(answer: Any) -> Success:
    """The answer of a call that only says it did something: ``{"success":
    …}`` or ``{"status", "message"}``, the bare sentence some examples show,
    or nothing (the document shows no answer for some deletions)."""
    if answer is None:
        return Success()
    if isinstance(answer, str):
        return Success(success=answer)
    return parse(Success, answer)


def items_of(answer: Any, list_key: str | Sequence[str]) -> list[Any]:
    """The items of a list answer: a bare array; the list under the first of
    ``list_key`` (one name, or each name the list is documented under) that
    holds one; else the answer's only list (a key the document leaves
    undocumented, e.g. email analytics' ``xxx``); else none when the list is
    null or the answer, a page of a list, holds none."""
    if isinstance(answer, list):
        return answer
    keys = (list_key,) if isinstance(list_key, str) else tuple(list_key)
    if isinstance(answer, dict):
        for key in keys:
            if isinstance(answer.get(key), list):
                return list(answer[key])
        lists = [value for value in answer.values() if isinstance(value, list)]
        if len(lists) == 1:
            return list(lists[0])
        # Nothing listed: the list key null, or absent from a page.
        listed = any(key in answer for key in (*keys, *_PAGING))
        if not lists and listed and not any(answer.get(key) is not None for key in keys):
            return []
    raise APIError(
        f"BigMarker answered {kind_of(answer)} where a list was expected "
        f"(no list under {' or '.join(keys)})"
    )


def parse_list(model: type[M], answer: Any, list_key: str | Sequence[str]) -> list[M]:
    """Every item of a list answer read as ``model``."""
    return [parse(model, item) for item in items_of(answer, list_key)]


def conference_of(answer: Any) -> Conference:
    """A conference answer, flat or under ``conference`` / ``Conference``."""
    if isinstance(answer, dict) and len(answer) == 1:
        for key in CONFERENCE_KEYS:
            if isinstance(answer.get(key), dict):
                return parse(Conference, answer[key])
    return parse(Conference, answer)


def one_or_many(answer: Any, list_key: str) -> list[Any]:
    """A list answer that the document's example shows as a single object."""
    if isinstance(answer, dict) and list_key not in answer:
        return [answer]
    if isinstance(answer, dict):
        return list(answer[list_key] or [])
    return list(answer or [])


def suppressions_of(answer: Any) -> list[Suppression]:
    """An array of suppressions, or the document's single one."""
    rows = [answer] if isinstance(answer, dict) and "recipient" in answer else answer
    return parse_list(Suppression, rows, "suppressions")


def joined(values: Sequence[str] | str | None) -> str | None:
    """A list the document sends as one text: ``"a,b,c"``."""
    if values is None or isinstance(values, str):
        return values
    return ",".join(values)


def id_list(value: str | list[str] | None) -> list[str] | None:
    """Ids the document types String: one, comma-separated, or a list."""
    if value is None or isinstance(value, list):
        return value
    return [part.strip() for part in value.split(",") if part.strip()]


def registration_form(values: Mapping[str, Any]) -> dict[str, Any]:
    """A form body without what the caller left out; ``custom_fields`` as the
    JSON string the document sends."""
    body = compact(values)
    answers = body.get("custom_fields")
    if answers is not None and not isinstance(answers, str):
        body["custom_fields"] = json.dumps(answers, ensure_ascii=False)
    return body


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def has_totals(answer: Any) -> bool:
    """Whether a list answer says where it is (else its pages' lengths tell)."""
    return isinstance(answer, dict) and any(_number(answer.get(key)) is not None for key in TOTALS)


def is_last(answer: Any, page: int, seen: int) -> bool:
    """Whether the answer says this page is the last: by ``total_pages``, or
    once ``total_entries`` / ``total_count`` items are ``seen``."""
    if not isinstance(answer, dict):
        return False
    total_pages = _number(answer.get("total_pages"))
    if total_pages is not None:
        return page >= total_pages
    for key in ("total_entries", "total_count"):
        total = _number(answer.get(key))
        if total is not None:
            return seen >= total
    return False
