"""Every query on stored files."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.repository import TenantRepository
from webinarium.models import FileState, StoredFile


class FileRepository(TenantRepository[StoredFile]):
    model = StoredFile

    async def of_ids(self, ids: Collection[str]) -> dict[str, StoredFile]:
        if not ids:
            return {}
        rows = await self.session.scalars(self._select().where(StoredFile.id.in_(ids)))
        return {row.id: row for row in rows}

    async def newest(self, *, state: FileState | None, limit: int) -> list[StoredFile]:
        statement = self._select().order_by(StoredFile.id.desc()).limit(limit)
        if state is not None:
            statement = statement.where(StoredFile.state == state)
        return list(await self.session.scalars(statement))


async def public_file(session: AsyncSession, file_id: str) -> StoredFile | None:
    """Any account's file: files are public, their ids are their names."""
    return await session.scalar(select(StoredFile).where(StoredFile.id == file_id))


async def file_to_finish(session: AsyncSession, file_id: str) -> StoredFile | None:
    """The file a fetch has ended for, locked until the transaction ends: two
    processes that fetched it (one of them fetching again at its start) write
    their results one after the other, and the second finds it finished."""
    return await session.scalar(
        select(StoredFile).where(StoredFile.id == file_id).with_for_update()
    )


async def fetching_ids(session: AsyncSession) -> list[str]:
    """Every file still to fetch, of every account (the fetcher's start)."""
    rows = await session.scalars(
        select(StoredFile.id).where(StoredFile.state == FileState.FETCHING).order_by(StoredFile.id)
    )
    return list(rows)
