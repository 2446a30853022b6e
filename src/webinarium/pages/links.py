"""``GET /<channel>/<conference>``: a conference's public address, and every
personal link built on it. Without a token it is the landing page
(`pages.landing`); a link's token says who knocks, and `pages.entry` lets
admission decide and hands the browser the room page with a fresh short-lived
room ticket (`room.tickets`); the socket asks admission again at every
connection.

- ``?token=`` — a registrant's enter link (BigMarker ``enter_url`` and
  ``conference_url``, a MyOwnConference participant's ``link``): their
  registration knocks; or BigMarker's ``enter_uri`` (a room ticket made by
  ``POST /api/v1/conferences/enter``): its knock.
- ``?host=`` — the organiser's link (MyOwnConference ``mainModeratorLink``):
  the ``host`` knock, a moderator.
- ``?presenter=`` — a presenter's signed link (BigMarker ``presenter_url``,
  MyOwnConference ``moderatorLink``): the ``presenter`` knock; admission makes
  one with moderator rights a moderator.

A token that is not valid, or is valid for another webinar, is refused with
the clear 401 page, as is an old unsigned ``?presenter=<id>``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock
from webinarium.accounts.service import get_account
from webinarium.api.deps import ReadSession, Session
from webinarium.api.dialects import dialect_of_path
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.room import conference_for_host_token
from webinarium.conferences.schemas import settings_of
from webinarium.conferences.service import conference_at
from webinarium.models import Conference
from webinarium.pages.entry import enter_room, this_link
from webinarium.pages.i18n import remember_language
from webinarium.pages.landing import join_page, landing_page
from webinarium.pages.templating import PageRoute
from webinarium.presenters.errors import PresenterNotFound
from webinarium.presenters.service import presenter_for_token
from webinarium.room.tickets import TicketRefused, read_ticket

router = APIRouter(route_class=PageRoute)

Token = Annotated[str | None, Query(max_length=2048)]
ANOTHER_WEBINAR = "this link is for another webinar"


async def page_conference(
    request: Request, session: AsyncSession, channel: str, sub: str
) -> Conference:
    """The conference whose address (or a page under it) ``/<channel>/<sub>``
    is; a refusal shown afterwards speaks its language (`i18n.remember_language`)."""
    if dialect_of_path(request.scope["path"]) is not None:
        # An API's unknown path: answered in that API's envelope (api/dialects.py).
        raise HTTPException(404)
    conference = await conference_at(session, channel, sub)
    remember_language(request, settings_of(conference).display_language)
    return conference


async def staff_knock(
    session: AsyncSession,
    secret_key: str,
    conference: Conference,
    *,
    host: str | None,
    presenter: str | None,
) -> Knock | None:
    """The knock of a staff link to ``conference``: the organiser's ``host``
    token or a presenter's signed ``presenter`` token (None without either); a
    token that is not valid, or is for another webinar, is `TicketRefused`."""
    if host:
        try:
            hosted = await conference_for_host_token(session, secret_key, host)
        except ConferenceNotFound as error:
            raise TicketRefused(error.message) from None
        if hosted.id != conference.id:
            raise TicketRefused(ANOTHER_WEBINAR)
        return Knock("host")
    if presenter:
        try:
            _, details = await presenter_for_token(session, secret_key, presenter)
        except PresenterNotFound as error:
            raise TicketRefused(error.message) from None
        if details.presenter.conference_id != conference.id:
            raise TicketRefused(ANOTHER_WEBINAR)
        return Knock("presenter", details.person.id)
    return None


@router.get("/{channel_url}/{sub_url}", name="conference_page", include_in_schema=False)
async def conference_page(
    request: Request,
    session: ReadSession,
    channel_url: str,
    sub_url: str,
    token: Token = None,
    host: Token = None,
    presenter: Token = None,
) -> Response:
    conference = await page_conference(request, session, channel_url, sub_url)
    secret_key = request.app.state.settings.secret_key
    exit_url = None
    if token:
        ticket = await read_ticket(session, secret_key, token)
        if ticket.conference_id != conference.id:
            raise TicketRefused(ANOTHER_WEBINAR)
        knock, exit_url = ticket.knock, ticket.exit_url
    else:
        staff = await staff_knock(session, secret_key, conference, host=host, presenter=presenter)
        if staff is None:
            return await landing_page(request, session, conference)
        knock = staff
    account = await get_account(session, conference.account_id)
    return await enter_room(
        request,
        session,
        account,
        conference,
        knock,
        exit_url=exit_url,
        personal_link=this_link(request),
    )


@router.post("/{channel_url}/{sub_url}", name="conference_join", include_in_schema=False)
async def conference_join(
    request: Request, session: Session, channel_url: str, sub_url: str
) -> Response:
    """The landing page's form (also MyOwnConference's join form)."""
    conference = await page_conference(request, session, channel_url, sub_url)
    return await join_page(request, session, conference)
