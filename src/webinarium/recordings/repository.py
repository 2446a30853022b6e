"""Every query on recordings, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import Select

from webinarium.kit.repository import TenantRepository
from webinarium.models import Recording


class RecordingRepository(TenantRepository[Recording]):
    model = Recording

    def _of_conference(self, conference_id: str) -> Select[Recording]:
        return self._select().where(Recording.conference_id == conference_id)

    async def of_conference(self, conference_id: str) -> list[Recording]:
        rows = await self.session.scalars(
            self._of_conference(conference_id).order_by(Recording.created_at, Recording.id)
        )
        return list(rows)

    async def count_of_conference(self, conference_id: str) -> int:
        return await self.count(self._of_conference(conference_id))
