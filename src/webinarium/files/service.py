"""The only way to add files to the store: uploads (`upload`) and fetches
(`fetch_later`, then `finish_fetch` or `fail_fetch` from files/tasks.py).
Services never commit: the caller's unit of work does."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.files.errors import StoredFileNotFound, UnsupportedFileType
from webinarium.files.facts import Facts, read_facts
from webinarium.files.fetch import too_large
from webinarium.files.repository import FileRepository
from webinarium.files.signals import fetch_requests
from webinarium.files.sniff import HEAD_BYTES, content_type_of
from webinarium.files.store import FileStore
from webinarium.kit.after_commit import after_commit
from webinarium.kit.ids import new_id
from webinarium.models import Account, FileState, StoredFile

# What the file_name column holds.
FILE_NAME_MAX = 255
# What the reason column holds.
REASON_MAX = 500


def sniffed_type(head: bytes) -> str:
    content_type = content_type_of(head)
    if content_type is None:
        raise UnsupportedFileType(
            "the file is none of the types this server takes: PDF, PNG, JPEG, GIF, WebP,"
            " MP4, QuickTime, WebM, MP3, M4A, Ogg, WAV"
        )
    return content_type


async def upload(
    session: AsyncSession,
    account: Account,
    store: FileStore,
    data: bytes,
    *,
    file_name: str,
    max_bytes: int,
) -> StoredFile:
    """Stores uploaded bytes with their facts. Refuses a file over ``max_bytes``,
    of a type the store does not take, or that cannot be read (a broken PDF)."""
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    content_type = sniffed_type(data[:HEAD_BYTES])
    row = await store.save(session, account.id, data, content_type, file_name[:FILE_NAME_MAX])
    facts = await read_facts(store.path(row.id), content_type, store.root)
    try:
        await _add_facts(session, store, row, facts)
    finally:
        facts.discard()
    return row


async def fetch_later(session: AsyncSession, account_id: str, url: str) -> StoredFile:
    """A file to be fetched from ``url`` once the transaction has committed;
    its row says ``fetching`` until then."""
    row = StoredFile(
        id=new_id(),
        account_id=account_id,
        state=FileState.FETCHING,
        source_url=url,
        content_type="",
        size=0,
        sha256="",
    )
    await FileRepository(session, account_id).add(row)
    file_id = row.id
    after_commit(session, lambda: fetch_requests.send(file_id))
    return row


async def finish_fetch(
    session: AsyncSession,
    store: FileStore,
    row: StoredFile,
    fetched: Path,
    content_type: str,
    facts: Facts,
) -> None:
    """The fetched bytes (at ``fetched``, in the store's root) are the file:
    kept, with their facts, and the row is ready."""
    await store.keep(session, row, fetched)
    row.content_type = content_type
    await _add_facts(session, store, row, facts)
    row.state = FileState.READY
    row.reason = ""
    await session.flush()


async def fail_fetch(session: AsyncSession, row: StoredFile, reason: str) -> None:
    row.state = FileState.FAILED
    row.reason = reason[:REASON_MAX]
    await session.flush()


async def _add_facts(
    session: AsyncSession, store: FileStore, row: StoredFile, facts: Facts
) -> None:
    row.pages = facts.pages
    row.duration_seconds = facts.duration_seconds
    if facts.thumbnail_png is not None:
        thumbnail = await store.save(
            session, row.account_id, facts.thumbnail_png, "image/png", f"{row.id}-icon.png"
        )
        row.thumbnail_id = thumbnail.id
    if facts.page_images:
        page_image_ids = []
        for number, page in enumerate(facts.page_images, start=1):
            name = f"{row.id}-page-{number}.png"
            image = await store.save_scratch(session, row.account_id, page, "image/png", name)
            page_image_ids.append(image.id)
        row.page_image_ids = page_image_ids
    await session.flush()


async def get_file(session: AsyncSession, account: Account, file_id: str) -> StoredFile:
    row = await FileRepository(session, account.id).get(file_id.strip())
    if row is None:
        raise StoredFileNotFound(f"file {file_id} not found")
    return row


async def files_by_id(
    session: AsyncSession, account_id: str, ids: Collection[str | None]
) -> dict[str, StoredFile]:
    """The account's files of these ids, in one query (None ids are skipped)."""
    return await FileRepository(session, account_id).of_ids({i for i in ids if i is not None})


async def list_files(
    session: AsyncSession, account: Account, *, state: FileState | None, limit: int
) -> list[StoredFile]:
    return await FileRepository(session, account.id).newest(state=state, limit=limit)
