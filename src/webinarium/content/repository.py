"""Every query on handouts and pre-loaded files, scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from webinarium.kit.repository import TenantRepository
from webinarium.models import Conference, ConferenceFile, Handout


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

    async def files_storing(self, stored_file_id: str) -> list[ConferenceFile]:
        rows = await self.session.scalars(
            select(ConferenceFile)
            .where(
                self._of_account(ConferenceFile),
                ConferenceFile.stored_file_id == stored_file_id,
            )
            .order_by(ConferenceFile.id)
        )
        return list(rows)

    async def files_of(self, conference_ids: Sequence[str]) -> dict[str, list[ConferenceFile]]:
        """The pre-loaded files of many conferences, in one query. The account
        is the conferences' (a file is its conference's): read from the
        conferences by id, the files come by their conference index, where a
        condition on the files' own account would read all its files."""
        rows = await self.session.scalars(
            select(ConferenceFile)
            .join(Conference, Conference.id == ConferenceFile.conference_id)
            .where(self._of_account(Conference), Conference.id.in_(conference_ids))
            .order_by(ConferenceFile.id)
        )
        grouped: dict[str, list[ConferenceFile]] = {}
        for row in rows:
            grouped.setdefault(row.conference_id, []).append(row)
        return grouped
