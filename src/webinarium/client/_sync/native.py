# Written by tools/unasync_sdk.py from _async/native.py: change that file, then `make sdk`.
"""`Webinarium`: the native API (docs/native-api.md).

Each resource is an object on the client (``client.events``,
``client.webhook_endpoints``) whose methods are typed; `request` reaches any
route not modelled yet. The lists page by themselves: iterating asks for the
next page when the current one is used up.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from webinarium.client._dialects import NATIVE
from webinarium.client._sync._path import PathClient
from webinarium.client.models.native import (
    Event,
    EventPage,
    WebhookEndpoint,
    WebhookEndpointPage,
)


class Webinarium(PathClient):
    """The native API: ``Webinarium(api_key=…, base_url="https://…")``."""

    dialect = NATIVE

    @cached_property
    def events(self) -> Events:
        return Events(self)

    @cached_property
    def webhook_endpoints(self) -> WebhookEndpoints:
        return WebhookEndpoints(self)


class Events:
    """``GET /events``: the account's event feed."""

    def __init__(self, client: Webinarium) -> None:
        self._client = client

    def list(self, *, after: int = 0, limit: int | None = None) -> EventPage:
        """One page: the events numbered above ``after``, oldest first."""
        answer = self._client.request("GET", "events", params={"after": after, "limit": limit})
        return EventPage.model_validate(answer)

    def iter_events(self, after: int = 0, *, limit: int | None = None) -> Iterator[Event]:
        """Every event above ``after``, page after page, until none is new."""
        while True:
            page = self.list(after=after, limit=limit)
            if not page.data:
                return
            for event in page.data:
                yield event
            after = page.next_after


class WebhookEndpoints:
    """``/webhook_endpoints``: where the account's webhooks go."""

    def __init__(self, client: Webinarium) -> None:
        self._client = client

    def list(self, *, limit: int | None = None) -> Iterator[WebhookEndpoint]:
        """Every endpoint, oldest first, ``limit`` to a page."""
        after: str | None = None
        while True:
            answer = self._client.request(
                "GET", "webhook_endpoints", params={"after": after, "limit": limit}
            )
            page = WebhookEndpointPage.model_validate(answer)
            for endpoint in page.data:
                yield endpoint
            if page.next_after is None:
                return
            after = page.next_after
