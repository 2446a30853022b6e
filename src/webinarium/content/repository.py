"""Every query on handouts and pre-loaded files, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import ConferenceFile, Handout


class ContentRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def add(self, *rows: Handout | ConferenceFile) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def delete(self, row: Handout | ConferenceFile) -> None:
        await self.session.delete(row)
        await self.session.flush()

    async def handout(self, handout_id: str) -> Handout | None:
        return await self.session.scalar(
            select(Handout).where(Handout.account_id == self.account_id, Handout.id == handout_id)
        )

    async def handouts(self, conference_id: str) -> list[Handout]:
        rows = await self.session.scalars(
            select(Handout)
            .where(Handout.account_id == self.account_id, Handout.conference_id == conference_id)
            .order_by(Handout.id)
        )
        return list(rows)

    async def file(self, conference_id: str, file_id: str) -> ConferenceFile | None:
        return await self.session.scalar(
            select(ConferenceFile).where(
                ConferenceFile.account_id == self.account_id,
                ConferenceFile.conference_id == conference_id,
                ConferenceFile.id == file_id,
            )
        )

    async def files(self, conference_id: str) -> list[ConferenceFile]:
        rows = await self.session.scalars(
            select(ConferenceFile)
            .where(
                ConferenceFile.account_id == self.account_id,
                ConferenceFile.conference_id == conference_id,
            )
            .order_by(ConferenceFile.id)
        )
        return list(rows)
