"""The survey on the room page's end screen (static/room-survey.js):
``GET /room/survey?ticket=…`` (the questions, and whether this person answered)
and ``POST /room/survey`` (``{"ticket", "answers": [{"question_id",
"value"}]}``). The socket is closed once the room ends, so the answers come
over HTTP; the page's ticket says who answers, also after the end (a ticket is
read, not admitted: the room has ended). Errors in the native API's envelope
``{"error": {"code", "message"}}``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.errors import AccountNotFound
from webinarium.accounts.service import get_account
from webinarium.api.deps import ReadSession, Session
from webinarium.api.webinarium.bodies import json_object
from webinarium.api.webinarium.errors import NativeRoute, envelope
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.service import get_conference
from webinarium.kit.errors import DomainError, validated
from webinarium.models import Account, Conference, Person
from webinarium.room.tickets import TicketRefused, read_ticket
from webinarium.surveys import service
from webinarium.surveys.errors import NotAnAttendee
from webinarium.surveys.schemas import AnswersInput


class SurveyRoute(NativeRoute):
    """The native envelope; a refused ticket is 401, a ticket of the staff 403."""

    def error_response(self, request: Request, error: DomainError) -> Response:
        if isinstance(error, TicketRefused):
            return envelope(error.code, error.message, 401)
        if isinstance(error, NotAnAttendee):
            return envelope(error.code, error.message, 403)
        return super().error_response(request, error)


router = APIRouter(route_class=SurveyRoute, include_in_schema=False)


async def _who(
    request: Request, session: AsyncSession, ticket_text: str
) -> tuple[Account, Conference, Person]:
    ticket = await read_ticket(session, request.app.state.settings.secret_key, ticket_text)
    try:
        account = await get_account(session, ticket.account_id)
        conference = await get_conference(session, account, ticket.conference_id)
    except (AccountNotFound, ConferenceNotFound):
        raise TicketRefused("this ticket's webinar is gone") from None
    return account, conference, await service.person_of(session, account, conference, ticket.knock)


@router.get("/room/survey", name="room_survey_show")
async def show(request: Request, session: ReadSession, ticket: str = "") -> dict[str, Any]:
    account, conference, person = await _who(request, session, ticket)
    questions = await service.questions(session, account, conference)
    return {
        "questions": [service.question_read(q).model_dump() for q in questions],
        "answered": await service.has_answered(session, account, conference, person),
    }


@router.post("/room/survey", name="room_survey_answer", status_code=201)
async def answer(request: Request, session: Session) -> dict[str, Any]:
    body = await json_object(request, '{"ticket": "…", "answers": […]}')
    ticket = body.pop("ticket", "")
    account, conference, person = await _who(
        request, session, ticket if isinstance(ticket, str) else ""
    )
    given = validated(AnswersInput, body)
    rows = await service.submit(session, account, conference, person, given.answers)
    return {"answers": len(rows)}
