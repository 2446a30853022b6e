"""``GET /<channel>/<conference>/recording``: the conference's published
recording, watched on demand (BigMarker ``recording_url``). A plain <video> of
the MP4 in the file store (served with Range requests by api/files.py). Who may
watch is `recordings.on_demand.watch`'s rule; they enter with the links the
room takes: ``?token=`` (a registrant's enter link), ``?host=``, ``?presenter=``.
An unpublished recording is the clear 410 page; one still being made, the
503 page "being prepared" (with Retry-After).

While the video plays, the page's script reports how long it has played to
``POST …/recording/watched`` (every `REPORT_SECONDS`, and with a beacon when the
page goes): form fields ``view`` (the signed token of the view the page
counted, `on_demand.view_token`) and ``seconds``, with the page's own link in
the query. It only ever raises that viewer's own view's watched seconds
(`on_demand.report_watched`), so a forged post can do no more; 204.

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
from webinarium.api.limits import read_form
from webinarium.conferences.service import list_custom_fields
from webinarium.files.store import URL_PREFIX
from webinarium.kit.errors import InvalidInput
from webinarium.models import Account, Conference
from webinarium.pages.landing import (
    conference_page_language,
    form_inputs,
    form_refusal,
    join_from_page,
    sent_form,
)
from webinarium.pages.links import ANOTHER_WEBINAR, Token, page_conference, staff_knock
from webinarium.pages.templating import FORM_PAGE, PageRoute, keep_private, render, status_of
from webinarium.recordings.errors import RecordingProcessing, RegistrationRequired
from webinarium.recordings.on_demand import (
    Watching,
    ensure_registering_leads_to_watching,
    report_watched,
    view_token,
    watch,
)
from webinarium.recordings.service import ON_DEMAND_PATH
from webinarium.registrations.service import enter_token
from webinarium.room.tickets import TicketRefused, read_ticket

router = APIRouter(route_class=PageRoute)

# How often the playing page reports its watched time (and once more as it goes).
REPORT_SECONDS = 15
# A page "being prepared" asks to be loaded again after this long: a short
# webinar's MP4 takes a few seconds.
PREPARING_RETRY_SECONDS = 30
# The longest number a report's ``seconds`` may be written with.
_SECONDS_DIGITS = 9


def _watching(request: Request, conference: Conference, watching: Watching) -> Response:
    recording = watching.recording
    view = watching.view
    context = {
        "lang": conference_page_language(request, conference),
        "title": conference.title,
        "video_url": f"{URL_PREFIX}/{recording.file_id}",
        "duration_seconds": recording.duration_seconds,
        "view_token": None
        if view is None
        else view_token(request.app.state.settings.secret_key, view, request.app.state.clock.now()),
        "report_seconds": REPORT_SECONDS,
    }
    return keep_private(render(request, "recording.html", context))


def _preparing(request: Request, conference: Conference) -> Response:
    context = {"lang": conference_page_language(request, conference), "title": conference.title,
               "preparing": True}  # fmt: skip
    response = render(request, "recording.html", context, status=503)
    response.headers["Retry-After"] = str(PREPARING_RETRY_SECONDS)
    return keep_private(response)


async def _knock(
    request: Request,
    session: AsyncSession,
    conference: Conference,
    token: str | None,
    host: str | None,
    presenter: str | None,
) -> Knock | None:
    """Who the page's link says the viewer is (None: no link)."""
    secret_key = request.app.state.settings.secret_key
    if token:
        ticket = await read_ticket(session, secret_key, token)
        if ticket.conference_id != conference.id:
            raise TicketRefused(ANOTHER_WEBINAR)
        return ticket.knock
    return await staff_knock(session, secret_key, conference, host=host, presenter=presenter)


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
    knock = await _knock(request, session, conference, token, host, presenter)
    account = await get_account(session, conference.account_id)
    try:
        watching = await watch(session, account, conference, knock)
    except RegistrationRequired as error:
        context = await _form_context(request, session, account, conference)
        return render(request, "recording.html", context, status=status_of(error))
    except RecordingProcessing:
        return _preparing(request, conference)
    return _watching(request, conference, watching)


@router.post(ON_DEMAND_PATH + "/watched", name="recording_watched", include_in_schema=False)
async def recording_watched(
    request: Request,
    session: Session,
    channel_url: str,
    sub_url: str,
    token: Token = None,
    host: Token = None,
    presenter: Token = None,
) -> Response:
    """The playing page's report of how long it has played (see above)."""
    conference = await page_conference(request, session, channel_url, sub_url)
    knock = await _knock(request, session, conference, token, host, presenter)
    account = await get_account(session, conference.account_id)
    sent = await read_form(request)
    view, seconds = sent.get("view"), sent.get("seconds")
    if not isinstance(view, str) or not view.strip():
        raise InvalidInput("view: the token the page was given")
    if (
        not isinstance(seconds, str)
        or not seconds.isascii()
        or not seconds.isdigit()
        or len(seconds) > _SECONDS_DIGITS
    ):
        raise InvalidInput("seconds: a whole number of seconds, 0 or more")
    await report_watched(
        session,
        account,
        conference,
        knock,
        secret_key=request.app.state.settings.secret_key,
        token=view,
        seconds=int(seconds),
        now=request.app.state.clock.now(),
    )
    return keep_private(Response(status_code=204))


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
