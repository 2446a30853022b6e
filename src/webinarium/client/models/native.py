"""The native API's answers as typed models (docs/native-api.md). Fields the
server adds later are ignored, so an older SDK keeps reading a newer server."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel


class Event(BaseModel):
    """A domain event: an item of the event feed and the body of a webhook."""

    # Its number in the account's feed (1, 2, 3…); None for ``webhook.test``.
    seq: int | None
    type: str
    timestamp: datetime
    data: dict[str, Any]


class EventPage(BaseModel):
    data: list[Event]
    # The last seq of the page (``after`` again when nothing is new).
    next_after: int


class WebhookEndpoint(BaseModel):
    id: str
    url: str
    # The event types it hears, or "all".
    event_types: list[str] | Literal["all"]
    conference_id: str | None
    enabled: bool
    # requested (the API), gone (410), failing (3 days).
    disabled_reason: str | None
    disabled_at: datetime | None
    failing_since: datetime | None
    previous_secret_expires_at: datetime | None
    created_at: datetime


class WebhookEndpointPage(BaseModel):
    data: list[WebhookEndpoint]
    # Send as ``after`` for the next page; None on the last one.
    next_after: str | None
