"""BigMarker "Enter a Conference": ``POST /conferences/enter`` lets someone into
the room on the organiser's key, as attendee, presenter or moderator
(`room.entry`; docs/bigmarker.md says which token each gets).

``enter_uri`` is the conference's address with the token: it opens the room
page (`pages.links`); the token opens ``/room/ws?ticket=…`` as well.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from webinarium.access.errors import RoomNotOpen
from webinarium.api.bigmarker.auth import CurrentAccount
from webinarium.api.bigmarker.common import RequestParams, base_url, secret_key
from webinarium.api.bigmarker.errors import BigMarkerRoute, NotOpenYet
from webinarium.api.deps import Session
from webinarium.api.reads import Param, reads
from webinarium.conferences.service import page_address
from webinarium.kit.urls import web_url
from webinarium.room.entry import ROLES, Visitor, enter, role_named

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Conferences"])


@router.post("/conferences/enter", name="conferences_enter")
@reads(
    Param("id", required=True, description="the conference"),
    Param("attendee_name", required=True),
    Param("attendee_email", required=True),
    Param("role", default="attendee", description=" | ".join(ROLES)),
    Param("register_attendee_to_webinar", bool, default=False),
    Param("attendee_first_name"),
    Param("attendee_last_name"),
    Param("custom_user_id"),
    Param("exit_uri", description="where they go when the webinar ends"),
    Param("exit_url", description="exit_uri's other name"),
)
async def enter_conference(
    request: Request, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    visitor = Visitor(
        email=params.required("attendee_email"),
        name=params.required("attendee_name"),
        role=role_named((params.text("role") or "attendee").strip().lower()),
        register=bool(params.boolean("register_attendee_to_webinar")),
        first_name=params.text("attendee_first_name"),
        last_name=params.text("attendee_last_name"),
        custom_user_id=params.text("custom_user_id"),
        exit_url=web_url(params.text("exit_uri") or params.text("exit_url"), "exit_uri"),
    )
    settings = request.app.state.settings
    try:
        entry = await enter(
            session,
            account,
            params.required("id"),
            visitor,
            secret_key=secret_key(request),
            ticket_seconds=settings.room_ticket_seconds,
        )
    except RoomNotOpen as error:
        raise NotOpenYet(staff=error.staff, minutes=error.minutes) from None
    address = page_address(base_url(request), entry.channel_url, entry.conference)
    return {"enter_token": entry.ticket, "enter_uri": f"{address}?token={entry.ticket}"}
