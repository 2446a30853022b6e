"""Into the room from a page: every way in (a personal link, an invitation, the
landing page's form) ends here with who knocks. Admission
(`access.admission.admit`) decides; the page is the room page with a fresh
short-lived ticket for that knock, or, too early, a page saying when the room
opens. Other refusals are the clear pages of `templating.PageRoute`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock, admit
from webinarium.access.errors import RoomNotOpen
from webinarium.conferences.schemas import settings_of
from webinarium.models import Account, Conference
from webinarium.pages.i18n import remember_language
from webinarium.pages.room import room_page
from webinarium.pages.templating import keep_private, render
from webinarium.pages.times import shown_time
from webinarium.room.tickets import issue_ticket


async def enter_room(
    request: Request,
    session: AsyncSession,
    account: Account,
    conference: Conference,
    knock: Knock,
    *,
    exit_url: str | None = None,
    personal_link: str | None = None,
) -> HTMLResponse:
    """The room page for ``knock``, or the page saying when the room opens
    (showing ``personal_link``, the address to come back to, when given); a
    refusal is a page in the webinar's language, as the registration page."""
    language = remember_language(request, settings_of(conference).display_language)
    try:
        await admit(session, account, conference, knock)
    except RoomNotOpen as error:
        opens_at = conference.start_at - timedelta(minutes=error.minutes)
        return not_open_page(request, conference, opens_at, personal_link, language)
    settings = request.app.state.settings
    ticket = issue_ticket(
        settings.secret_key,
        account.id,
        conference.id,
        knock,
        lifetime_seconds=settings.room_ticket_seconds,
        exit_url=exit_url,
    )
    return room_page(request, conference, ticket)


def this_link(request: Request) -> str:
    """The address the visitor opened, under the server's public URL (as the
    APIs hand links out), to show as the link to come back with."""
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{request.app.state.settings.base_url}{request.url.path}{query}"


def not_open_page(
    request: Request,
    conference: Conference,
    opens_at: datetime,
    personal_link: str | None,
    language: str,
) -> HTMLResponse:
    """Too early: when the room opens (the page reloads itself then)."""
    # It may show a personal link.
    return keep_private(
        render(
            request,
            "not_open.html",
            {
                "lang": language,
                "conference": conference,
                "opens_at": shown_time(opens_at, conference.time_zone, language),
                "starts_at": shown_time(conference.start_at, conference.time_zone, language),
                "personal_link": personal_link,
            },
        )
    )
