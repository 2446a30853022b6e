"""BigMarker "Conference Presenters": add, update, remove, the presenters of a
conference, and the conferences of a presenter.

Add finds the account's person by ``presenter_email``; a new person needs
``presenter_first_name`` and ``presenter_last_name`` (the document marks them
Required, "optional if presenter already exists"). ``presenter_temporary_password``
is accepted and ignored: presenters have no password in Webinarium. Remove takes
the id from the path or, as the document's curl does, from a body sent to
``DELETE /presenters``. In "List Conferences" the path id is the presenter's
member id (the person's id), as the document's table names it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from webinarium.api.bigmarker import wire, wire_people
from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.bigmarker.common import RequestParams, base_url, page_request, secret_key
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import ReadSession, Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.conferences.service import address_of, describe, describe_one, get_conference
from webinarium.kit.errors import validated
from webinarium.kit.pagination import MAX_PER_PAGE
from webinarium.presenters import service
from webinarium.presenters.schemas import PresenterChanges, PresenterDetails, PresenterDraft

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Conference Presenters"])

_SWITCHES = (
    "can_manage",
    "is_moderator",
    "display_on_landing_page",
    "enter_as_attendee",
    "remove_bigmarker_contact_option",
    "show_on_networking_center",
    "show_chat_icon_in_booth_or_session_room",
)
_CREATE_SWITCHES = (*_SWITCHES, "send_email_invite", "add_to_channel_subscriber_list")


# What `_profile` reads besides its switches.
_PROFILE = (
    Param("name", description="display name"),
    Param("photo_url"),
    Param("title"),
    Param("bio"),
)
_NAMES = {
    "email": "presenter_email",
    "first_name": "presenter_first_name",
    "last_name": "presenter_last_name",
    "display_name": "name",
}


def _profile(params: Params, switches: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "display_name": params.text("name"),
        "photo_url": params.text("photo_url"),
        "title": params.text("title"),
        "bio": params.text("bio"),
    }
    values.update({name: params.boolean(name) for name in switches})
    return values


async def _render(
    request: Request, session: Session, account: CurrentAccount, details: PresenterDetails
) -> dict[str, Any]:
    conference = await get_conference(session, account, details.presenter.conference_id)
    address = wire.conference_address(
        base_url(request), await describe_one(session, account, conference)
    )
    return wire_people.presenter(secret_key(request), address, details)


@router.post("/presenters", name="presenters_create")
@reads(
    Param("conference_id", required=True),
    Param("presenter_email", required=True),
    Param("presenter_first_name", description="required for a new person"),
    Param("presenter_last_name", description="required for a new person"),
    _PROFILE,
    (Param(name, bool) for name in _CREATE_SWITCHES),
)
async def create_presenter(
    request: Request, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    draft = validated(
        PresenterDraft,
        {
            "conference_id": params.required("conference_id"),
            "email": params.required("presenter_email"),
            "first_name": params.text("presenter_first_name"),
            "last_name": params.text("presenter_last_name"),
            **_profile(params, _CREATE_SWITCHES),
        },
        _NAMES,
    )
    details = await service.add_presenter(session, account, draft)
    return await _render(request, session, account, details)


@router.put("/presenters/{presenter_id}", name="presenters_update")
@reads(Param("presenter_email"), _PROFILE, (Param(name, bool) for name in _SWITCHES))
async def update_presenter(
    presenter_id: str,
    request: Request,
    session: Session,
    account: CurrentAccount,
    params: RequestParams,
) -> dict[str, Any]:
    changes = validated(
        PresenterChanges,
        {"email": params.text("presenter_email"), **_profile(params, _SWITCHES)},
        _NAMES,
    )
    details = await service.update_presenter(session, account, presenter_id, changes)
    return await _render(request, session, account, details)


# Two routes, one operation: the id in the path, or (the document's other
# path) in the body. Each route declares what its path carries, so the OpenAPI
# document stays valid.
@router.delete("/presenters/{presenter_id}", name="presenters_delete")
async def delete_presenter(
    presenter_id: str, session: Session, account: CurrentAccount
) -> dict[str, str]:
    await service.remove_presenter(session, account, presenter_id)
    return {"success": "The presenter has been removed."}


@router.delete("/presenters", name="presenters_delete")
@reads(Param("presenter_id", required=True))
async def delete_presenter_named_in_body(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    return await delete_presenter(params.required("presenter_id"), session, account)


@router.get("/conferences/{conference_id}/presenters", name="conferences_presenters")
async def conference_presenters(
    conference_id: str, request: Request, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    conference, presenters = await service.list_presenters(session, account, conference_id)
    address = await address_of(session, account, base_url(request), conference)
    key = secret_key(request)
    return {"presenters": [wire_people.presenter(key, address, p) for p in presenters]}


@router.get("/presenters/{presenter_id}/list_conferences", name="presenters_list_conferences")
@reads(
    Param("channel_id"), Param("page", int, default=1), Param("per_page", int, default=MAX_PER_PAGE)
)
async def presenter_conferences(
    presenter_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, Any]:
    page = page_request(params, MAX_PER_PAGE)
    conferences = await service.conferences_of_presenter(
        session, account, presenter_id, params.text("channel_id"), page
    )
    details = await describe(session, account, conferences, with_webhooks=True, with_activity=True)
    key = secret_key(request)
    return {"conferences": [wire.conference(base_url(request), d, key) for d in details]}
