"""The file store: uploaded images (room logos and banners, avatars) kept as files
on disk, described by a row of the ``files`` table (``StoredFile``).

A file is addressed by its row id (``kit.ids.new_id``, time-ordered) and lives at
``<root>/<id>``; the root is ``Settings.files_root`` (``<data_dir>/files`` unless
``WEBINARIUM_FILES_DIR`` says otherwise). The database never holds the bytes.
Files are public: anyone with the URL (``file_url``) can fetch one, as a room's
logo must show to every attendee; the id is the only thing that names it.

The bytes follow the transaction: a file written in a transaction that rolls back
is removed again, and a deleted file's bytes are removed only once the deletion
is committed.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.after_commit import after_commit, after_rollback
from webinarium.kit.ids import new_id
from webinarium.models import StoredFile
from webinarium.settings import Settings

# Where the app serves the store (api/files.py).
URL_PREFIX = "/files"
_ID = re.compile(r"[0-9a-f]{20}")


def file_url(base_url: str, file_id: str) -> str:
    return f"{base_url}{URL_PREFIX}/{file_id}"


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def of(cls, settings: Settings) -> FileStore:
        return cls(settings.files_root)

    def path(self, file_id: str) -> Path:
        if not _ID.fullmatch(file_id):
            raise ValueError(f"not a file id: {file_id!r}")
        return self.root / file_id

    async def save(
        self,
        session: AsyncSession,
        account_id: str,
        data: bytes,
        content_type: str,
        file_name: str = "",
    ) -> StoredFile:
        row = StoredFile(
            id=new_id(),
            account_id=account_id,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            file_name=file_name,
        )
        path = self.path(row.id)
        await asyncio.to_thread(_write, path, data)
        after_rollback(session, partial(path.unlink, missing_ok=True))
        session.add(row)
        await session.flush()
        return row

    async def find(self, session: AsyncSession, file_id: str) -> StoredFile | None:
        """Any account's file: files are public, their ids are their names."""
        if not _ID.fullmatch(file_id):
            return None
        return await session.scalar(select(StoredFile).where(StoredFile.id == file_id))

    async def delete(self, session: AsyncSession, account_id: str, file_id: str) -> None:
        row = await session.scalar(
            select(StoredFile).where(StoredFile.account_id == account_id, StoredFile.id == file_id)
        )
        if row is None:
            return
        await session.delete(row)
        await session.flush()
        after_commit(session, partial(self.path(file_id).unlink, missing_ok=True))


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: written beside, then renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(data)
    os.replace(partial, path)
