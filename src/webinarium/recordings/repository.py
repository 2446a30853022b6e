"""Every query on recordings and their views, scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, func, select, update

from webinarium.kit.repository import TenantRepository
from webinarium.models import Recording, RecordingSession, RecordingView
from webinarium.recordings.schemas import PROCESSING, READY, Watched


class RecordingRepository(TenantRepository[Recording]):
    model = Recording

    def _of_conference(self, conference_id: str) -> Select[Recording]:
        return self._select().where(Recording.conference_id == conference_id)

    async def of_conference(self, conference_id: str) -> list[Recording]:
        rows = await self.session.scalars(
            self._of_conference(conference_id).order_by(Recording.created_at, Recording.id)
        )
        return list(rows)

    async def count_of_conference(self, conference_id: str, statuses: Collection[str]) -> int:
        return await self.count(
            self._of_conference(conference_id).where(Recording.status.in_(statuses))
        )

    async def newest(self, conference_id: str) -> Recording | None:
        """The conference's newest recording, whatever its status."""
        rows = await self.session.scalars(
            self._of_conference(conference_id)
            .order_by(Recording.created_at.desc(), Recording.id.desc())
            .limit(1)
        )
        return rows.first()

    async def is_processing(self, conference_id: str) -> bool:
        return bool(
            await self.count(
                self._of_conference(conference_id).where(Recording.status == PROCESSING)
            )
        )

    async def failure_of(self, recording_id: str) -> str:
        """Why making the recording failed: its recording session keeps the reason."""
        reason = await self.session.scalar(
            select(RecordingSession.error).where(
                RecordingSession.account_id == self.account_id,
                RecordingSession.recording_id == recording_id,
            )
        )
        return reason or ""

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

    async def raise_watched(self, view: RecordingView, seconds: int) -> None:
        """The view's watched seconds become ``seconds`` if that is more: in
        one statement, so two reports at once never lower it."""
        await self.session.execute(
            update(RecordingView)
            .where(
                self._of_account(),
                RecordingView.id == view.id,
                RecordingView.watched_seconds < seconds,
            )
            .values(watched_seconds=seconds)
            .execution_options(synchronize_session=False)
        )
        await self.session.refresh(view, ["watched_seconds"])

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
