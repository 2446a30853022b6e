"""Every query of the talk reports (chat, questions, the presenters' activity),
scoped to the caller's account: a page of rows and its count."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select

from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository
from webinarium.models import ChatMessage, ConferenceStatusChange, Question

Row = TypeVar("Row", ChatMessage, Question)


class TalkReportRepository(TenantRepository[ChatMessage]):
    model = ChatMessage

    async def chat_page(
        self, conference_id: str, request: PageRequest
    ) -> tuple[list[ChatMessage], int]:
        """Lines not deleted and not of virtual participants, oldest first."""
        return await self._page(
            ChatMessage,
            (
                ChatMessage.conference_id == conference_id,
                ChatMessage.deleted_at.is_(None),
                ChatMessage.bot_id.is_(None),
            ),
            request,
        )

    async def question_page(
        self, conference_id: str, request: PageRequest
    ) -> tuple[list[Question], int]:
        """Questions a moderator has not dismissed, oldest first."""
        return await self._page(
            Question,
            (Question.conference_id == conference_id, Question.status != "dismissed"),
            request,
        )

    async def status_changes(
        self, conference_id: str, to_statuses: Collection[Any]
    ) -> list[ConferenceStatusChange]:
        return list(
            await self.session.scalars(
                select(ConferenceStatusChange)
                .where(
                    self._of_account(ConferenceStatusChange),
                    ConferenceStatusChange.conference_id == conference_id,
                    ConferenceStatusChange.to_status.in_(to_statuses),
                )
                .order_by(ConferenceStatusChange.changed_at, ConferenceStatusChange.id)
            )
        )

    async def _page(
        self,
        model: type[Row],
        where: tuple[ColumnElement[bool], ...],
        request: PageRequest,
    ) -> tuple[list[Row], int]:
        conditions = (self._of_account(model), *where)
        rows = list(
            await self.session.scalars(
                select(model)
                .where(*conditions)
                .order_by(model.created_at, model.id)
                .limit(request.per_page)
                .offset(request.offset)
            )
        )
        total = await self.session.scalar(
            select(func.count()).select_from(model).where(*conditions)
        )
        return rows, total or 0
