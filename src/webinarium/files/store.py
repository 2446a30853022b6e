"""The file store's bytes: a file is addressed by its row id (``kit.ids.new_id``,
time-ordered) and lives at ``<root>/<id>``; the root is ``Settings.files_root``
(``<data_dir>/files`` unless ``WEBINARIUM_FILES_DIR`` says otherwise). The
database never holds the bytes. Files are public: anyone with the URL
(``file_url``) can fetch one, as a room's logo must show to every attendee; the
id is the only thing that names it.

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

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.files.repository import FileRepository, public_file
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

    def scratch_path(self, file_id: str) -> Path:
        """Where one attempt writes a file's bytes before they are whole and
        kept (`keep`): its own name, as two processes may fetch the same file."""
        return self.root / f"{file_id}.{new_id()}.partial"

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
        await FileRepository(session, account_id).add(row)
        return row

    async def keep(self, session: AsyncSession, row: StoredFile, source: Path) -> None:
        """Moves the bytes at ``source`` (a `scratch_path`) into place as the
        row's, kept with the transaction; fills in their size and digest."""
        path = self.path(row.id)
        row.size, row.sha256 = await asyncio.to_thread(_size_and_digest, source)
        await asyncio.to_thread(os.replace, source, path)
        after_rollback(session, partial(path.unlink, missing_ok=True))

    async def save_scratch(
        self,
        session: AsyncSession,
        account_id: str,
        source: Path,
        content_type: str,
        file_name: str = "",
    ) -> StoredFile:
        """A new file whose bytes are those at ``source`` (a file in the root,
        e.g. a rendered page), moved into place and kept with the transaction."""
        row = StoredFile(
            id=new_id(),
            account_id=account_id,
            content_type=content_type,
            size=0,
            sha256="",
            file_name=file_name,
        )
        await self.keep(session, row, source)
        await FileRepository(session, account_id).add(row)
        return row

    async def find(self, session: AsyncSession, file_id: str) -> StoredFile | None:
        """Any account's file: files are public, their ids are their names."""
        if not _ID.fullmatch(file_id):
            return None
        return await public_file(session, file_id)

    async def delete(self, session: AsyncSession, account_id: str, file_id: str) -> None:
        repository = FileRepository(session, account_id)
        row = await repository.get(file_id)
        if row is None:
            return
        await repository.delete(row)
        after_commit(session, partial(self.path(file_id).unlink, missing_ok=True))


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: written beside, then renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    beside = path.with_suffix(".partial")
    beside.write_bytes(data)
    os.replace(beside, path)


def _size_and_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            size += len(chunk)
            digest.update(chunk)
    return size, digest.hexdigest()
