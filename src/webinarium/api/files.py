"""``GET /files/{id}``: a file of the file store (files/store.py), as it was uploaded.

No API key: these are the public images of a room (logos, banners, avatars) that
every attendee's browser loads; the unguessable id is the only name of a file.
``?download=1`` sends it as an attachment (a handout's Download in the room),
named as it was uploaded or fetched.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from webinarium.api.deps import ReadSession
from webinarium.files.store import URL_PREFIX, FileStore
from webinarium.models import StoredFile

router = APIRouter()


def download_name(row: StoredFile) -> str:
    """The uploaded file's name, else the last part of the URL it was fetched
    from, else its id with the extension of its type."""
    if row.file_name:
        return row.file_name
    if row.source_url:
        last = unquote(PurePosixPath(urlsplit(row.source_url).path).name)
        if last:
            return last
    return row.id + (mimetypes.guess_extension(row.content_type) or "")


@router.get(URL_PREFIX + "/{file_id}", name="files_show")
async def show_file(
    file_id: str, request: Request, session: ReadSession, download: bool = False
) -> FileResponse:
    store = FileStore.of(request.app.state.settings)
    row = await store.find(session, file_id)
    if row is None or not store.path(row.id).is_file():
        raise HTTPException(status_code=404, detail="file not found")
    return FileResponse(
        store.path(row.id),
        media_type=row.content_type,
        # A file never changes: a new image is a new file with a new id.
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
        filename=download_name(row) if download else None,
        content_disposition_type="attachment" if download else "inline",
    )
