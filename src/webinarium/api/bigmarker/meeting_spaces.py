"""BigMarker "Manage Meeting Space": a meeting space is a conference of kind
``meeting_space`` (the same as a conference created with schedule_type
``24_hour_room``), so it is also visible through the conference calls."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request

from webinarium.api.bigmarker import inputs, wire
from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.bigmarker.common import RequestParams, base_url
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.bigmarker.timezones import DEFAULT_TIME_ZONE, to_iana
from webinarium.api.deps import ReadSession, Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.conferences import service
from webinarium.conferences.schemas import ConferenceChanges, ConferenceDraft, ConferenceKind
from webinarium.kit.errors import InvalidInput, validated

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Meeting Space"])

MEETING_SPACE = [ConferenceKind.MEETING_SPACE]
# MeetingSpace parameter → conference setting, for settings whose value is kept as sent.
_SETTINGS = {
    "auto_share_camera": "auto_share_camera",
    "display_dial_in": "enable_dial_in",
    "meeting_style": "meeting_style",
    "logo": "room_logo",
    "logo_url": "room_logo_link",
    "background_image": "background_image_url",
    "preview_image": "icon",
    "email": "owner_email",
    "first_name": "owner_first_name",
    "last_name": "owner_last_name",
}
_TITLE_MAX = 70
# What `_fields` reads.
_FIELDS = (
    Param("title", description=f"at most {_TITLE_MAX} characters"),
    Param("url", description="the meeting space's subdomain"),
    Param("knock_to_enter", choices=("Open", "Closed")),
    *(Param(name) for name in _SETTINGS),
)


def _sub_url(value: str | None) -> str | None:
    """The ``url`` parameter is a subdomain; a full address sent back is reduced to
    its last path segment, a host name to its first label."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if "://" in value:
        parts = urlsplit(value)
        path = parts.path.strip("/")
        return path.rsplit("/", 1)[-1] if path else parts.netloc.split(".", 1)[0]
    return value.split(".", 1)[0]


def _fields(params: Params) -> dict[str, Any]:
    title = params.text("title")
    if title is not None and len(title) > _TITLE_MAX:
        raise InvalidInput(f"title must be at most {_TITLE_MAX} characters")
    settings = {target: params.raw(name) for name, target in _SETTINGS.items() if params.has(name)}
    knock = params.text("knock_to_enter")
    if knock is not None:
        if knock.capitalize() not in ("Open", "Closed"):
            raise InvalidInput("knock_to_enter must be Open or Closed")
        settings["enable_knock_to_enter"] = knock.capitalize() == "Closed"
    fields: dict[str, Any] = {
        "title": title,
        "sub_url": _sub_url(params.text("url")),
        "settings": settings,
    }
    return {name: value for name, value in fields.items() if value is not None}


async def _render(
    request: Request, session: Session, account: CurrentAccount, conference: Any
) -> dict[str, Any]:
    return wire.meeting_space(
        base_url(request), await service.describe_one(session, account, conference)
    )


@router.post("/meeting_spaces", name="meeting_spaces_create")
@reads(Param("channel_id"), inputs.TIME_ZONE, _FIELDS)
async def create_meeting_space(
    request: Request, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    fields = _fields(params)
    fields.update(
        channel_id=params.text("channel_id") or "",
        title=fields.get("title", ""),
        kind=ConferenceKind.MEETING_SPACE,
        time_zone=inputs.time_zone(params) or to_iana(DEFAULT_TIME_ZONE),
    )
    draft = validated(ConferenceDraft, fields)
    conference = await service.create_conference(session, account, draft)
    return await _render(request, session, account, conference)


@router.get("/meeting_spaces/{meeting_space_id}", name="meeting_spaces_show")
async def show_meeting_space(
    meeting_space_id: str, request: Request, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    conference = await service.get_conference(session, account, meeting_space_id, MEETING_SPACE)
    return await _render(request, session, account, conference)


@router.put("/meeting_spaces/{meeting_space_id}", name="meeting_spaces_update")
@reads(_FIELDS)
async def update_meeting_space(
    meeting_space_id: str,
    request: Request,
    session: Session,
    account: CurrentAccount,
    params: RequestParams,
) -> dict[str, Any]:
    changes = validated(ConferenceChanges, _fields(params))
    conference = await service.update_conference(
        session, account, meeting_space_id, changes, MEETING_SPACE
    )
    return await _render(request, session, account, conference)
