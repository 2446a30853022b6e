"""A domain event as the outside world reads it: the body of a native webhook
(``{type, timestamp, seq, data}``) and an item of the event feed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from webinarium.models import OutboxEvent


class EventMessage(BaseModel):
    """A domain event as the outside world reads it: the body of a native
    webhook, an item of the event feed (``GET /api/webinarium/v1/events``)."""

    # The event's number in the account's feed (1, 2, 3…); null for ``webhook.test``.
    seq: int | None
    type: str
    timestamp: datetime
    data: dict[str, Any]

    @classmethod
    def of(cls, event: OutboxEvent) -> EventMessage:
        return cls(
            seq=event.sequence, type=event.type, timestamp=event.occurred_at, data=event.payload
        )
