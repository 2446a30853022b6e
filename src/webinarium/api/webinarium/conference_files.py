"""A conference's pre-loaded files (what the room shows as slides or plays as
a video): ``POST /api/webinarium/v1/conferences/{conference_id}/files`` attaches
a file of the account's store (``{"file_id"}``, an upload ready), ``GET`` lists
them (fetched and attached alike), ``DELETE …/files/{conference_file_id}``
removes one. The pre-loaded file's id is the one the room's ``slides.show`` and
``video.play`` and the vendors' APIs use."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.deps import ReadSession, Session
from webinarium.api.webinarium.bodies import json_object
from webinarium.api.webinarium.errors import NativeRoute
from webinarium.conferences.service import get_conference
from webinarium.content import service
from webinarium.files.schemas import icon_url
from webinarium.kit.errors import validated
from webinarium.models import ConferenceFile, FileState, StoredFile

router = APIRouter(route_class=NativeRoute, tags=["Webinarium: Conference files"])
PATH = "/conferences/{conference_id}/files"


class AttachInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The id of a file of the store (``POST /api/webinarium/v1/files``).
    file_id: str = Field(max_length=100)


class ConferenceFileRead(BaseModel):
    id: str
    conference_id: str
    name: str
    # ``whiteboard`` (a PDF or an image: slides), ``video`` or ``audio``.
    file_type: str
    file_url: str
    # The file in the store, and its facts once it is ready (0 and None before).
    stored_file_id: str | None
    state: FileState | None
    size: int
    pages: int | None
    duration_seconds: float | None
    icon_url: str | None
    created_at: datetime

    @classmethod
    def of(
        cls, row: ConferenceFile, stored: StoredFile | None, base_url: str
    ) -> ConferenceFileRead:
        ready = stored if stored is not None and stored.state == FileState.READY else None
        return cls(
            id=row.id,
            conference_id=row.conference_id,
            name=service.file_name(row, stored),
            file_type=row.file_type,
            file_url=row.file_url,
            stored_file_id=row.stored_file_id,
            state=FileState(stored.state) if stored is not None else None,
            size=ready.size if ready else 0,
            pages=ready.pages if ready else None,
            duration_seconds=ready.duration_seconds if ready else None,
            icon_url=icon_url(stored, base_url),
            created_at=row.created_at,
        )


@router.post(
    PATH,
    name="native_conference_files_attach",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": AttachInput.model_json_schema()}},
        }
    },
)
async def attach_file(
    conference_id: str, request: Request, session: Session, account: CurrentAccount
) -> ConferenceFileRead:
    """Attaches file ``file_id`` of the account's store (ready: a PDF, an image,
    a video or an audio file) to the conference as a pre-loaded file."""
    given = validated(
        AttachInput, await json_object(request, '{"file_id": "<id of a stored file>"}')
    )
    conference = await get_conference(session, account, conference_id)
    base_url = request.app.state.settings.base_url
    row, stored = await service.attach_upload(
        session, account, conference, given.file_id, base_url=base_url
    )
    return ConferenceFileRead.of(row, stored, base_url)


@router.get(PATH, name="native_conference_files_list")
async def list_files(
    conference_id: str, request: Request, session: ReadSession, account: ReadAccount
) -> list[ConferenceFileRead]:
    """The conference's pre-loaded files, oldest first: attached uploads and
    files added by URL (BigMarker's ``upload_file``) alike."""
    conference = await get_conference(session, account, conference_id)
    base_url = request.app.state.settings.base_url
    return [
        ConferenceFileRead.of(row, stored, base_url)
        for row, stored in await service.list_files_stored(session, account, conference)
    ]


@router.delete(
    PATH + "/{conference_file_id}", name="native_conference_files_delete", status_code=204
)
async def delete_file(
    conference_id: str, conference_file_id: str, session: Session, account: CurrentAccount
) -> Response:
    """Removes the pre-loaded file from the conference; the stored file stays in the store."""
    conference = await get_conference(session, account, conference_id)
    await service.delete_file(session, account, conference, conference_file_id)
    return Response(status_code=204)
