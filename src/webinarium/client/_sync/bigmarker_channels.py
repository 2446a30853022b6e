# Written by tools/unasync_sdk.py from _async/bigmarker_channels.py: change that file, then `make sdk`.
"""BigMarker's channels and subscribers (docs/bigmarker.md, "Manage Channels"),
and what the BigMarker resources of this part share: the paging helper
`_pages`, `_parse` (an answer into its model, or `APIError`) and `_body`.

The lists page by themselves. BigMarker names its paging differently from one
list to the next (``page`` or ``current_page`` asked; ``total_pages`` answered,
or nothing): `_pages` asks page 1, 2, … until the answer's ``total_pages`` is
reached, or, where an answer gives no count, until a page comes back short,
empty, or the same as the one before (a server that ignores the paging
parameters answers the whole list each time).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from pydantic import ValidationError

from webinarium.client._exceptions import APIError
from webinarium.client._sync._path import PathClient
from webinarium.client.models._base import Model
from webinarium.client.models.bigmarker import Channel, Conference
from webinarium.client.models.bigmarker_channels import Result, Subscriber

M = TypeVar("M", bound=Model)
T = TypeVar("T")
# ``[{"tag_api_name": "value"}]`` (a name of ``list`` here: resources have a ``list``).
Tags = list[dict[str, str]]


def _parse(model: type[M], answer: Any) -> M:
    """``answer`` read as ``model``; an answer of another shape is an `APIError`."""
    try:
        return model.model_validate(answer)
    except ValidationError as error:
        raise APIError(
            f"BigMarker answered a {type(answer).__name__} that is not a {model.__name__}: "
            f"{error.errors()[0]['msg']}"
        ) from error


def _reader(model: type[M]) -> Callable[[Any], M]:
    return lambda item: _parse(model, item)


def _result(answer: Any) -> Result:
    """A change's acknowledgement (an empty answer is one too)."""
    return _parse(Result, answer if answer is not None else {})


def _body(**fields: Any) -> dict[str, Any]:
    """A request body without the fields left None."""
    return {name: value for name, value in fields.items() if value is not None}


def _items(answer: Any, keys: tuple[str, ...]) -> list[Any]:
    """The list in an answer: under the first of ``keys`` it has, or the answer
    itself when it is a bare array (some calls answer one)."""
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict):
        for key in keys:
            if isinstance(answer.get(key), list):
                return list(answer[key])
        # Nothing listed: a list key present but null, or an empty answer.
        if not any(answer.get(key) is not None for key in keys):
            return []
    raise APIError(f"BigMarker answered no list under {' or '.join(keys)}: {answer!r:.200}")


def _total_pages(answer: Any) -> int | None:
    if isinstance(answer, dict):
        value = answer.get("total_pages")
        if isinstance(value, int | str) and str(value).isdigit():
            return int(value)
    return None


def _pages(
    client: PathClient,
    path: str,
    keys: tuple[str, ...],
    read: Callable[[Any], T],
    params: Mapping[str, Any] | None = None,
    *,
    page_name: str = "page",
) -> Iterator[T]:
    """Every item of the list at ``GET path``, ``read`` from each item under the
    first of ``keys`` the answer has; ``params`` sent with every page (None
    values dropped), ``page_name`` the page's number (from 1)."""
    query = {name: value for name, value in (params or {}).items() if value is not None}
    per_page = query.get("per_page")
    page = 1
    previous: list[Any] | None = None
    while True:
        answer = client.request("GET", path, params={**query, page_name: page})
        items = _items(answer, keys)
        if not items or items == previous:
            return
        for item in items:
            yield read(item)
        total = _total_pages(answer)
        if total is not None:
            if page >= total:
                return
        elif per_page is None or len(items) < int(per_page):
            return
        previous = items
        page += 1


class Channels:
    """``/channels``: the account's channels, their sub-channels, conferences,
    registrants, categories and block lists."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def list(self, *, per_page: int | None = None) -> Iterator[Channel]:
        """Every channel (with its ``channel_hosts``). BigMarker documents no
        paging here: ``per_page`` is sent, for a server that pages."""
        for channel in _pages(
            self._client, "channels", ("channels",), _reader(Channel), {"per_page": per_page}
        ):
            yield channel

    def get(self, channel_id: str) -> Channel:
        """One channel, by its id (or URL segment)."""
        return _parse(Channel, self._client.request("GET", f"channels/{channel_id}"))

    def conferences(
        self,
        channel_url: str,
        *,
        timing: str | None = None,
        show_template: bool | None = None,
        per_page: int | None = None,
        bmid: str | None = None,
        sort_start_date: str | None = None,
        webinar_tags: Tags | None = None,
    ) -> Iterator[Conference]:
        """The channel's webinars (``channel_url``: the channel's URL segment),
        ``timing`` ``future`` (BigMarker's default), ``past`` or ``all``;
        ``sort_start_date`` ``ascending`` or ``descending``; ``webinar_tags``
        ``[{"tag_api_name": "value"}]``."""
        params = {
            "timing": timing,
            "show_template": show_template,
            "per_page": per_page,
            "bmid": bmid,
            "sort_start_date": sort_start_date,
            "webinar_tags": None if webinar_tags is None else json.dumps(webinar_tags),
        }
        for conference in _pages(
            self._client,
            f"channels/{channel_url}/conferences",
            ("conferences",),
            _reader(Conference),
            params,
        ):
            yield conference


class Subscribers:
    """``/channels/{channel_id}/…subscriber…``: a channel's subscribers."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def list(self, channel_id: str, *, per_page: int | None = None) -> Iterator[Subscriber]:
        """Every subscriber of the channel (BigMarker documents no paging; this
        server pages when asked)."""
        for subscriber in _pages(
            self._client,
            f"channels/{channel_id}/subscribers",
            ("subscribers",),
            _reader(Subscriber),
            {"per_page": per_page},
        ):
            yield subscriber

    def add(
        self,
        channel_id: str,
        *,
        email: str,
        first_name: str | None = None,
        last_name: str | None = None,
        temporary_password: str | None = None,
    ) -> Subscriber:
        """Subscribes ``email`` to the channel (the document's curl: a JSON POST)."""
        body = _body(
            email=email,
            first_name=first_name,
            last_name=last_name,
            temporary_password=temporary_password,
        )
        answer = self._client.request("POST", f"channels/{channel_id}/add_subscriber", json=body)
        return _parse(Subscriber, answer)

    def delete(self, channel_id: str, *, email: str) -> Result:
        """Unsubscribes ``email`` (a DELETE with a JSON body)."""
        answer = self._client.request(
            "DELETE", f"channels/{channel_id}/remove_subscriber", json={"email": email}
        )
        return _result(answer)
