"""``GET /<channel>/<conference>/recording``: the conference's published
recording, watched on demand (BigMarker ``recording_url``). A plain <video> of
the MP4 in the file store (served with Range requests by api/files.py). Who may
watch is `recordings.on_demand.watch`'s rule; they enter with the links the
room takes: ``?token=`` (a registrant's enter link), ``?host=``, ``?presenter=``.
An unpublished recording is the clear 410 page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from webinarium.access.admission import Knock
from webinarium.accounts.service import get_account
from webinarium.api.deps import Session
from webinarium.files.store import URL_PREFIX
from webinarium.pages.links import ANOTHER_WEBINAR, Token, page_conference, staff_knock
from webinarium.pages.templating import PageRoute, keep_private, render
from webinarium.recordings.on_demand import watch
from webinarium.recordings.service import ON_DEMAND_PATH
from webinarium.room.tickets import TicketRefused, read_ticket

router = APIRouter(route_class=PageRoute)


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
    recording = await watch(session, account, conference, knock)
    context = {
        "title": conference.title,
        "video_url": f"{URL_PREFIX}/{recording.file_id}",
        "duration_seconds": recording.duration_seconds,
    }
    return keep_private(render(request, "recording.html", context))
