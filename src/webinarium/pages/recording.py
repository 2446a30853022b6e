"""``GET /<channel>/<conference>/recording``: the conference's published
recording, watched on demand (BigMarker ``recording_url``). A plain <video> of
the MP4 in the file store (served with Range requests by api/files.py). Who may
watch is `recordings.on_demand.watch`'s rule; they enter with the links the
room takes: ``?token=`` (a registrant's enter link), ``?host=``, ``?presenter=``.
An unpublished recording is the clear 410 page.

Where the conference asks viewers to register (`RegistrationRequired`), a
visitor without a link gets the registration form (401: nothing to watch
yet); ``POST`` registers them as the landing page does (`access.joining.join`,
also once the webinar is over) and sends a new registrant on with ``303`` to
this page with their enter token, the address to come back with; an address
already registered watches at once. In the webinar's language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock
from webinarium.accounts.service import get_account
from webinarium.api.deps import Session
from webinarium.conferences.service import list_custom_fields
from webinarium.files.store import URL_PREFIX
from webinarium.models import Account, Conference, Recording
from webinarium.pages.landing import (
    conference_page_language,
    form_inputs,
    form_refusal,
    join_from_page,
    sent_form,
)
from webinarium.pages.links import ANOTHER_WEBINAR, Token, page_conference, staff_knock
from webinarium.pages.templating import FORM_PAGE, PageRoute, keep_private, render, status_of
from webinarium.recordings.errors import RegistrationRequired
from webinarium.recordings.on_demand import ensure_registering_leads_to_watching, watch
from webinarium.recordings.service import ON_DEMAND_PATH
from webinarium.registrations.service import enter_token
from webinarium.room.tickets import TicketRefused, read_ticket

router = APIRouter(route_class=PageRoute)


def _watching(request: Request, conference: Conference, recording: Recording) -> Response:
    context = {
        "lang": conference_page_language(request, conference),
        "title": conference.title,
        "video_url": f"{URL_PREFIX}/{recording.file_id}",
        "duration_seconds": recording.duration_seconds,
    }
    return keep_private(render(request, "recording.html", context))


async def _form_context(
    request: Request, session: AsyncSession, account: Account, conference: Conference
) -> dict[str, Any]:
    fields = await list_custom_fields(session, account, conference.id)
    return {
        "lang": conference_page_language(request, conference),
        "title": conference.title,
        "inputs": form_inputs(conference, fields),
        "values": {},
        "problems": {},
        "form_error": None,
        "state": "open",
    }


@router.get(ON_DEMAND_PATH, name="recording_page", include_in_schema=False)
async def recording_page(
    request: Request,
    session: Session,
    channel_url: str,
    sub_url: str,
    token: Token = None,
    host: Token = None,
    presenter: Token = None,
) -> Response:
    conference = await page_conference(request, session, channel_url, sub_url)
    secret_key = request.app.state.settings.secret_key
    knock: Knock | None
    if token:
        ticket = await read_ticket(session, secret_key, token)
        if ticket.conference_id != conference.id:
            raise TicketRefused(ANOTHER_WEBINAR)
        knock = ticket.knock
    else:
        knock = await staff_knock(session, secret_key, conference, host=host, presenter=presenter)
    account = await get_account(session, conference.account_id)
    try:
        recording = await watch(session, account, conference, knock)
    except RegistrationRequired as error:
        context = await _form_context(request, session, account, conference)
        return render(request, "recording.html", context, status=status_of(error))
    return _watching(request, conference, recording)


@router.post(ON_DEMAND_PATH, name="recording_register", include_in_schema=False)
async def recording_register(
    request: Request, session: Session, channel_url: str, sub_url: str
) -> Response:
    """The on-demand page's registration form."""
    conference = await page_conference(request, session, channel_url, sub_url)
    account = await get_account(session, conference.account_id)
    # Only where registering is the way to watch: anything else is watch's refusal.
    await ensure_registering_leads_to_watching(session, account, conference)
    context = await _form_context(request, session, account, conference)
    context["values"], _ = await sent_form(request)
    setattr(request.state, FORM_PAGE, form_refusal(request, "recording.html", context))
    fields = await list_custom_fields(session, account, conference.id)
    joined = await join_from_page(
        request, session, account, conference, fields, to_watch_recording=True
    )
    if joined.created:
        token = enter_token(request.app.state.settings.secret_key, joined.registration)
        return keep_private(RedirectResponse(f"{request.url.path}?token={token}", status_code=303))
    knock = Knock("registration", joined.registration.id)
    return _watching(request, conference, await watch(session, account, conference, knock))
