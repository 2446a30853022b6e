"""What every BigMarker resource shares: reading an answer into its model (a
"success" answer of another shape is an `APIError`), the items of a list
answer whatever its shape, and the one paging loop for BigMarker's lists.

BigMarker's lists page with ``page`` (or ``current_page``) and ``per_page``,
and say where they are with whichever of ``total_pages``, ``total_entries``
and ``total_count`` they carry; some carry none, and two document a bare array
where their tables name a key (search, recurring children). `bigmarker_pages`
reads all of these: it asks for the next page while the last one did not say
it was the last.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import ValidationError

from webinarium.client._async._path import AsyncPathClient
from webinarium.client._exceptions import APIError
from webinarium.client.models._base import Model
from webinarium.client.models.bigmarker import Success

M = TypeVar("M", bound=Model)

__all__ = ["bigmarker_pages", "compact", "items_of", "parse", "parse_list", "success_of"]


def compact(values: Mapping[str, Any]) -> dict[str, Any]:
    """A body without the parameters the caller left out (None is never sent)."""
    return {name: value for name, value in values.items() if value is not None}


def parse(model: type[M], answer: Any) -> M:
    """``answer`` read as ``model``; a "success" answer that is not its shape
    raises `APIError`."""
    if not isinstance(answer, dict):
        raise APIError(f"BigMarker answered {_kind(answer)} where {model.__name__} was expected")
    try:
        return model.model_validate(answer)
    except ValidationError as error:
        raise APIError(f"BigMarker's answer is not a {model.__name__}: {error}") from error


def success_of(answer: Any) -> Success:
    """The answer of a call that only says it did something: ``{"success":
    …}``, the bare sentence some examples show, or nothing (the document
    shows no answer for some deletions)."""
    if answer is None:
        return Success()
    if isinstance(answer, str):
        return Success(success=answer)
    return parse(Success, answer)


def items_of(answer: Any, list_key: str | Sequence[str]) -> list[Any]:
    """The items of a list answer: a bare array, or the array under
    ``list_key`` (one name, or each name the list is documented under)."""
    if isinstance(answer, list):
        return answer
    keys = (list_key,) if isinstance(list_key, str) else tuple(list_key)
    if isinstance(answer, dict):
        for key in keys:
            if isinstance(answer.get(key), list):
                return list(answer[key])
    raise APIError(
        f"BigMarker answered {_kind(answer)} where a list (or {{{keys[0]!r}: [...]}}) was expected"
    )


def parse_list(model: type[M], answer: Any, list_key: str | Sequence[str]) -> list[M]:
    """Every item of a list answer read as ``model``."""
    return [parse(model, item) for item in items_of(answer, list_key)]


async def bigmarker_pages(
    client: AsyncPathClient,
    path: str,
    list_key: str | Sequence[str],
    model: type[M],
    *,
    params: Mapping[str, Any] | None = None,
    per_page: int | None = None,
    method: str = "GET",
    body: Mapping[str, Any] | None = None,
    page_name: str = "page",
    first_page: int = 1,
) -> AsyncIterator[M]:
    """Every item of a BigMarker list, page after page.

    The page number (``page_name``) and ``per_page`` go in the query, or in
    the JSON ``body`` when one is given (search is a POST with its filters in
    the body; it only reads, so it is retried like a GET). The loop ends on an
    empty page, on the last page by ``total_pages``, once ``total_entries`` /
    ``total_count`` items are read, or — when the answer says none of these —
    on a page shorter than the first one (a server may give fewer than
    ``per_page`` to a page), or one that repeats the page before it (a server
    that ignores the page number)."""
    page = first_page
    seen = 0
    full: int | None = None
    previous: list[Any] | None = None
    while True:
        paging = compact({page_name: page, "per_page": per_page})
        if body is None:
            answer = await client.request(
                method, path, params={**compact(params or {}), **paging}, idempotent=True
            )
        else:
            answer = await client.request(
                method,
                path,
                params=compact(params or {}) or None,
                json={**compact(body), **paging},
                idempotent=True,
            )
        items = items_of(answer, list_key)
        if not items or items == previous:
            return
        for item in items:
            yield parse(model, item)
        seen += len(items)
        if _last(answer, page, seen):
            return
        if full is None:
            full = len(items)
        if not _has_paging(answer) and len(items) < full:
            return
        previous = items
        page += 1


_TOTALS = ("total_pages", "total_entries", "total_count")


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _has_paging(answer: Any) -> bool:
    return isinstance(answer, dict) and any(_number(answer.get(key)) is not None for key in _TOTALS)


def _last(answer: Any, page: int, seen: int) -> bool:
    """Whether the answer says this page is the last."""
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


def _kind(answer: Any) -> str:
    if answer is None:
        return "nothing"
    if isinstance(answer, str):
        return f"text ({answer[:60]!r})"
    return type(answer).__name__
