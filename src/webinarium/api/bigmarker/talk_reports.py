"""BigMarker's reports of what was said and who ran the webinar: the chat and
Q&A transcripts (Webinar Reporting), the presenter activity, and the two
signed links of Manage Conferences: the transcript's download and the admin
URL (`reports.links`; the links are served by `pages.report_links`).

What each field is computed from: docs/bigmarker.md."""

from __future__ import annotations

from collections.abc import Mapping
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
from webinarium.kit.pagination import Page
from webinarium.kit.time import iso_on_clock, iso_utc
from webinarium.reports import links, talk

# Two sections of the document: each route carries its own's tag.
router = APIRouter(route_class=BigMarkerRoute)
REPORTING: list[str | Enum] = ["BigMarker: Webinar Reporting"]
CONFERENCES: list[str | Enum] = ["BigMarker: Manage Conferences"]

CHAT_COLUMNS = ("bmid", "email", "first_name", "last_name", "chat", "sendtime", "private")
QA_COLUMNS = ("bmid", "email", "first_name", "last_name", "q_and_a", "sendtime", "responses")
# The document's example lists 500 lines a page.
TRANSCRIPT_PER_PAGE = 500
_ADMIN = Param("bmid", required=True, description="the admin: a moderator or channel admin")


def _author(author: talk.Author) -> dict[str, Any]:
    return {
        "bmid": author.person_id,
        "email": author.email,
        "first_name": author.first_name,
        "last_name": author.last_name,
    }


@router.get(
    "/reporting/conferences/chat_transcript/{conference_id}",
    name="reporting_chat_transcript",
    tags=REPORTING,
    response_model=None,
)
@reads(paging(TRANSCRIPT_PER_PAGE, "current_page"), FORMAT)
async def chat_transcript(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    request = page_request(params, TRANSCRIPT_PER_PAGE, "current_page")
    conference, page = await talk.chat_transcript(session, account, conference_id, request)
    rows: list[Mapping[str, Any]] = [
        {
            **_author(line.author),
            "chat": line.text,
            "sendtime": iso_on_clock(line.sent_at, conference.time_zone),
            "private": line.private,
        }
        for line in page.items
    ]
    return report_list(
        params,
        Page(rows, page.request, page.total),
        list_key="chats",
        columns=CHAT_COLUMNS,
        file_name=f"chat-{conference.id}",
    )


@router.get(
    "/reporting/conferences/q_and_a_transcript/{conference_id}",
    name="reporting_q_and_a_transcript",
    tags=REPORTING,
    response_model=None,
)
@reads(paging(TRANSCRIPT_PER_PAGE, "current_page"), FORMAT)
async def q_and_a_transcript(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any] | Response:
    request = page_request(params, TRANSCRIPT_PER_PAGE, "current_page")
    conference, page = await talk.qa_transcript(session, account, conference_id, request)
    rows: list[Mapping[str, Any]] = [
        {
            **_author(line.author),
            "q_and_a": line.text,
            "sendtime": iso_on_clock(line.sent_at, conference.time_zone),
            "responses": [
                {
                    **_author(answer.author),
                    "response": answer.text,
                    "sendtime": iso_on_clock(answer.sent_at, conference.time_zone),
                }
                for answer in line.answers
            ],
        }
        for line in page.items
    ]
    return report_list(
        params,
        Page(rows, page.request, page.total),
        list_key="q_and_a",
        columns=QA_COLUMNS,
        file_name=f"q-and-a-{conference.id}",
    )


@router.get(
    "/conferences/{conference_id}/activity_logs", name="conferences_activity_logs", tags=CONFERENCES
)
@reads()
async def activity_logs(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    activities = await talk.activity_log(session, account, conference_id)
    return {
        "activity_logs": [
            {
                "activity_type": activity.kind,
                "timestamp": iso_utc(activity.at),
                "performed_by": activity.by,
            }
            for activity in activities
        ]
    }


@router.get(
    "/conferences/{conference_id}/transcript", name="conferences_transcript", tags=CONFERENCES
)
@reads(_ADMIN)
async def transcript(
    conference_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, str]:
    token = await links.transcript_link(
        session, account, secret_key(request), conference_id, params.required("bmid")
    )
    return {"transcript_url": f"{base_url(request)}/reports/transcript/{token}"}


@router.get(
    "/conferences/{conference_id}/admin_url", name="conferences_admin_url", tags=CONFERENCES
)
@reads(_ADMIN)
async def admin_url(
    conference_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, str]:
    token = await links.admin_link(
        session, account, secret_key(request), conference_id, params.required("bmid")
    )
    return {"admin_url": f"{base_url(request)}/reports/admin/{token}"}
