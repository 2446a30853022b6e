"""``GET /<channel_url>``: a channel's public page — its name and description,
and its upcoming and live public webinars (privacy ``public``; a closed
webinar is for its participants only), each with its time and a link to its
registration page, 20 to a page (``?page=``), soonest first. Recurring and
evergreen webinars are listed by their sessions, which are the rooms.

Registered after every other route: a first path segment an app route takes
(``channels.service.RESERVED_URLS``) is never a channel, and an API's unknown
path is answered in that API's envelope. An unknown channel is the 404 page.
In the visitor's language (``Accept-Language``; `pages.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from webinarium.accounts.service import get_account
from webinarium.api.deps import ReadSession
from webinarium.api.dialects import dialect_of_path
from webinarium.channels.service import channel_at
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import ConferenceKind, ConferencePhase, ConferenceQuery
from webinarium.conferences.service import search_conferences
from webinarium.kit.pagination import PageRequest
from webinarium.kit.time import utcnow
from webinarium.pages.i18n import page_language
from webinarium.pages.templating import PageRoute, render
from webinarium.pages.times import ShownTime, shown_time

router = APIRouter(route_class=PageRoute)

PER_PAGE = 20
_LISTED = ConferenceQuery(
    kinds={ConferenceKind.WEBINAR, ConferenceKind.RECURRING_CHILD, ConferenceKind.EVERGREEN_CHILD},
    phases={ConferencePhase.UPCOMING, ConferencePhase.LIVE},
    privacy="public",
)


@dataclass(frozen=True)
class Listed:
    title: str
    starts_at: ShownTime
    duration_minutes: int
    live: bool
    address: str


@router.get("/{channel_url}", name="channel_page", include_in_schema=False)
async def channel_page(
    request: Request,
    session: ReadSession,
    channel_url: str,
    page: str = "1",
) -> Response:
    if dialect_of_path(request.scope["path"]) is not None:
        raise HTTPException(404)  # an API's unknown path, in its envelope (api/dialects.py)
    channel = await channel_at(session, channel_url)
    account = await get_account(session, channel.account_id)
    query = _LISTED.model_copy(update={"channel_id": channel.id})
    # A page number that is no number is the first page, not an error page.
    number = int(page) if page.isascii() and page.isdigit() and len(page) <= 10 else 1
    found = await search_conferences(session, account, query, PageRequest(number, PER_PAGE))
    language = page_language(request.headers.get("accept-language", ""))
    now = utcnow()
    webinars = [
        Listed(
            title=c.title,
            starts_at=shown_time(c.start_at, c.time_zone, language),
            duration_minutes=c.duration_minutes,
            live=lifecycle.phase_of(c, now) == ConferencePhase.LIVE,
            address=f"/{channel.url}/{c.sub_url}",
        )
        for c in found.items
    ]
    context = {
        "lang": language,
        "channel": channel,
        "webinars": webinars,
        "page": found.request.page,
        "total_pages": found.total_pages,
    }
    return render(request, "channel.html", context)
