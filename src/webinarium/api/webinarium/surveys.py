"""A conference's survey and attendance monitor through the native API:

``PUT|GET /api/webinarium/v1/conferences/{conference_id}/survey`` (the
questions), ``GET …/survey/answers``, ``PUT|GET …/attendance-monitor`` (its
settings) and ``GET …/attendance-monitor/checks`` (every attendee asked, with
their answer or miss). JSON bodies, refused in the native envelope."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.deps import ReadSession, Session
from webinarium.api.webinarium.bodies import json_object
from webinarium.api.webinarium.errors import NativeRoute
from webinarium.attention import service as attention
from webinarium.conferences.schemas import ConferenceChanges, settings_of
from webinarium.conferences.service import get_conference, update_conference
from webinarium.kit.errors import validated
from webinarium.kit.time import utcnow
from webinarium.models import Conference
from webinarium.surveys import service
from webinarium.surveys.schemas import AnswersRead, SurveyInput, SurveyRead

router = APIRouter(route_class=NativeRoute, tags=["Webinarium: Surveys and attendance"])


@router.put("/conferences/{conference_id}/survey", name="native_survey_replace")
async def replace_survey(
    conference_id: str, request: Request, session: Session, account: CurrentAccount
) -> SurveyRead:
    """Replaces the survey's questions (``{"questions": [{"text", "kind",
    "choices"}]}``); refused ``survey_answered`` (409) once someone answered."""
    survey = validated(SurveyInput, await json_object(request, '{"questions": […]}'))
    rows = await service.replace_questions(session, account, conference_id, survey)
    return SurveyRead(
        conference_id=conference_id.strip(), questions=[service.question_read(q) for q in rows]
    )


@router.get("/conferences/{conference_id}/survey", name="native_survey_show")
async def show_survey(conference_id: str, session: ReadSession, account: ReadAccount) -> SurveyRead:
    conference = await get_conference(session, account, conference_id)
    rows = await service.questions(session, account, conference)
    return SurveyRead(
        conference_id=conference.id, questions=[service.question_read(q) for q in rows]
    )


@router.get("/conferences/{conference_id}/survey/answers", name="native_survey_answers")
async def survey_answers(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> AnswersRead:
    rows = await service.answers(session, account, conference_id)
    return AnswersRead(
        conference_id=conference_id.strip(), answers=[service.answer_read(a) for a in rows]
    )


class MonitorSettings(BaseModel):
    """The conference's attendance monitor settings (names without the
    ``attendance_monitor_`` prefix of the conference's settings)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool
    interval_minutes: int = Field(ge=1, le=240)
    answer_seconds: int = Field(ge=10, le=600)

    @classmethod
    def of(cls, conference: Conference) -> MonitorSettings:
        settings = settings_of(conference)
        return cls(
            enabled=settings.attendance_monitor,
            interval_minutes=settings.attendance_monitor_interval_minutes,
            answer_seconds=settings.attendance_monitor_answer_seconds,
        )


class MonitorChanges(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = None
    interval_minutes: int | None = Field(default=None, ge=1, le=240)
    answer_seconds: int | None = Field(default=None, ge=10, le=600)


@router.put("/conferences/{conference_id}/attendance-monitor", name="native_monitor_set")
async def set_monitor(
    conference_id: str, request: Request, session: Session, account: CurrentAccount
) -> MonitorSettings:
    """Changes the settings given (``enabled``, ``interval_minutes``,
    ``answer_seconds``); the others stay."""
    changes = validated(MonitorChanges, await json_object(request, "the monitor's settings"))
    names = {
        "enabled": "attendance_monitor",
        "interval_minutes": "attendance_monitor_interval_minutes",
        "answer_seconds": "attendance_monitor_answer_seconds",
    }
    settings = {names[name]: value for name, value in changes.model_dump(exclude_none=True).items()}
    conference = await update_conference(
        session, account, conference_id, ConferenceChanges(settings=settings)
    )
    return MonitorSettings.of(conference)


@router.get("/conferences/{conference_id}/attendance-monitor", name="native_monitor_show")
async def show_monitor(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> MonitorSettings:
    return MonitorSettings.of(await get_conference(session, account, conference_id))


@router.get("/conferences/{conference_id}/attendance-monitor/checks", name="native_monitor_checks")
async def monitor_checks(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    """Every attendee asked, oldest check first: ``state`` ``asked`` (may still
    answer), ``answered`` (with ``answered_at``) or ``missed``."""
    conference = await get_conference(session, account, conference_id)
    now = utcnow()
    rows = await attention.asked(session, account, conference)
    return {
        "conference_id": conference.id,
        "asked": [attention.ask_data(ask, check, now) for ask, check in rows],
    }
