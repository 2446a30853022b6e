"""BigMarker's attendance reports: Show Conference Attendees, the Webinar
Reporting lists of registrants, live attendees, no-shows, on-demand attendees
and entries and exits, the event summary, Download Statistics Report, Refresh
analytics report and Show dial in data.

The rows come from `reports.attendance` (what each field is computed from:
docs/bigmarker.md, "Attendance reports"); here they get the document's field
names, in the document's order, and its time and duration formats. Every list
is also a CSV file (``?format=csv``, an addition, `report_lists`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from fastapi import APIRouter, Request, Response

from webinarium.api.bigmarker.auth import ReadAccount
from webinarium.api.bigmarker.common import (
    RequestParams,
    base_url,
    page_request,
    paging,
    secret_key,
)
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.bigmarker.report_lists import FORMAT, report_list
from webinarium.api.deps import ReadSession
from webinarium.api.reads import Param, reads
from webinarium.conferences.service import get_conference
from webinarium.kit.pagination import Page
from webinarium.kit.time import iso_on_clock, iso_utc, wall_clock
from webinarium.recordings import service as recordings
from webinarium.recordings.schemas import Watched
from webinarium.reports import attendance, stats
from webinarium.reports.attendance import AttendeeRow, HandoutUse, StayMove

router = APIRouter(route_class=BigMarkerRoute)
# One tag per section of the document.
REPORTING: list[str | Enum] = ["BigMarker: Webinar Reporting"]
CONFERENCES: list[str | Enum] = ["BigMarker: Manage Conferences"]

# The document's default for Show Conference Attendees; the reporting lists
# document none, and get the same.
DEFAULT_PER_PAGE = 500
# Show Live Attendee Entry and Exit Times: its example's page size.
ENTER_EXIT_PER_PAGE = 200


# Times. Show Conference Attendees prints no example: UTC, as the section's
# registrant lists do. The reporting lists: the conference's wall clock, as
# their examples ("2022-03-21T11:25:30") beside "time_zone". Entries and
# exits: the wall clock with its offset ("2024-11-21T13:53:57+08:00").


def _utc(moment: datetime | None) -> str | None:
    return None if moment is None else iso_utc(moment)


def _wall(moment: datetime | None, time_zone: str) -> str | None:
    return None if moment is None else wall_clock(moment, time_zone, seconds=True).replace(" ", "T")


def _minutes(seconds: int) -> str:
    """A duration as the reporting examples write one: "62.9 min"."""
    return f"{seconds / 60:.1f} min"


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _uses(uses: list[HandoutUse], verb: str) -> list[dict[str, Any]]:
    return [{"handout_name": use.title, f"{verb}_at": _utc(use.at)} for use in uses]


ATTENDEE_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "entered_at",
    "leaved_at",
    "total_duration",
    "engaged_duration",
    "chats_count",
    "qas_count",
    "polls_count",
    "polls",
    "questions",
    "handouts",
    "view_handout",
    "download_handout",
    "browser_name",
    "browser_version",
    "device_name",
)


def attendee(row: AttendeeRow) -> dict[str, Any]:
    """A row of Show Conference Attendees (durations: seconds, as text)."""
    done = row.attendance
    return {
        "email": row.person.email,
        "first_name": row.person.first_name,
        "last_name": row.person.last_name,
        "entered_at": _utc(done.entered_at),
        "leaved_at": _utc(done.left_at),
        "total_duration": str(done.seconds),
        "engaged_duration": str(done.engaged_seconds),
        "chats_count": done.chats,
        "qas_count": len(done.questions),
        "polls_count": done.polls_answered,
        "polls": [{"question": p.question, "answer": p.answer} for p in done.polls],
        "questions": done.questions,
        "handouts": done.downloaded_titles,
        "view_handout": _uses(done.views, "viewed"),
        "download_handout": _uses(done.downloads, "downloaded"),
        "browser_name": done.device.browser,
        "browser_version": done.device.browser_version,
        "device_name": done.device.device,
    }


REGISTRANT_FIELDS = (
    "id",
    "email",
    "first_name",
    "last_name",
    "BMID",
    "coupon",
    "registration_date",
    "country",
    "time_zone",
    "active_consent",
    "traffic_source",
    "referral_domain",
    "tracking_code",
    "attended?",
    "watched_on_demand",
    "on_demand_duration",
    "duration",
    "engaged",
    "chats",
    "qa",
    "polls",
    "polls_info",
    "rating",
    "comment",
    "banned",
    "custom_fields",
    "recording_duration",
)
# Show Conference Registrations has live_duration too (its table, not its example).
REGISTRATION_FIELDS = (*REGISTRANT_FIELDS, "live_duration")
LIVE_ATTENDEE_FIELDS = (
    *REGISTRANT_FIELDS,
    "enter_time",
    "exit_time",
    "OS",
    "browser",
    "downloaded",
    "handout_name",
    "live_duration",
)
ON_DEMAND_FIELDS = (
    *(f for f in REGISTRANT_FIELDS if f not in {"watched_on_demand", "on_demand_duration"}),
    "enter_time",
    "exit_time",
    "OS",
    "browser",
    "downloaded",
    "handout_name",
    "watched",
    "view_start_time",
    "live_duration",
)


def registrant(row: AttendeeRow, time_zone: str, watched: Mapping[str, Watched]) -> dict[str, Any]:
    """A row of the reporting lists (their shared fields, then the live
    attendees' own, then the on-demand ones from ``watched``: what each person
    watched of the recording). No coupon, consent, rating or comment is kept:
    empty."""
    done = row.attendance
    registration = row.registration
    seen = watched.get(row.person.id)
    return {
        # An attendee who entered without registering has no registration id:
        # their person id stands in.
        "id": registration.id if registration is not None else row.person.id,
        "email": row.person.email,
        "first_name": row.person.first_name,
        "last_name": row.person.last_name,
        "BMID": row.person.id,
        "coupon": "",
        "registration_date": _wall(registration.registered_at, time_zone)
        if registration is not None
        else None,
        "country": row.country,
        "time_zone": time_zone,
        "active_consent": "",
        "traffic_source": (registration.source if registration is not None else None) or "",
        "referral_domain": (registration.referral_domain if registration else None) or "",
        "tracking_code": (registration.tracking_code if registration is not None else None) or "",
        "attended?": _yes(done.attended),
        "watched_on_demand": _yes(seen is not None),
        "on_demand_duration": _minutes(0 if seen is None else seen.seconds),
        "duration": _minutes(done.seconds),
        "engaged": _minutes(done.engaged_seconds),
        "chats": done.chats,
        "qa": len(done.questions),
        "polls": done.polls_answered,
        "polls_info": [{"question": p.question, "answer": p.answer} for p in done.polls],
        "rating": None,
        "comment": None,
        "banned": _yes(row.banned),
        "custom_fields": row.custom_fields,
        "recording_duration": _minutes(0 if seen is None else seen.seconds),
        "enter_time": _wall(done.entered_at, time_zone),
        "exit_time": _wall(done.left_at, time_zone),
        "OS": done.device.os,
        "browser": done.device.browser,
        "downloaded": len(done.downloads),
        "handout_name": done.downloaded_titles,
        "live_duration": _minutes(done.seconds),
        "watched": _yes(seen is not None),
        "view_start_time": None if seen is None else _wall(seen.first_at, time_zone),
    }


def on_demand_attendee(
    row: AttendeeRow, time_zone: str, watched: Mapping[str, Watched]
) -> dict[str, Any]:
    """A row of the on-demand attendees report (and the on-demand viewer hook's body)."""
    full = registrant(row, time_zone, watched)
    return {name: full[name] for name in ON_DEMAND_FIELDS}


def _rows(
    page: Page[AttendeeRow],
    time_zone: str,
    fields: tuple[str, ...],
    watched: Mapping[str, Watched],
) -> Page[Mapping[str, Any]]:
    rows: list[Mapping[str, Any]] = []
    for row in page.items:
        full = registrant(row, time_zone, watched)
        rows.append({name: full[name] for name in fields})
    return Page(rows, page.request, page.total)


@router.get(
    "/conferences/{conference_id}/attendees",
    name="conferences_attendees",
    tags=CONFERENCES,
    response_model=None,
)
@reads(*paging(DEFAULT_PER_PAGE, "current_page"), FORMAT)
async def conference_attendees(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    """The attendees of a conference not live (404 while it is)."""
    conference = await attendance.settled_conference(session, account, conference_id)
    request = page_request(params, DEFAULT_PER_PAGE, "current_page")
    page = await attendance.attendees(session, account, conference, request)
    rows: Page[Mapping[str, Any]] = Page([attendee(row) for row in page.items], request, page.total)
    return report_list(
        params,
        rows,
        list_key="attendees",
        columns=ATTENDEE_FIELDS,
        paging={
            "per_page": request.per_page,
            "current_page": request.page,
            "total_entries": page.total,
        },
        file_name=f"attendees-{conference.id}",
    )


@router.get(
    "/reporting/conferences/registrations/{conference_id}",
    name="reporting_registrations",
    tags=REPORTING,
    response_model=None,
)
@reads(
    *paging(DEFAULT_PER_PAGE, "current_page"),
    Param("watched_on_demand", bool, description="only who watched the recording on demand"),
    Param("attended_live", bool, description="only who attended live"),
    FORMAT,
)
async def reporting_registrations(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    conference = await get_conference(session, account, conference_id)
    request = page_request(params, DEFAULT_PER_PAGE, "current_page")
    if params.boolean("watched_on_demand"):
        page, watched = await attendance.on_demand_viewers(session, account, conference, request)
    else:
        watched = await recordings.watched_by_person(session, account, conference)
        attended = True if params.boolean("attended_live") else None
        page = await attendance.registrants(
            session, account, conference, request, attended=attended
        )
    return report_list(
        params,
        _rows(page, conference.time_zone, REGISTRATION_FIELDS, watched),
        list_key="registrations",
        columns=REGISTRATION_FIELDS,
        paging={},
        file_name=f"registrations-{conference.id}",
    )


@router.get(
    "/reporting/conferences/live_attendees/{conference_id}",
    name="reporting_live_attendees",
    tags=REPORTING,
    response_model=None,
)
@reads(*paging(DEFAULT_PER_PAGE, "current_page"), FORMAT)
async def reporting_live_attendees(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    conference = await get_conference(session, account, conference_id)
    request = page_request(params, DEFAULT_PER_PAGE, "current_page")
    page = await attendance.attendees(session, account, conference, request)
    watched = await recordings.watched_by_person(session, account, conference)
    return report_list(
        params,
        _rows(page, conference.time_zone, LIVE_ATTENDEE_FIELDS, watched),
        list_key="attendees",
        columns=LIVE_ATTENDEE_FIELDS,
        paging={},
        file_name=f"live-attendees-{conference.id}",
    )


@router.get(
    "/reporting/conferences/no_shows/{conference_id}",
    name="reporting_no_shows",
    tags=REPORTING,
    response_model=None,
)
@reads(*paging(DEFAULT_PER_PAGE, "current_page"), FORMAT)
async def reporting_no_shows(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    conference = await get_conference(session, account, conference_id)
    request = page_request(params, DEFAULT_PER_PAGE, "current_page")
    page = await attendance.registrants(session, account, conference, request, attended=False)
    watched = await recordings.watched_by_person(session, account, conference)
    return report_list(
        params,
        _rows(page, conference.time_zone, REGISTRANT_FIELDS, watched),
        list_key="registrations",
        columns=REGISTRANT_FIELDS,
        paging={},
        file_name=f"no-shows-{conference.id}",
    )


@router.get(
    "/reporting/conferences/on_demand_attendees/{conference_id}",
    name="reporting_on_demand_attendees",
    tags=REPORTING,
    response_model=None,
)
@reads(*paging(DEFAULT_PER_PAGE, "current_page"), FORMAT)
async def reporting_on_demand_attendees(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    """Who watched the recording on demand (the page of docs/recordings.md),
    in the order they first watched; the live fields are their live attendance."""
    conference = await get_conference(session, account, conference_id)
    request = page_request(params, DEFAULT_PER_PAGE, "current_page")
    page, watched = await attendance.on_demand_viewers(session, account, conference, request)
    return report_list(
        params,
        _rows(page, conference.time_zone, ON_DEMAND_FIELDS, watched),
        list_key="attendees",
        columns=ON_DEMAND_FIELDS,
        paging={},
        file_name=f"on-demand-attendees-{conference.id}",
    )


ENTER_EXIT_FIELDS = ("bmid", "email", "first_name", "last_name", "activity_type", "time")


def _move(move: StayMove, time_zone: str) -> dict[str, Any]:
    return {
        "bmid": move.person.id,
        "email": move.person.email,
        "first_name": move.person.first_name,
        "last_name": move.person.last_name,
        "activity_type": move.kind,
        "time": iso_on_clock(move.at, time_zone),
    }


@router.get(
    "/reporting/conferences/enter_exit_log/{conference_id}",
    name="reporting_enter_exit_log",
    tags=REPORTING,
    response_model=None,
)
@reads(*paging(ENTER_EXIT_PER_PAGE, "current_page"), FORMAT)
async def reporting_enter_exit_log(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    conference = await get_conference(session, account, conference_id)
    request = page_request(params, ENTER_EXIT_PER_PAGE, "current_page")
    page = await attendance.enter_exit_log(session, account, conference, request)
    rows: Page[Mapping[str, Any]] = Page(
        [_move(m, conference.time_zone) for m in page.items], request, page.total
    )
    return report_list(
        params,
        rows,
        list_key="activities",
        columns=ENTER_EXIT_FIELDS,
        file_name=f"enter-exit-log-{conference.id}",
    )


@router.get(
    "/reporting/conferences/event_summary/{conference_id}",
    name="reporting_event_summary",
    tags=REPORTING,
)
@reads()
async def reporting_event_summary(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    """The attendees' time in the room, added up, in whole minutes (rounded)."""
    conference = await get_conference(session, account, conference_id)
    summary = await attendance.summary(session, account, conference)
    return {"total_live_minutes_watched": round(summary.live_seconds / 60)}


@router.get(
    "/conferences/refresh_analytics_report/{conference_id}",
    name="conferences_refresh_analytics_report",
    tags=CONFERENCES,
)
@reads()
async def refresh_analytics_report(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    """Every report is computed when asked, from what the room stored: there is
    no stored aggregate to recompute. The document's answer, for a conference
    of the account."""
    await get_conference(session, account, conference_id)
    return {"status": "creating"}


@router.get(
    "/conferences/dial_in_list/{conference_id}", name="conferences_dial_in_list", tags=CONFERENCES
)
@reads()
async def dial_in_list(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> list[dict[str, Any]]:
    """No telephone bridge exists, so nobody dialled in: an empty list (of
    the document's records: number_called, first_name, last_name, email, bmid,
    called_start_time, called_duration, role)."""
    await get_conference(session, account, conference_id)
    return []


@router.get("/conferences/{conference_id}/stats", name="conferences_stats", tags=CONFERENCES)
@reads(Param("bmid", required=True, description="a channel admin's bmid: who may download"))
async def conference_stats(
    conference_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, Any]:
    """A signed link (an hour) to the statistics report, for an admin of the
    conference's channel; the link needs no API key (`api.report_downloads`)."""
    conference, token = await stats.stats_link_token(
        session, account, conference_id, params.required("bmid"), secret_key=secret_key(request)
    )
    return {
        "report_url": f"{base_url(request).rstrip('/')}/reports/stats/{conference.id}/{token}.csv"
    }
