"""BigMarker "Manage Channel Admins": view, add, update, remove.

View takes the channel URL from the path (as the curl does) or the query string
(the Routing line shows none); a channel id works too, and without either the
admins of every channel of the account are listed. Add finds the account's
person by ``email`` or creates one; ``temporary_password`` is accepted and
ignored. Update's ``photo_url: "delete"`` removes the photo. Remove takes
``admin_id`` from the body.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from webinarium.api.bigmarker import wire_people
from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.bigmarker.common import RequestParams
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import ReadSession, Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.channel_admins import service
from webinarium.channel_admins.schemas import ChannelAdminChanges, ChannelAdminDraft
from webinarium.kit.errors import validated

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Channel Admins"])
# What `_changes` reads.
_CHANGES = (
    Param("first_name"),
    Param("last_name"),
    Param("photo_url", description='an image URL, or "delete" to remove the photo'),
    Param("title"),
    Param("bio"),
    Param("status"),
)


def _changes(params: Params) -> dict[str, Any]:
    photo = params.text("photo_url")
    remove_photo = photo is not None and photo.strip().lower() == "delete"
    return {
        "first_name": params.text("first_name"),
        "last_name": params.text("last_name"),
        "photo_url": None if remove_photo else photo,
        "remove_photo": remove_photo,
        "title": params.text("title"),
        "bio": params.text("bio"),
        "status": (params.text("status") or "").strip().lower() or None,
    }


# Two routes, one operation: the channel in the path, or as a parameter (or
# none: every channel's admins). Each route declares what its path carries, so
# the OpenAPI document stays valid.
@router.get("/channel_admins/{channel_url}", name="channel_admins_list")
async def list_admins_of_channel(
    channel_url: str, session: ReadSession, account: ReadAccount
) -> list[dict[str, Any]]:
    admins = await service.list_admins(session, account, channel_url.strip() or None)
    return [wire_people.channel_admin(a) for a in admins]


@router.get("/channel_admins", name="channel_admins_list")
@reads(Param("channel_url"), Param("channel_id"))
async def list_admins(
    session: ReadSession, account: ReadAccount, params: RequestParams
) -> list[dict[str, Any]]:
    channel = (params.text("channel_url") or params.text("channel_id") or "").strip() or None
    return await list_admins_of_channel(channel or "", session, account)


@router.post("/channel_admins", name="channel_admins_create")
@reads(Param("channel_id", required=True), Param("email", required=True), _CHANGES)
async def create_admin(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    draft = validated(
        ChannelAdminDraft,
        {
            "channel_id": params.required("channel_id"),
            "email": params.required("email"),
            **_changes(params),
        },
    )
    return wire_people.channel_admin(await service.add_admin(session, account, draft))


@router.put("/channel_admins/{admin_id}", name="channel_admins_update")
@reads(_CHANGES)
async def update_admin(
    admin_id: str, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    changes = validated(ChannelAdminChanges, _changes(params))
    return wire_people.channel_admin(
        await service.update_admin(session, account, admin_id, changes)
    )


@router.delete("/channel_admins", name="channel_admins_delete")
@reads(Param("admin_id", required=True))
async def delete_admin(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    await service.remove_admin(session, account, params.required("admin_id"))
    return {"success": "The channel admin has been removed."}
