"""Every query on recordings and their views, scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, func, select

from webinarium.kit.repository import TenantRepository
from webinarium.models import Recording, RecordingView
from webinarium.recordings.schemas import Watched

READY = "ready"


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

    async def latest_ready(self, conference_ids: Collection[str]) -> dict[str, Recording]:
        """Each conference's newest ready recording (the one BigMarker shows)."""
        if not conference_ids:
            return {}
        rows = await self.session.scalars(
            self._select()
            .where(Recording.conference_id.in_(conference_ids), Recording.status == READY)
            .order_by(Recording.created_at, Recording.id)
        )
        return {r.conference_id: r for r in rows}  # the newest wins


class RecordingViewRepository(TenantRepository[RecordingView]):
    model = RecordingView

    async def of_conference(self, conference_id: str) -> list[RecordingView]:
        rows = await self.session.scalars(
            self._select()
            .where(RecordingView.conference_id == conference_id)
            .order_by(RecordingView.created_at, RecordingView.id)
        )
        return list(rows)

    async def watched_by_person(self, conference_id: str) -> dict[str, Watched]:
        """Person id → what they watched of the conference's recordings, in
        the order they first watched."""
        first = func.min(RecordingView.created_at)
        rows = await self.session.execute(
            select(
                RecordingView.person_id,
                func.count(RecordingView.id),
                func.coalesce(func.sum(RecordingView.watched_seconds), 0),
                first,
            )
            .where(
                self._of_account(),
                RecordingView.conference_id == conference_id,
                RecordingView.person_id.is_not(None),
            )
            .group_by(RecordingView.person_id)
            .order_by(first, RecordingView.person_id)
        )
        return {
            person_id: Watched(int(views), int(seconds), first_at)
            for person_id, views, seconds, first_at in rows
            if person_id is not None
        }
