"""``GET /<channel>/<conference>``: a conference's public address, and every
personal link built on it. A link's token decides who enters and as whom; the
page hands the browser a fresh short-lived room ticket (`room.tickets`) for
that knock, and the socket asks admission again at every connection.

- ``?token=`` — a registrant's enter link (``enter_url``, ``conference_url``,
  a MyOwnConference participant's ``link``) or BigMarker's ``enter_uri`` (a
  room ticket made by ``POST /api/v1/conferences/enter``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from webinarium.api.deps import ReadSession
from webinarium.api.dialects import dialect_of_path
from webinarium.api.home import nothing_here_yet
from webinarium.conferences.service import conference_at
from webinarium.pages.room import room_page
from webinarium.pages.templating import PageRoute
from webinarium.room.tickets import TicketRefused, issue_ticket, read_ticket

router = APIRouter(route_class=PageRoute)


@router.get("/{channel_url}/{sub_url}", name="conference_page", include_in_schema=False)
async def conference_page(
    request: Request,
    session: ReadSession,
    channel_url: str,
    sub_url: str,
    token: Annotated[str | None, Query(max_length=2048)] = None,
) -> Response:
    if dialect_of_path(request.scope["path"]) is not None:
        # An API's unknown path: answered in that API's envelope (api/dialects.py).
        raise HTTPException(404)
    conference = await conference_at(session, channel_url, sub_url)
    settings = request.app.state.settings
    if token:
        ticket = await read_ticket(session, settings.secret_key, token)
        if ticket.conference_id != conference.id:
            raise TicketRefused("this link is for another webinar")
        fresh = issue_ticket(
            settings.secret_key,
            ticket.account_id,
            ticket.conference_id,
            ticket.knock,
            lifetime_seconds=settings.room_ticket_seconds,
            exit_url=ticket.exit_url,
        )
        return room_page(request, conference, fresh)
    return nothing_here_yet()
