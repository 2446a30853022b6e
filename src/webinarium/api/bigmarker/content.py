"""BigMarker handouts and pre-loaded files (part of "Manage Conferences")."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.api.bigmarker import wire
from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.bigmarker.common import RequestParams, base_url
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import ReadSession, Session
from webinarium.api.reads import Param, reads
from webinarium.conferences.service import get_conference
from webinarium.content import service
from webinarium.files import service as files
from webinarium.models import Account, Handout

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Conferences"])
_HANDOUT = (
    Param("title"),
    Param("handout_url", description="a file to download; this or handout_link"),
    Param("handout_link", description="a page to link to"),
)


@router.put("/conferences/{conference_id}/upload_file", name="conferences_upload_file")
@reads(Param("file_url", required=True), Param("autoplay", bool, default=False))
async def upload_file(
    conference_id: str, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    conference = await get_conference(session, account, conference_id)
    row = await service.add_file(
        session,
        account,
        conference,
        url=params.text("file_url") or "",
        autoplay=bool(params.boolean("autoplay")),
    )
    return {
        "success": "Your file has been successfully saved!",
        "id": row.id,
        "file_type": row.file_type,
    }


@router.put("/conferences/{conference_id}/delete_file/{file_id}", name="conferences_delete_file")
@router.put(
    "/conferences/{conference_id}/upload_file/delete_file/{file_id}",
    name="conferences_delete_file",
)
async def delete_file(
    conference_id: str, file_id: str, session: Session, account: CurrentAccount
) -> dict[str, str]:
    conference = await get_conference(session, account, conference_id)
    await service.delete_file(session, account, conference, file_id)
    return {"success": "Your file has been successfully deleted!"}


@router.post("/conferences/{conference_id}/add_handout_with_url", name="handouts_create")
@reads(_HANDOUT)
async def create_handout(
    conference_id: str,
    request: Request,
    session: Session,
    account: CurrentAccount,
    params: RequestParams,
) -> dict[str, Any]:
    conference = await get_conference(session, account, conference_id)
    handout = await service.add_handout(
        session,
        account,
        conference,
        title=params.text("title") or "",
        file_url=params.text("handout_url"),
        link_url=params.text("handout_link"),
    )
    return (await _handouts(request, session, account, [handout]))[0]


@router.put("/conferences/{handout_id}/update_handout", name="handouts_update")
@reads(_HANDOUT)
async def update_handout(
    handout_id: str,
    request: Request,
    session: Session,
    account: CurrentAccount,
    params: RequestParams,
) -> dict[str, Any]:
    handout = await service.update_handout(
        session,
        account,
        handout_id,
        title=params.text("title"),
        file_url=params.text("handout_url"),
        link_url=params.text("handout_link"),
    )
    return (await _handouts(request, session, account, [handout]))[0]


@router.post("/conferences/{handout_id}/delete_handout", name="handouts_delete")
async def delete_handout(
    handout_id: str, session: Session, account: CurrentAccount
) -> dict[str, str]:
    await service.delete_handout(session, account, handout_id)
    return {"success": "Your handout has been deleted!"}


@router.get("/conferences/{conference_id}/handouts", name="handouts_list")
async def list_handouts(
    conference_id: str, request: Request, session: ReadSession, account: ReadAccount
) -> list[dict[str, Any]]:
    conference = await get_conference(session, account, conference_id)
    handouts = await service.list_handouts(session, account, conference)
    return await _handouts(request, session, account, handouts)


async def _handouts(
    request: Request, session: AsyncSession, account: Account, handouts: list[Handout]
) -> list[dict[str, Any]]:
    """The handouts as the document shows them, with their fetched files' icons."""
    stored = await files.files_by_id(session, account.id, [h.stored_file_id for h in handouts])
    return [
        wire.handout(base_url(request), h, stored.get(h.stored_file_id or "")) for h in handouts
    ]
