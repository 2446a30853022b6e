"""The room page: the conference's title and start, and a short-lived ticket
for the socket (``<meta name="webinarium-ticket">``); room.js does the rest
over ``/room/ws`` (docs/room-protocol.md, "The room page")."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from webinarium.live.journal import timestamp
from webinarium.models import Conference
from webinarium.pages.templating import keep_private, render


def room_page(request: Request, conference: Conference, ticket: str) -> HTMLResponse:
    context = {
        "conference": conference,
        "ticket": ticket,
        # The countdown runs before the socket answers (and while the room is not open yet).
        "starts_at": timestamp(conference.start_at),
    }
    # The page carries a ticket.
    return keep_private(render(request, "room.html", context))
