"""Every query on block and allow list entries, scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.pagination import PageRequest
from webinarium.models import AccessListEntry, Channel, Conference

Owner = Conference | Channel


def _owned_by(owner: Owner) -> ColumnElement[bool]:
    if isinstance(owner, Conference):
        return AccessListEntry.conference_id == owner.id
    return AccessListEntry.channel_id == owner.id


class AccessListRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    def _where(self, owner: Owner, list_type: str) -> list[ColumnElement[bool]]:
        return [
            AccessListEntry.account_id == self.account_id,
            _owned_by(owner),
            AccessListEntry.list_type == list_type,
        ]

    async def page(
        self, owner: Owner, list_type: str, page: PageRequest
    ) -> tuple[list[AccessListEntry], int]:
        where = self._where(owner, list_type)
        total = await self.session.scalar(
            select(func.count()).select_from(AccessListEntry).where(*where)
        )
        rows = await self.session.scalars(
            select(AccessListEntry)
            .where(*where)
            .order_by(AccessListEntry.id)
            .offset(page.offset)
            .limit(page.per_page)
        )
        return list(rows), total or 0

    async def existing(self, owner: Owner, list_type: str, entries: Iterable[str]) -> set[str]:
        rows = await self.session.scalars(
            select(AccessListEntry.entry).where(
                *self._where(owner, list_type), AccessListEntry.entry.in_(list(entries))
            )
        )
        return set(rows)

    async def add(self, rows: list[AccessListEntry]) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def remove(self, owner: Owner, list_type: str, entries: Iterable[str]) -> None:
        await self.session.execute(
            delete(AccessListEntry).where(
                *self._where(owner, list_type), AccessListEntry.entry.in_(list(entries))
            )
        )

    async def matching(self, owners: list[Owner], candidates: list[str]) -> set[tuple[str, str]]:
        """(owner id, list type) of every list that names one of ``candidates``."""
        rows = await self.session.execute(
            select(
                func.coalesce(AccessListEntry.conference_id, AccessListEntry.channel_id),
                AccessListEntry.list_type,
            ).where(
                AccessListEntry.account_id == self.account_id,
                AccessListEntry.entry.in_(candidates),
                or_(*(_owned_by(owner) for owner in owners)),
            )
        )
        return {(owner_id, list_type) for owner_id, list_type in rows}

    async def channel_has(self, channel: Channel, list_type: str) -> bool:
        found = await self.session.scalar(
            select(AccessListEntry.id).where(*self._where(channel, list_type)).limit(1)
        )
        return found is not None
