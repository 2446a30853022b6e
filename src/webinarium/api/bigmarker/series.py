"""BigMarker series: a series is a conference of kind ``series``; its sessions are
conferences that point at it. Removing a session from a series keeps the webinar."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from webinarium.api.bigmarker import inputs, wire
from webinarium.api.bigmarker.auth import CurrentAccount
from webinarium.api.bigmarker.common import RequestParams, base_url
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.bigmarker.timezones import DEFAULT_TIME_ZONE, to_iana
from webinarium.api.deps import Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.conferences import service
from webinarium.conferences.schemas import ConferenceChanges, ConferenceDraft, ConferenceKind
from webinarium.kit.errors import validated

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Conferences"])

SERIES = [ConferenceKind.SERIES]
_SESSIONS = Param("session_ids", list[str], required=True)
# What `_fields` reads.
_FIELDS = (
    Param("title"),
    Param("about", description="the description"),
    Param("alias", description="the last part of the series' address"),
    Param("event_start_time", description=inputs.START_TIME_WORDS),
    Param("event_end_time", description=inputs.START_TIME_WORDS),
    inputs.TIME_ZONE,
    Param("series_format"),
    Param("presenter_alias"),
)


def _fields(params: Params) -> dict[str, Any]:
    settings = {
        name: params.raw(name) for name in ("series_format", "presenter_alias") if params.has(name)
    }
    fields: dict[str, Any] = {
        "title": params.text("title"),
        "purpose": params.text("about"),
        "sub_url": params.text("alias"),
        "start": inputs.parse_time("event_start_time", params.text("event_start_time")),
        "end": inputs.parse_time("event_end_time", params.text("event_end_time")),
        "time_zone": inputs.time_zone(params),
        "settings": settings,
    }
    return {name: value for name, value in fields.items() if value is not None}


async def _series_url(
    request: Request, session: Session, account: CurrentAccount, series: Any
) -> dict[str, str]:
    details = await service.describe_one(session, account, series)
    return {"series_url": wire.conference_address(base_url(request), details), "id": series.id}


@router.post("/series/add_sessions", name="series_add_sessions")
@reads(Param("series_id", required=True), _SESSIONS)
async def add_sessions(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    series, sessions = await service.add_sessions_to_series(
        session, account, params.text("series_id") or "", params.text_list("session_ids") or []
    )
    names = ", ".join(s.id for s in sessions)
    # The document's wording, spelling included.
    return {"success": f"Sessions {names} have been succesfully added to Series {series.title}"}


@router.post("/series", name="series_create")
@reads(Param("channel_id", required=True), _FIELDS)
async def create_series(
    request: Request, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    fields = _fields(params)
    fields.setdefault("time_zone", to_iana(DEFAULT_TIME_ZONE))
    fields.update(
        channel_id=params.text("channel_id") or "",
        title=fields.get("title", ""),
        kind=ConferenceKind.SERIES,
    )
    series = await service.create_conference(session, account, validated(ConferenceDraft, fields))
    return await _series_url(request, session, account, series)


@router.put("/series", name="series_update")
@reads(Param("id", required=True, description="the series"), _FIELDS)
async def update_series(
    request: Request, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    changes = validated(ConferenceChanges, _fields(params))
    series = await service.update_conference(
        session, account, params.text("id") or "", changes, SERIES
    )
    return await _series_url(request, session, account, series)


@router.delete("/series", name="series_delete_sessions")
@reads(_SESSIONS)
async def delete_sessions(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    await service.remove_sessions_from_series(
        session, account, params.text_list("session_ids") or []
    )
    return {"success": "Your session has been deleted!"}
