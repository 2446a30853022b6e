"""The one paging loop for BigMarker's lists.

BigMarker's lists page with ``page`` (or ``current_page``) and ``per_page``,
and say where they are with whichever of ``total_pages``, ``total_entries``
and ``total_count`` they carry; some carry none, some are not paged at all,
and some document a bare array where their tables name a key (search,
recurring children). `bigmarker_pages` reads all of these: it asks for the
next page while the last one did not say it was the last.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any, Literal

from webinarium.client._answers import T, compact
from webinarium.client._async._path import AsyncPathClient
from webinarium.client._bigmarker import has_totals, is_last, items_of

__all__ = ["bigmarker_pages"]


async def bigmarker_pages(
    client: AsyncPathClient,
    path: str,
    list_key: str | Sequence[str],
    read: Callable[[Any], T],
    *,
    params: Mapping[str, Any] | None = None,
    per_page: int | None = None,
    page_name: str | None = "page",
    method: str = "GET",
    body: Mapping[str, Any] | None = None,
    body_as: Literal["json", "form"] = "json",
) -> AsyncIterator[T]:
    """Every item of the list at ``method path`` (under the first of
    ``list_key`` the answer has; see `items_of`), each ``read`` (``reader(Model)``,
    ``str``…), page after page from 1.

    ``params`` go in the query; the page number (``page_name``; None: a list
    not paged, asked once) and ``per_page`` go there too, or in the ``body``
    when one is given, sent ``body_as`` JSON (search) or a form (a POST that
    only reads: the registration block list). Every call only reads, so it
    is retried. None values are never sent.

    The loop ends on an empty page or one that repeats the page before it (a
    server that ignores the page number); on the last page by
    ``total_pages``, once ``total_entries`` / ``total_count`` items are read;
    or — when the answer says none of these — on a page shorter than the
    ``per_page`` asked or than the first page (a server may give fewer than
    ``per_page`` to a page)."""
    page = 1
    seen = 0
    full: int | None = None
    previous: list[Any] | None = None
    query = compact(params)
    while True:
        paging = compact({"per_page": per_page} | ({} if page_name is None else {page_name: page}))
        if body is None:
            answer = await client.request(method, path, params=query | paging, idempotent=True)
        else:
            sent = {**compact(body), **paging}
            answer = await client.request(
                method,
                path,
                params=query or None,
                json=sent if body_as == "json" else None,
                data=sent if body_as == "form" else None,
                idempotent=True,
            )
        items = items_of(answer, list_key)
        if not items or items == previous:
            return
        for item in items:
            yield read(item)
        if page_name is None:
            return
        seen += len(items)
        if is_last(answer, page, seen):
            return
        if full is None:
            full = len(items)
        if not has_totals(answer) and (
            len(items) < full or (per_page is not None and len(items) < per_page)
        ):
            return
        previous = items
        page += 1
