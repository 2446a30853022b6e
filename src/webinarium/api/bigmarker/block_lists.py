"""BigMarker registration block lists (per conference) and channel block/allow
lists. "Get" and "add" of the registration list share ``POST
/registration_block_list/{id}``: a non-empty ``emails`` adds, and both answer the
list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from webinarium.access import service
from webinarium.access.service import CHANNEL_LISTS, CONFERENCE_LISTS
from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.bigmarker.common import RequestParams, page_request, paging
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import ReadSession, Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.channels.service import get_channel
from webinarium.conferences.service import get_conference
from webinarium.kit.pagination import Page
from webinarium.models import AccessListEntry

router = APIRouter(route_class=BigMarkerRoute)
# Two sections of the document.
_REGISTRATION_LIST = "BigMarker: Manage registration block list"
_CHANNELS = "BigMarker: Manage Channels"
_CONFERENCE_LIST = Param("list_type", required=True, choices=CONFERENCE_LISTS)
_CHANNEL_LIST = Param("list_type", choices=CHANNEL_LISTS, default="block_list")
_EMAILS = Param("emails", list[str], description="e-mail addresses (or domains)")


def _entries(params: Params) -> list[str]:
    return params.text_list("emails") or []


def _page(page: Page[AccessListEntry], key: str) -> dict[str, Any]:
    return {
        "per_page": page.request.per_page,
        "current_page": page.request.page,
        "total_entries": page.total,
        "total_pages": page.total_pages,
        key: [
            {"email": e.entry, "created_at": e.created_at.isoformat(timespec="seconds")}
            for e in page.items
        ],
    }


@router.post(
    "/registration_block_list/enable/{conference_id}",
    name="registration_block_list_enable",
    tags=[_REGISTRATION_LIST],
)
@reads(Param("list_type", required=True, choices=("block_list", "allow_list")))
async def enable_registration_list(
    conference_id: str, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    conference = await get_conference(session, account, conference_id)
    enforced = await service.enable_registration_list(
        session, account, conference, params.text("list_type") or ""
    )
    return {
        name: "enable" if name == enforced else "disable" for name in ("block_list", "allow_list")
    }


@router.post(
    "/registration_block_list/{conference_id}",
    name="registration_block_list_show",
    tags=[_REGISTRATION_LIST],
)
@reads(_CONFERENCE_LIST, _EMAILS, paging(500))
async def show_or_add_registration_list(
    conference_id: str, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    conference = await get_conference(session, account, conference_id)
    list_type = params.text("list_type") or ""
    if _entries(params):
        await service.add_entries(session, account, conference, list_type, _entries(params))
    page = await service.list_entries(
        session, account, conference, list_type, page_request(params, 500)
    )
    return _page(page, "list")


@router.delete(
    "/registration_block_list/{conference_id}",
    name="registration_block_list_remove",
    tags=[_REGISTRATION_LIST],
)
@reads(_CONFERENCE_LIST, _EMAILS)
async def remove_from_registration_list(
    conference_id: str, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    conference = await get_conference(session, account, conference_id)
    await service.remove_entries(
        session, account, conference, params.text("list_type") or "", _entries(params)
    )
    return {"success": "Successfully removed!"}


@router.get("/channels/block_list/{channel_id}", name="channels_block_list_show", tags=[_CHANNELS])
@reads(_CHANNEL_LIST, paging(100))
async def show_channel_list(
    channel_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any]:
    channel = await get_channel(session, account, channel_id)
    page = await service.list_entries(
        session,
        account,
        channel,
        params.text("list_type") or "block_list",
        page_request(params, 100),
    )
    return _page(page, "list_data")


@router.post("/channels/block_list/{channel_id}", name="channels_block_list_add", tags=[_CHANNELS])
@reads(_CHANNEL_LIST, _EMAILS)
async def add_to_channel_list(
    channel_id: str, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    channel = await get_channel(session, account, channel_id)
    await service.add_entries(
        session, account, channel, params.text("list_type") or "block_list", _entries(params)
    )
    return {"success": "Successfully added!"}


@router.delete(
    "/channels/block_list/{channel_id}", name="channels_block_list_remove", tags=[_CHANNELS]
)
@reads(_CHANNEL_LIST, _EMAILS)
async def remove_from_channel_list(
    channel_id: str, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    channel = await get_channel(session, account, channel_id)
    await service.remove_entries(
        session, account, channel, params.text("list_type") or "block_list", _entries(params)
    )
    # The document's wording for a removal, copied from "add" as it is.
    return {"success": "Successfully added!"}
