"""Every query on recordings, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import Recording


class RecordingRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def get(self, recording_id: str) -> Recording | None:
        return await self.session.scalar(
            select(Recording).where(
                Recording.account_id == self.account_id, Recording.id == recording_id
            )
        )

    async def of_conference(self, conference_id: str) -> list[Recording]:
        rows = await self.session.scalars(
            select(Recording)
            .where(
                Recording.account_id == self.account_id,
                Recording.conference_id == conference_id,
            )
            .order_by(Recording.created_at, Recording.id)
        )
        return list(rows)

    async def count(self, conference_id: str) -> int:
        total = await self.session.scalar(
            select(func.count())
            .select_from(Recording)
            .where(
                Recording.account_id == self.account_id,
                Recording.conference_id == conference_id,
            )
        )
        return total or 0

    async def delete(self, recording: Recording) -> None:
        await self.session.delete(recording)
        await self.session.flush()
