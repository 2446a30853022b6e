"""Downloads behind signed, expiring links, opened without an API key:
``GET /reports/stats/<conference id>/<token>.csv`` (the statistics report of
BigMarker's Download Statistics Report, `reports.stats`) and the same report
as a readable page, ``….html``.

A refused link (expired, altered, for another conference, its admin gone) is
a page saying so, 403; nothing of the report is shown."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from webinarium.api.bigmarker.attendance_reports import ATTENDEE_FIELDS, attendee
from webinarium.api.bigmarker.report_lists import csv_response
from webinarium.api.deps import ReadSession
from webinarium.kit.signed_links import LinkRefused
from webinarium.kit.time import wall_clock
from webinarium.pages.templating import PageRoute, keep_private, message_page, render
from webinarium.reports import stats
from webinarium.reports.stats import StatsReport

router = APIRouter(route_class=PageRoute)


async def _report(
    request: Request, session: ReadSession, conference_id: str, token: str
) -> StatsReport | Response:
    try:
        return await stats.report_for_link(
            session, conference_id, token, secret_key=request.app.state.settings.secret_key
        )
    except LinkRefused as refused:
        return keep_private(
            message_page(request, "This report link does not work", refused.message, status=403)
        )


@router.get("/reports/stats/{conference_id}/{token}.csv", name="stats_report_csv")
async def stats_report_csv(
    conference_id: str, token: str, request: Request, session: ReadSession
) -> Response:
    """One row per attendee, the columns of Show Conference Attendees."""
    report = await _report(request, session, conference_id, token)
    if isinstance(report, Response):
        return report
    rows = [attendee(row) for row in report.attendees]
    return keep_private(csv_response(rows, ATTENDEE_FIELDS, f"statistics-{conference_id}"))


@router.get("/reports/stats/{conference_id}/{token}.html", name="stats_report_html")
async def stats_report_html(
    conference_id: str, token: str, request: Request, session: ReadSession
) -> Response:
    """The same report as a page: the webinar's figures, then the attendees."""
    report = await _report(request, session, conference_id, token)
    if isinstance(report, Response):
        return report
    conference = report.conference
    context = {
        "conference": conference,
        "starts": wall_clock(conference.start_at, conference.time_zone),
        "registrants": report.registrants,
        "attendees": report.summary.attendees,
        "live_minutes": round(report.summary.live_seconds / 60),
        "columns": ATTENDEE_FIELDS,
        "rows": [attendee(row) for row in report.attendees],
    }
    return keep_private(render(request, "stats_report.html", context))
