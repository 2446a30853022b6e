"""`AsyncWebinarium`: the native API (docs/native-api.md).

Each resource is an object on the client (``client.events``,
``client.webhook_endpoints``) whose methods are typed; `request` reaches any
route not modelled yet. The lists page by themselves: iterating asks for the
next page when the current one is used up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import cached_property

from webinarium.client._async._path import AsyncPathClient
from webinarium.client._dialects import NATIVE
from webinarium.client.models.native import (
    Event,
    EventPage,
    WebhookEndpoint,
    WebhookEndpointPage,
)


class AsyncWebinarium(AsyncPathClient):
    """The native API: ``AsyncWebinarium(api_key=…, base_url="https://…")``."""

    dialect = NATIVE

    @cached_property
    def events(self) -> AsyncEvents:
        return AsyncEvents(self)

    @cached_property
    def webhook_endpoints(self) -> AsyncWebhookEndpoints:
        return AsyncWebhookEndpoints(self)


class AsyncEvents:
    """``GET /events``: the account's event feed."""

    def __init__(self, client: AsyncWebinarium) -> None:
        self._client = client

    async def list(self, *, after: int = 0, limit: int | None = None) -> EventPage:
        """One page: the events numbered above ``after``, oldest first."""
        answer = await self._client.request(
            "GET", "events", params={"after": after, "limit": limit}
        )
        return EventPage.model_validate(answer)

    async def iter_events(
        self, after: int = 0, *, limit: int | None = None
    ) -> AsyncIterator[Event]:
        """Every event above ``after``, page after page, until none is new."""
        while True:
            page = await self.list(after=after, limit=limit)
            if not page.data:
                return
            for event in page.data:
                yield event
            after = page.next_after


class AsyncWebhookEndpoints:
    """``/webhook_endpoints``: where the account's webhooks go."""

    def __init__(self, client: AsyncWebinarium) -> None:
        self._client = client

    async def list(self, *, limit: int | None = None) -> AsyncIterator[WebhookEndpoint]:
        """Every endpoint, oldest first, ``limit`` to a page."""
        after: str | None = None
        while True:
            answer = await self._client.request(
                "GET", "webhook_endpoints", params={"after": after, "limit": limit}
            )
            page = WebhookEndpointPage.model_validate(answer)
            for endpoint in page.data:
                yield endpoint
            if page.next_after is None:
                return
            after = page.next_after
