"""Every query on handouts and pre-loaded files, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import select

from webinarium.kit.repository import TenantRepository
from webinarium.models import ConferenceFile, Handout


class ContentRepository(TenantRepository[Handout]):
    model = Handout

    async def delete(self, row: Handout | ConferenceFile) -> None:
        await self.session.delete(row)
        await self.session.flush()

    async def handouts(self, conference_id: str) -> list[Handout]:
        rows = await self.session.scalars(
            self._select().where(Handout.conference_id == conference_id).order_by(Handout.id)
        )
        return list(rows)

    async def file(self, conference_id: str, file_id: str) -> ConferenceFile | None:
        return await self.session.scalar(
            select(ConferenceFile).where(
                self._of_account(ConferenceFile),
                ConferenceFile.conference_id == conference_id,
                ConferenceFile.id == file_id,
            )
        )

    async def files(self, conference_id: str) -> list[ConferenceFile]:
        rows = await self.session.scalars(
            select(ConferenceFile)
            .where(
                self._of_account(ConferenceFile),
                ConferenceFile.conference_id == conference_id,
            )
            .order_by(ConferenceFile.id)
        )
        return list(rows)
