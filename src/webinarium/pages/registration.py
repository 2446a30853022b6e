"""A new registration's confirmation page and its calendar file, at private
addresses under the conference's that carry the registration's enter token
(the token of its personal link, ``registrations.service.enter_token``):

- ``GET /<channel>/<conference>/registered?token=`` — "You are registered":
  the join time (the visitor's zone by landing.js; the webinar's clock
  without JavaScript), the personal enter link to copy, "Add to calendar",
  and "Enter now" once admission would let them in. A registration waiting
  for the organiser's approval (``registration_approval``,
  `registrations.approval`) says so instead, with the start but no link,
  no "Enter now" and no calendar file (its link opens nothing yet: the
  approval's e-mail brings it); a denied one says it was not approved;
- ``GET /<channel>/<conference>/calendar.ics?token=`` — the webinar as an
  .ics event with that link: `messaging.compose.calendar_file`, the one the
  confirmation mail attaches; an approved registration's only.

Neither is cached nor sent on as a referrer (`keep_private`). A token that is
not valid, revoked (other than by a denial), or for another webinar is the
clear 401 page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock, admit
from webinarium.access.errors import AwaitingApproval, NotAdmitted
from webinarium.accounts.service import get_account
from webinarium.api.deps import ReadSession
from webinarium.conferences.service import page_address
from webinarium.kit.time import utcnow
from webinarium.messaging.compose import calendar_file
from webinarium.models import Conference, Registration
from webinarium.pages.landing import CONFIRMATION_SUFFIX, conference_page_language
from webinarium.pages.links import ANOTHER_WEBINAR, Token, page_conference
from webinarium.pages.templating import PageRoute, keep_private, render
from webinarium.pages.times import shown_time
from webinarium.registrations.errors import RegistrationNotFound
from webinarium.registrations.schemas import RegistrationApproval
from webinarium.registrations.service import enter_link, registration_for_enter_token
from webinarium.room.tickets import TicketRefused

router = APIRouter(route_class=PageRoute)

CALENDAR_SUFFIX = "/calendar.ics"


async def _registration(
    request: Request,
    session: AsyncSession,
    conference: Conference,
    token: str | None,
    *,
    denied_too: bool = False,
) -> Registration:
    """The registration in force whose enter token ``token`` is, for
    ``conference`` (or, with ``denied_too``, one the organiser denied)."""
    if not token:
        raise TicketRefused("this page is opened with the link of your registration")
    try:
        registration = await registration_for_enter_token(
            session, request.app.state.settings.secret_key, token, revoked_too=denied_too
        )
    except RegistrationNotFound as error:
        raise TicketRefused(error.message) from None
    if registration.conference_id != conference.id:
        raise TicketRefused(ANOTHER_WEBINAR)
    # A denial revokes the registration; any other withdrawal is a link no longer valid.
    if registration.revoked_at is not None and registration.approval != RegistrationApproval.DENIED:
        raise TicketRefused("this enter link is not valid")
    return registration


@router.get(
    "/{channel_url}/{sub_url}" + CONFIRMATION_SUFFIX,
    name="registration_confirmed",
    include_in_schema=False,
)
async def registration_confirmed(
    request: Request, session: ReadSession, channel_url: str, sub_url: str, token: Token = None
) -> Response:
    conference = await page_conference(request, session, channel_url, sub_url)
    registration = await _registration(request, session, conference, token, denied_too=True)
    account = await get_account(session, conference.account_id)
    try:
        await admit(session, account, conference, Knock("registration", registration.id))
        may_enter = True
    except NotAdmitted:  # too early, no longer, or not approved (the page says which)
        may_enter = False
    language = conference_page_language(request, conference)
    # Only an approved registration's link is given: the approval's e-mail brings a pending one's.
    approved = registration.approval == RegistrationApproval.APPROVED
    personal_link = (
        enter_link(
            request.app.state.settings.secret_key,
            page_address(request.app.state.settings.base_url, channel_url, conference),
            registration,
        )
        if approved
        else None
    )
    context = {
        "lang": language,
        "title": conference.title,
        "starts_at": shown_time(conference.start_at, conference.time_zone, language),
        "duration_minutes": conference.duration_minutes,
        "personal_link": personal_link,
        "calendar_url": f"/{channel_url}/{sub_url}{CALENDAR_SUFFIX}?token={token}",
        "enter_url": f"/{channel_url}/{sub_url}?token={token}",
        "may_enter": may_enter,
        "approval": registration.approval.value,
    }
    return keep_private(render(request, "registration_confirmed.html", context))


@router.get(
    "/{channel_url}/{sub_url}" + CALENDAR_SUFFIX,
    name="registration_calendar",
    include_in_schema=False,
)
async def registration_calendar(
    request: Request, session: ReadSession, channel_url: str, sub_url: str, token: Token = None
) -> Response:
    conference = await page_conference(request, session, channel_url, sub_url)
    registration = await _registration(request, session, conference, token)
    if registration.approval != RegistrationApproval.APPROVED:
        raise AwaitingApproval(
            "your registration is waiting for the organiser's approval:"
            " the e-mail of its approval brings the calendar file"
        )
    settings = request.app.state.settings
    link = enter_link(
        settings.secret_key, page_address(settings.base_url, channel_url, conference), registration
    )
    host = urlsplit(settings.base_url).hostname or "localhost"
    ics = calendar_file(conference, link, utcnow(), host)
    return keep_private(
        Response(
            ics,
            media_type="text/calendar; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="webinar.ics"'},
        )
    )
