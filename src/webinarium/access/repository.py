"""Every query on block and allow list entries, scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, delete, func, or_, select

from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository
from webinarium.models import AccessListEntry, Channel, Conference

Owner = Conference | Channel


def _owned_by(owner: Owner) -> ColumnElement[bool]:
    if isinstance(owner, Conference):
        return AccessListEntry.conference_id == owner.id
    return AccessListEntry.channel_id == owner.id


class AccessListRepository(TenantRepository[AccessListEntry]):
    model = AccessListEntry

    def _where(self, owner: Owner, list_type: str) -> list[ColumnElement[bool]]:
        return [
            self._of_account(),
            _owned_by(owner),
            AccessListEntry.list_type == list_type,
        ]

    async def page(
        self, owner: Owner, list_type: str, page: PageRequest
    ) -> tuple[list[AccessListEntry], int]:
        return await self.paginate(
            select(AccessListEntry)
            .where(*self._where(owner, list_type))
            .order_by(AccessListEntry.id),
            page,
        )

    async def existing(self, owner: Owner, list_type: str, entries: Iterable[str]) -> set[str]:
        rows = await self.session.scalars(
            select(AccessListEntry.entry).where(
                *self._where(owner, list_type), AccessListEntry.entry.in_(list(entries))
            )
        )
        return set(rows)

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
                self._of_account(),
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
