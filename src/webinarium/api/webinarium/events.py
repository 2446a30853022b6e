"""``GET /api/webinarium/v1/events?after=<seq>&limit=``: the account's event
feed, its domain events in order. A receiver that was down catches up by
itself: it asks from the last ``seq`` it handled, within the retention window
(docs/native-api.md, "Event feed")."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from webinarium.api.bigmarker.auth import ReadAccount
from webinarium.api.deps import ReadSession
from webinarium.api.webinarium.errors import NativeRoute
from webinarium.api.webinarium.paging import page_limit
from webinarium.events.outbox import events_after
from webinarium.kit.errors import InvalidInput
from webinarium.webhooks.messages import EventMessage

router = APIRouter(route_class=NativeRoute, tags=["Webinarium: Events"])
LIMIT_DEFAULT = 100
LIMIT_MAX = 1000


class EventFeed(BaseModel):
    # Oldest first: each with ``seq``, ``type``, ``timestamp``, ``data``.
    data: list[EventMessage]
    # The last seq on this page (``after`` again when there is none yet):
    # ask with it for what comes next.
    next_after: int


@router.get("/events", name="native_events_list")
async def list_events(
    session: ReadSession, account: ReadAccount, after: str = "0", limit: str = ""
) -> EventFeed:
    """The account's events numbered above ``after`` (0: from the oldest kept);
    410 ``events_expired`` when the next ones are no longer kept (retention)."""
    after = after.strip() or "0"
    if not after.isdigit():
        raise InvalidInput("after must be an event's seq: a whole number, 0 for the first")
    rows = await events_after(
        session, account, int(after), limit=page_limit(limit, LIMIT_DEFAULT, LIMIT_MAX)
    )
    return EventFeed(
        data=[EventMessage.of(row) for row in rows],
        next_after=rows[-1].sequence if rows else int(after),
    )
