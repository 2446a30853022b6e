"""``POST /api/webinarium/v1/files`` (a multipart upload),
``GET /api/webinarium/v1/files/{id}`` (a file's state and facts) and
``GET /api/webinarium/v1/files`` (the newest files)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile

from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.deps import ReadSession, Session
from webinarium.api.limits import read_form
from webinarium.api.webinarium.errors import NativeRoute
from webinarium.files import service
from webinarium.files.schemas import FileRead
from webinarium.files.store import FileStore
from webinarium.kit.errors import InvalidInput
from webinarium.models import FileState

router = APIRouter(route_class=NativeRoute, tags=["Webinarium: Files"])
# The newest files a listing shows: enough to find a failed fetch.
LIST_LIMIT = 100


@router.post("/files", name="native_files_upload", status_code=201)
async def upload_file(request: Request, session: Session, account: CurrentAccount) -> FileRead:
    """Stores the multipart field ``file``. Its type is read from its bytes
    (PDF, PNG, JPEG, GIF, WebP, MP4, QuickTime, WebM, MP3, M4A, Ogg, WAV); a
    PDF's pages and thumbnail, a video's duration are read before the answer."""
    form = await read_form(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise InvalidInput("send the file as the multipart/form-data field 'file'")
    settings = request.app.state.settings
    row = await service.upload(
        session,
        account,
        FileStore.of(settings),
        await upload.read(),
        file_name=upload.filename or "",
        max_bytes=settings.fetch_max_bytes,
    )
    return FileRead.of(row, settings.base_url)


@router.get("/files/{file_id}", name="native_files_show")
async def show_file(
    file_id: str, request: Request, session: ReadSession, account: ReadAccount
) -> FileRead:
    row = await service.get_file(session, account, file_id)
    return FileRead.of(row, request.app.state.settings.base_url)


@router.get("/files", name="native_files_list")
async def list_files(
    request: Request, session: ReadSession, account: ReadAccount, state: str = ""
) -> list[FileRead]:
    """The account's files, newest first (at most `LIST_LIMIT`); ``?state=failed``
    shows the fetches that failed, with their reasons."""
    if state and state not in set(FileState):
        raise InvalidInput(f"state must be one of {', '.join(FileState)}, not {state[:40]!r}")
    rows = await service.list_files(
        session, account, state=FileState(state) if state else None, limit=LIST_LIMIT
    )
    base_url = request.app.state.settings.base_url
    return [FileRead.of(row, base_url) for row in rows]
