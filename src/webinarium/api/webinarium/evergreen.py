"""Evergreen webinars (conferences.evergreen): ``POST /api/webinarium/v1/evergreen_webinars``
creates one with its first upcoming session, ``GET …/evergreen_webinars/{id}`` shows
it with its sessions, ``PATCH …/evergreen_webinars/{id}`` changes its schedule. A
session is an ordinary webinar every dialect shows and registers to by its id;
another account's webinar, or one that is not evergreen, is not found."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.deps import ReadSession, Session
from webinarium.api.webinarium.bodies import json_body_schema, json_object
from webinarium.api.webinarium.errors import NativeRoute
from webinarium.conferences import evergreen
from webinarium.conferences.schemas import ConferenceKind, EvergreenChanges, EvergreenDraft
from webinarium.conferences.service import get_conference
from webinarium.kit.errors import validated
from webinarium.models import Account, Conference

router = APIRouter(route_class=NativeRoute, tags=["Webinarium: Evergreen webinars"])
PATH = "/evergreen_webinars"


class SessionRead(BaseModel):
    id: str
    start_time: datetime
    end_time: datetime
    status: str

    @classmethod
    def of(cls, row: Conference) -> SessionRead:
        return cls(id=row.id, start_time=row.start_at, end_time=row.end_at, status=row.status)


class EvergreenRead(BaseModel):
    id: str
    title: str
    channel_id: str
    time_zone: str
    session_times: list[str]
    duration_minutes: int
    # Every session so far, by start; the last is the upcoming one.
    sessions: list[SessionRead]

    @classmethod
    def of(cls, parent: Conference, sessions: list[Conference]) -> EvergreenRead:
        return cls(
            id=parent.id,
            title=parent.title,
            channel_id=parent.channel_id,
            time_zone=parent.time_zone,
            session_times=parent.settings.get("evergreen_session_times") or [],
            duration_minutes=parent.duration_minutes,
            sessions=[SessionRead.of(s) for s in sessions],
        )


async def _read(session: AsyncSession, account: Account, parent: Conference) -> EvergreenRead:
    return EvergreenRead.of(parent, await evergreen.sessions_of(session, account, parent))


@router.post(
    PATH,
    name="native_evergreen_create",
    status_code=201,
    openapi_extra=json_body_schema(EvergreenDraft),
)
async def create_evergreen(
    request: Request, session: Session, account: CurrentAccount
) -> EvergreenRead:
    """A new evergreen webinar: ``title``, ``time_zone``, ``session_times``
    ("HH:MM" in that zone, 1 to 24, distinct), ``duration_minutes``, and
    ``channel_id`` (the account's main channel if not given)."""
    shape = "{title, time_zone, session_times, duration_minutes, channel_id?}"
    draft = validated(EvergreenDraft, await json_object(request, shape))
    now: datetime = request.app.state.clock.now()
    parent = await evergreen.create_evergreen(session, account, draft, now)
    return await _read(session, account, parent)


@router.get(PATH + "/{conference_id}", name="native_evergreen_show")
async def show_evergreen(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> EvergreenRead:
    parent = await get_conference(
        session, account, conference_id, [ConferenceKind.EVERGREEN_PARENT]
    )
    return await _read(session, account, parent)


@router.patch(
    PATH + "/{conference_id}",
    name="native_evergreen_update",
    openapi_extra=json_body_schema(EvergreenChanges),
)
async def update_evergreen(
    conference_id: str, request: Request, session: Session, account: CurrentAccount
) -> EvergreenRead:
    """Changes the fields given (``title``, ``time_zone``, ``session_times``,
    ``duration_minutes``, checked as on creation). Sessions over or live stay;
    the upcoming one moves to the new schedule's next start if nobody has
    registered for it, or keeps its time (and takes a new title) if someone
    has or its waiting room is open; the sessions after it follow the new
    schedule."""
    shape = "{title?, time_zone?, session_times?, duration_minutes?}"
    changes = validated(EvergreenChanges, await json_object(request, shape))
    now: datetime = request.app.state.clock.now()
    parent = await evergreen.change_evergreen(session, account, conference_id, changes, now)
    return await _read(session, account, parent)
