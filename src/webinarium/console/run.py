"""A webinar's overview in the console, and "Run it": the organiser enters the
room as host in one click, and reads the go-live checklist (docs/console.md,
"Running a webinar").

The host link (`conferences.room.host_link`) is a secret: it is never shown
on a page, only answered as the 303 of a small POST, not kept by any cache
nor sent on as a referrer. The checklist is `live.checklist`'s, its JSON
read every 5 s by console-webinars.js (the page shows it as it was at load
without JavaScript).

"End webinar" (a confirm page, then a POST) ends a started webinar through
`live.finish`, the service the room's ``room.end`` command calls: the room
hears ``room.ended`` after the commit and everyone in it is shown out.

The overview's "Recording" panel shows the webinar's newest ready recording
(and, when a newer one is still processing or failed, says so, with why it
failed) and publishes or unpublishes it through `recordings.service`, as BigMarker's
publish_recording does: its on-demand page opens (or closes) for those the
webinar's settings let watch.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.api.deps import ReadSession, Session
from webinarium.conferences import service as conferences
from webinarium.conferences.lifecycle import has_started
from webinarium.conferences.room import host_link
from webinarium.conferences.schemas import ConferenceKind, ConferenceStatus, settings_of
from webinarium.console.auth import (
    Console,
    ConsoleContext,
    ConsoleForm,
    ReadConsole,
    console_router,
    recorded,
    render_console,
)
from webinarium.console.webinars import KIND_LABELS, WEBCAST_LABELS, status_label
from webinarium.content import service as content
from webinarium.kit.time import utcnow
from webinarium.live import service as live
from webinarium.live.checklist import GoLiveChecklist, go_live_checklist
from webinarium.media.sessions import MediaRelay
from webinarium.models import Account, Conference, Recording
from webinarium.pages.templating import keep_private
from webinarium.pages.times import shown_time
from webinarium.recordings import service as recordings
from webinarium.recordings.schemas import FAILED, READY
from webinarium.settings import Settings

router = console_router()

# How often the overview's script reads the checklist again.
CHECKLIST_SECONDS = 5


def _closed(conference: Conference) -> bool:
    return conference.status in (ConferenceStatus.ENDED, ConferenceStatus.CANCELLED)


def _may_end(conference: Conference) -> bool:
    """What `lifecycle.end` accepts: started (live, past its start, or its
    room entered by an organiser) and not over."""
    return not _closed(conference) and has_started(conference, utcnow())


async def _checklist(
    request: Request, session: AsyncSession, console: ConsoleContext, conference: Conference
) -> GoLiveChecklist:
    relay: MediaRelay = request.app.state.media
    # Janus is asked first, briefly (`MediaRelay.feeds_now` gives up after a
    # few seconds); the unit only reads.
    feeds = await relay.feeds_now(conference.id)
    return await go_live_checklist(
        session, console.account, conference, media_status=relay.status, feeds=feeds
    )


@router.get("/webinars/{conference_id}", name="console_webinar")
async def overview(
    conference_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    settings: Settings = request.app.state.settings
    details = await conferences.describe_one(
        session, console.account, conference, with_activity=True
    )
    handouts = await content.list_handouts(session, console.account, conference)
    checklist = await _checklist(request, session, console, conference)
    conference_settings = settings_of(conference)
    address = conferences.conference_address(settings.base_url, details)
    recording = (await recordings.latest_recordings(session, console.account, [conference.id])).get(
        conference.id
    )
    newest = await recordings.newest_recording(session, console.account, conference)
    if newest is not None and newest.status == READY:
        newest = None  # the ready one shown
    failure = (
        await recordings.failure_of(session, console.account, newest)
        if newest is not None and newest.status == FAILED
        else ""
    )
    return render_console(
        request,
        console,
        "console/webinar_overview.html",
        {
            "conference": conference,
            "kind": KIND_LABELS[ConferenceKind(conference.kind)],
            "status": status_label(conference, utcnow()),
            "starts_at": shown_time(conference.start_at, conference.time_zone),
            "ends_at": shown_time(conference.end_at, conference.time_zone),
            "address": address,
            "recording": recording,
            "newest_recording": newest,
            "recording_failure": failure,
            "on_demand": recordings.on_demand_address(address),
            "channel": details.channel,
            "activity": details.activity,
            "presenters": details.presenters,
            "handouts": handouts,
            "webcast_mode": WEBCAST_LABELS[conference_settings.webcast_mode],
            "auto_record": conference_settings.auto_record,
            "registration": conference_settings,
            "checklist": checklist,
            "checklist_seconds": CHECKLIST_SECONDS,
            "closed": _closed(conference),
            "may_end": _may_end(conference),
            "may_cancel": conference.status in (ConferenceStatus.SCHEDULED, ConferenceStatus.OPEN),
        },
    )


@router.get("/webinars/{conference_id}/checklist.json", name="console_webinar_checklist")
async def checklist_json(
    conference_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> JSONResponse:
    conference = await console.conference(session, conference_id)
    checklist = await _checklist(request, session, console, conference)
    response = JSONResponse(checklist.as_json())
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/webinars/{conference_id}/host", name="console_webinar_host")
async def enter_as_host(
    conference_id: str, request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    """To the room as the organiser: the host link, answered as a redirect so
    that it is never written on a page."""
    conference = await console.conference(session, conference_id)
    settings: Settings = request.app.state.settings
    # The room on this server, as the console is (a path: the same origin
    # whatever public URL the server is known by).
    path = await conferences.address_of(session, console.account, "", conference)
    link = await host_link(session, console.account, conference, path, settings.secret_key)
    await console.record(
        session,
        "webinar.host_entered",
        f"Entered the room of “{conference.title}” as host",
        subject_type="conference",
        subject_id=conference.id,
    )
    return keep_private(RedirectResponse(link, status_code=303))


@router.get("/webinars/{conference_id}/end", name="console_webinar_end_confirm")
async def confirm_end(
    conference_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    return render_console(
        request,
        console,
        "console/webinar_end.html",
        {"conference": conference, "may_end": _may_end(conference)},
    )


@router.post("/webinars/{conference_id}/end", name="console_webinar_end")
async def end_webinar(
    conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    """As the room's ``room.end``: `live.finish` refuses a webinar not started
    or over (shown as a page), else ends it and empties its room."""
    conference = await console.conference(session, conference_id)
    await live.finish(session, console.account, conference, by=console.actor)
    return await recorded(
        session,
        console,
        "webinar.ended",
        f"Ended “{conference.title}”",
        subject=("conference", conference.id),
        then=f"/console/webinars/{conference.id}",
        notice="Webinar ended: everyone in its room was shown out.",
    )


@dataclass(frozen=True)
class _RecordingChange:
    """A button of the overview's Recording panel: the service it calls, its
    audit action, the verb of the audit summary and the notice shown after."""

    apply: Callable[[AsyncSession, Account, Conference, datetime], Awaitable[Recording]]
    action: str
    verb: str
    notice: str


_RECORDING_CHANGES = {
    "publish": _RecordingChange(
        recordings.publish,
        "recording.published",
        "Published",
        "Recording published: its on-demand page is open.",
    ),
    "unpublish": _RecordingChange(
        recordings.unpublish,
        "recording.unpublished",
        "Unpublished",
        "Recording unpublished: its on-demand page no longer plays it.",
    ),
}


@router.post("/webinars/{conference_id}/recording/{change}", name="console_recording_change")
async def change_recording(
    conference_id: str,
    change: Literal["publish", "unpublish"],
    request: Request,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> Response:
    """Publishes or unpublishes the newest recording (refused as a page when
    there is none, or it is so already). The first publication mails the
    registrants whose follow-up went without it their link (`messaging.reactions`)."""
    conference = await console.conference(session, conference_id)
    chosen = _RECORDING_CHANGES[change]
    await chosen.apply(session, console.account, conference, request.app.state.clock.now())
    return await recorded(
        session,
        console,
        chosen.action,
        f"{chosen.verb} the recording of “{conference.title}”",
        subject=("conference", conference.id),
        then=f"/console/webinars/{conference.id}",
        notice=chosen.notice,
    )
