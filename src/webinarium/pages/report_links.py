"""The signed links BigMarker's API hands out (`reports.links`), served
without an API key:

- ``GET /reports/transcript/<token>``: the conference's chat and Q&A
  transcript, a readable page, or with ``?format=csv`` a CSV file (one row a
  chat line, question or answer);
- ``GET /reports/admin/<token>``: once, lets the admin into the room as a host
  (the room page with a fresh ticket, `pages.entry`); used again, a 410 page.

A link expired, tampered with or made for something else is refused with a
clear page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from webinarium.api.bigmarker.report_lists import csv_response
from webinarium.api.deps import ReadSession, Session
from webinarium.kit.errors import InvalidInput
from webinarium.kit.time import iso_on_clock
from webinarium.models import Conference
from webinarium.pages.entry import enter_room
from webinarium.pages.templating import PageRoute, keep_private, render
from webinarium.reports import links, talk

router = APIRouter(route_class=PageRoute, prefix="/reports")

Token = Annotated[str, Path(max_length=2048)]
CSV_COLUMNS = ("kind", "sendtime", "bmid", "email", "first_name", "last_name", "text")


@router.get("/transcript/{token}", name="transcript_download", include_in_schema=False)
async def transcript_download(
    request: Request,
    session: ReadSession,
    token: Token,
    format: Annotated[str, Query(max_length=10)] = "html",
) -> Response:
    if format not in ("html", "csv"):
        raise InvalidInput("format must be html or csv")
    linked = await links.open_transcript_link(session, request.app.state.settings.secret_key, token)
    chat, questions = await talk.everything(session, linked.account, linked.conference)
    conference = linked.conference
    if format == "csv":
        rows = [_csv_row(conference, "chat", line.author, line.text, line.sent_at) for line in chat]
        for question in questions:
            rows.append(
                _csv_row(conference, "question", question.author, question.text, question.sent_at)
            )
            rows.extend(
                _csv_row(conference, "answer", answer.author, answer.text, answer.sent_at)
                for answer in question.answers
            )
        return keep_private(csv_response(rows, CSV_COLUMNS, f"transcript-{conference.id}"))
    context = {
        "conference": conference,
        "chat": [
            {**_shown(conference, line.author, line.text, line.sent_at), "private": line.private}
            for line in chat
        ],
        "questions": [
            {
                **_shown(conference, q.author, q.text, q.sent_at),
                "answers": [_shown(conference, a.author, a.text, a.sent_at) for a in q.answers],
            }
            for q in questions
        ],
    }
    return keep_private(render(request, "transcript.html", context))


@router.get("/admin/{token}", name="admin_link", include_in_schema=False)
async def admin_link(request: Request, session: Session, token: Token) -> Response:
    linked, knock = await links.spend_admin_link(
        session, request.app.state.settings.secret_key, token
    )
    return await enter_room(request, session, linked.account, linked.conference, knock)


def _csv_row(
    conference: Conference, kind: str, author: talk.Author, text: str, moment: Any
) -> dict[str, Any]:
    return {
        "kind": kind,
        "sendtime": iso_on_clock(moment, conference.time_zone),
        "bmid": author.person_id,
        "email": author.email,
        "first_name": author.first_name,
        "last_name": author.last_name,
        "text": text,
    }


def _shown(conference: Conference, author: talk.Author, text: str, moment: Any) -> dict[str, Any]:
    who = f"{author.first_name} {author.last_name}".strip() or author.email
    return {
        "time": iso_on_clock(moment, conference.time_zone)[:19].replace("T", " "),
        "who": who,
        "text": text,
    }
