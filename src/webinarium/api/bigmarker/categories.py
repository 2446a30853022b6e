"""BigMarker channel categories: add, delete, add a conference, remove a
conference. Bodies are JSON in the document; form and query work too."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from webinarium.api.bigmarker import wire_channels
from webinarium.api.bigmarker.auth import CurrentAccount
from webinarium.api.bigmarker.common import RequestParams
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.channels import service
from webinarium.conferences.service import get_conference
from webinarium.models import Channel

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Channels"])
_CHANNEL = Param("channel_id", required=True, description="the channel's id or URL segment")
_CATEGORY = Param("category_name", required=True)


async def _channel(session: Session, account: CurrentAccount, params: Params) -> Channel:
    return await service.get_channel(session, account, params.required("channel_id"))


@router.post("/category/add_conference", name="categories_add_conference")
@reads(_CHANNEL, _CATEGORY, Param("conference_id", required=True))
async def add_conference(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    channel = await _channel(session, account, params)
    name = params.required("category_name")
    conference = await get_conference(session, account, params.required("conference_id"))
    category, ids = await service.add_conference_to_category(
        session, account, channel, name, conference
    )
    return wire_channels.category(channel, category, ids)


@router.delete("/category/remove_conference", name="categories_remove_conference")
@reads(_CHANNEL, _CATEGORY, Param("conference_id", required=True))
async def remove_conference(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    channel = await _channel(session, account, params)
    name = params.required("category_name")
    conference = await get_conference(session, account, params.required("conference_id"))
    await service.remove_conference_from_category(session, account, channel, name, conference)
    return {"success": "The conference has been removed from the category."}


@router.post("/category", name="categories_create")
@reads(_CHANNEL, _CATEGORY)
async def create_category(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    channel = await _channel(session, account, params)
    category = await service.create_category(
        session, account, channel, params.required("category_name")
    )
    return wire_channels.category(channel, category, None)


@router.delete("/category", name="categories_delete")
@reads(_CHANNEL, _CATEGORY)
async def delete_category(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    channel = await _channel(session, account, params)
    await service.delete_category(session, account, channel, params.required("category_name"))
    return {"success": "The category has been deleted."}
