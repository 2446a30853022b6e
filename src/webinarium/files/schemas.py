"""What the interfaces show of a stored file."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from webinarium.files.sniff import IMAGE_TYPES
from webinarium.files.store import file_url
from webinarium.models import FileState, StoredFile


def icon_url(row: StoredFile | None, base_url: str) -> str | None:
    """A small picture of the file: a PDF's first page; an image is its own
    icon; None for other files and for files not (yet) ready."""
    if row is None or row.state != FileState.READY:
        return None
    if row.thumbnail_id is not None:
        return file_url(base_url, row.thumbnail_id)
    if row.content_type in IMAGE_TYPES:
        return file_url(base_url, row.id)
    return None


class FileRead(BaseModel):
    id: str
    state: FileState
    # Why the file failed; empty otherwise.
    reason: str
    file_name: str
    source_url: str | None
    # The file's own bytes: its URL, size and sniffed type (None, 0 and "" until ready).
    url: str | None
    size: int
    content_type: str
    pages: int | None
    duration_seconds: float | None
    icon_url: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: StoredFile, base_url: str) -> FileRead:
        ready = row.state == FileState.READY
        return cls(
            id=row.id,
            state=FileState(row.state),
            reason=row.reason,
            file_name=row.file_name,
            source_url=row.source_url,
            url=file_url(base_url, row.id) if ready else None,
            size=row.size,
            content_type=row.content_type,
            pages=row.pages,
            duration_seconds=row.duration_seconds,
            icon_url=icon_url(row, base_url),
            created_at=row.created_at,
        )
