"""``GET /files/{id}``: a file of the file store (files/store.py), as it was uploaded.

No API key: these are the public images of a room (logos, banners, avatars) that
every attendee's browser loads; the unguessable id is the only name of a file.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from webinarium.api.deps import ReadSession
from webinarium.files.store import URL_PREFIX, FileStore

router = APIRouter()


@router.get(URL_PREFIX + "/{file_id}", name="files_show")
async def show_file(file_id: str, request: Request, session: ReadSession) -> FileResponse:
    store = FileStore.of(request.app.state.settings)
    row = await store.find(session, file_id)
    if row is None or not store.path(row.id).is_file():
        raise HTTPException(status_code=404, detail="file not found")
    return FileResponse(
        store.path(row.id),
        media_type=row.content_type,
        # A file never changes: a new image is a new file with a new id.
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )
