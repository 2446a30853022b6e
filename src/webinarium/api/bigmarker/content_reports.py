"""BigMarker's reports on a conference's content: poll and offer transcripts and
the attendance monitor's events ("Webinar Reporting"), survey answers and
handout downloads ("Manage Conferences"). The rows come from `reports.content`;
this module gives them the document's names, shapes and times.

Every list can be had as CSV (``?format=csv``, an addition; `report_lists`):
one row per item of the deepest list (a poll's response, an offer's click, a
survey's response), with its parents' fields before its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from webinarium.api.bigmarker.auth import ReadAccount
from webinarium.api.bigmarker.common import (
    RequestParams,
    page_request,
    paging,
    time_filter,
    time_filter_param,
)
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.bigmarker.report_lists import FORMAT, csv_response, report_list, wants_csv
from webinarium.api.deps import ReadSession
from webinarium.api.reads import reads
from webinarium.kit.pagination import Page
from webinarium.kit.time import iso_on_clock
from webinarium.reports import content as reports

# Retrieve Attendance Monitor Events: its example's page size.
MONITOR_PER_PAGE = 200

router = APIRouter(route_class=BigMarkerRoute)
# Where an offer was clicked: in the live room (there are no on-demand
# recordings yet to click one in).
LIVE_WEBINAR = "Live Webinar"
# Our survey's kinds in the document's words ("start_rating" as its example
# writes it), and how many answers each takes (one, for all of ours).
ANSWER_TYPES = {"rating": "start_rating", "single": "multiple_choice", "text": "text"}
CHOICE_TYPE = "single"

POLL_RESPONSE_COLUMNS = ("fist_name", "last_name", "bmid", "email", "choice", "time", "first_name")
OFFER_CLICK_COLUMNS = (
    "full_name",
    "first_name",
    "last_name",
    "bmid",
    "email",
    "source",
    "time",
)
MONITOR_COLUMNS = ("bmid", "email", "first_name", "last_name", "activity_type", "time")
SURVEY_COLUMNS = ("question_title", "answer_type", "choice_type", "review_response")
REVIEW_COLUMNS = ("created_at", "email", "name")
HANDOUT_COLUMNS = ("Id", "email", "download", "member_name", "handout_name")


@router.get(
    "/reporting/conferences/poll_transcript/{conference_id}",
    name="reporting_poll_transcript",
    response_model=None,
    tags=["BigMarker: Webinar Reporting"],
)
@reads(FORMAT)
async def poll_transcript(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    """The polls opened in the room, each attendee's answer to each. A response
    has the document's ``fist_name`` (sic) and ``first_name`` (an addition)."""
    transcript = await reports.poll_transcript(session, account, conference_id)
    conference = transcript.conference
    polls = [
        {
            "id": poll.id,
            "question": poll.question,
            "poll_responses": [
                {
                    "fist_name": response.who.first_name,
                    "last_name": response.who.last_name,
                    "bmid": response.who.person_id or "",
                    "email": response.who.email,
                    "choice": " ".join(response.choices),
                    "time": iso_on_clock(response.at, conference.time_zone),
                    "first_name": response.who.first_name,
                }
                for response in poll.responses
            ],
        }
        for poll in transcript.polls
    ]
    if wants_csv(params):
        return csv_response(
            _flattened(polls, "poll_responses"),
            ("id", "question", *POLL_RESPONSE_COLUMNS),
            f"poll_transcript_{conference.id}",
        )
    # Plain JSON values, sent as built: FastAPI's jsonable_encoder walking a
    # webinar's tens of thousands of responses took over half the report's
    # time (bench/reports.py).
    return JSONResponse(
        {
            "poll_count": len(transcript.polls),
            "poll_response_rate": transcript.response_rate,
            "polls": polls,
        }
    )


@router.get(
    "/reporting/conferences/offer_transcript/{conference_id}",
    name="reporting_offer_transcript",
    response_model=None,
    tags=["BigMarker: Webinar Reporting"],
)
@reads(FORMAT)
async def offer_transcript(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    """The offers shown in the room (``cta_pop_up_count``), how many of them
    attendees clicked and the rate, and each attendee's clicks."""
    transcript = await reports.offer_transcript(session, account, conference_id)
    conference = transcript.conference
    offers = [
        {
            "id": offer.id,
            "offer_name": offer.title,
            "offer_data": [
                {
                    "full_name": click.who.name,
                    "first_name": click.who.first_name,
                    "last_name": click.who.last_name,
                    "bmid": click.who.person_id or "",
                    "email": click.who.email,
                    "source": LIVE_WEBINAR,
                    "time": iso_on_clock(click.at, conference.time_zone),
                }
                for click in offer.clicks
            ],
        }
        for offer in transcript.offers
    ]
    if wants_csv(params):
        return csv_response(
            _flattened(offers, "offer_data"),
            ("id", "offer_name", *OFFER_CLICK_COLUMNS),
            f"offer_transcript_{conference.id}",
        )
    return {
        "cta_pop_up_count": len(transcript.offers),
        "cta_pop_up_clicked_count": transcript.clicked_count,
        "cta_pop_up_clicked_rate": transcript.clicked_rate,
        "offers": offers,
    }


@router.get(
    "/reporting/conferences/attendance_monitor_data/{conference_id}",
    name="reporting_attendance_monitor_data",
    response_model=None,
    tags=["BigMarker: Webinar Reporting"],
)
@reads(*paging(MONITOR_PER_PAGE, "current_page"), FORMAT)
async def attendance_monitor_data(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    """Each attendance monitor pop-up shown to an attendee (ShowPopUp) and each
    answered (ClickPopUp), in time order, paged with ``current_page``."""
    request = page_request(params, MONITOR_PER_PAGE, "current_page")
    conference, page = await reports.attendance_monitor(session, account, conference_id, request)
    rows: list[Mapping[str, Any]] = [
        {
            "bmid": activity.who.person_id or "",
            "email": activity.who.email,
            "first_name": activity.who.first_name,
            "last_name": activity.who.last_name,
            "activity_type": activity.activity_type,
            "time": iso_on_clock(activity.at, conference.time_zone),
        }
        for activity in page.items
    ]
    return report_list(
        params,
        Page(rows, page.request, page.total),
        list_key="activities",
        columns=MONITOR_COLUMNS,
        file_name=f"attendance_monitor_data_{conference.id}",
    )


@router.get(
    "/conferences/survey/{conference_id}",
    name="conferences_survey",
    response_model=None,
    tags=["BigMarker: Manage Conferences"],
)
@reads(time_filter_param("created_since", "answers given at or after"), FORMAT)
async def survey(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, list[dict[str, Any]]] | Response:
    """Every question of the survey, in the document's shape, with its answers,
    under ``survey`` (the document's example shows one question; the export
    clients read the questions at ``$.survey[*]``)."""
    since = time_filter(params, "created_since")
    conference, questions = await reports.survey(session, account, conference_id, since)
    body: list[dict[str, Any]] = [
        {
            "question_title": report.question.text,
            "answer_type": ANSWER_TYPES.get(report.question.kind, report.question.kind),
            "choice_type": CHOICE_TYPE,
            "responses": [
                {
                    "review_response": response.value,
                    "review": {
                        "created_at": iso_on_clock(response.at, conference.time_zone),
                        "email": response.email,
                        "name": response.name,
                    },
                }
                for response in report.responses
            ],
        }
        for report in questions
    ]
    if wants_csv(params):
        rows = [
            {**question, "review_response": response["review_response"], **response["review"]}
            for question in body
            for response in question["responses"]
        ]
        return csv_response(rows, (*SURVEY_COLUMNS, *REVIEW_COLUMNS), f"survey_{conference.id}")
    return {"survey": body}


@router.get(
    "/conferences/handout_download_data/{conference_id}",
    name="conferences_handout_download_data",
    response_model=None,
    tags=["BigMarker: Manage Conferences"],
)
@reads(FORMAT)
async def handout_download_data(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> list[dict[str, Any]] | Response:
    """Per handout and attendee who downloaded it, the count: a list of the
    document's objects (its example shows one)."""
    rows = [
        {
            "Id": row.handout_id,
            "email": row.email,
            "download": row.downloads,
            "member_name": row.name,
            "handout_name": row.handout_title,
        }
        for row in await reports.handout_downloads(session, account, conference_id)
    ]
    if wants_csv(params):
        return csv_response(rows, HANDOUT_COLUMNS, f"handout_download_data_{conference_id}")
    return rows


def _flattened(parents: Sequence[Mapping[str, Any]], list_key: str) -> list[dict[str, Any]]:
    """One row per item of each parent's ``list_key``, the parent's other
    fields first."""
    return [
        {**{k: v for k, v in parent.items() if k != list_key}, **item}
        for parent in parents
        for item in parent[list_key]
    ]
