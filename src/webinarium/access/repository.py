"""Every query on block and allow list entries, scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, delete, exists, func, or_, select, update

from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository
from webinarium.models import AccessListEntry, Channel, Conference, RoomBan

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

    async def matching(
        self, conference_id: str | None, channel_id: str | None, candidates: list[str]
    ) -> set[tuple[str, str]]:
        """(owner id, list type) of every list of the conference or the channel
        (None: not asked) that names one of ``candidates``."""
        owners = [
            AccessListEntry.conference_id == conference_id if conference_id else None,
            AccessListEntry.channel_id == channel_id if channel_id else None,
        ]
        rows = await self.session.execute(
            select(
                func.coalesce(AccessListEntry.conference_id, AccessListEntry.channel_id),
                AccessListEntry.list_type,
            ).where(
                self._of_account(),
                AccessListEntry.entry.in_(candidates),
                or_(*(owner for owner in owners if owner is not None)),
            )
        )
        return {(owner_id, list_type) for owner_id, list_type in rows}

    async def venue(
        self, *, conference_id: str | None = None, alias: str | None = None, code: str | None = None
    ) -> tuple[Conference, str, bool, bool] | None:
        """The conference (by id, MyOwnConference alias or Boomstream code), its
        channel's URL and whether the channel's block and allow lists have
        entries: what registering asks first, in one query."""
        named = (
            Conference.id == conference_id
            if conference_id is not None
            else Conference.alias == alias
            if alias is not None
            else Conference.code == code
        )

        def channel_has(list_type: str) -> ColumnElement[bool]:
            return exists().where(
                self._of_account(),
                AccessListEntry.channel_id == Conference.channel_id,
                AccessListEntry.list_type == list_type,
            )

        row = (
            await self.session.execute(
                select(
                    Conference,
                    Channel.url,
                    channel_has("block_list"),
                    channel_has("allow_list"),
                )
                .join(Channel, Channel.id == Conference.channel_id)
                .where(self._of_account(Conference, Channel), named)
            )
        ).first()
        return None if row is None else (row[0], row[1], bool(row[2]), bool(row[3]))


class BanRepository(TenantRepository[RoomBan]):
    model = RoomBan

    async def of_person(self, conference_id: str, person_id: str) -> RoomBan | None:
        return await self.session.scalar(
            self._select().where(
                RoomBan.conference_id == conference_id, RoomBan.person_id == person_id
            )
        )

    async def lift(self, person_ids: Iterable[str], lifted_at: datetime) -> None:
        await self.session.execute(
            update(RoomBan)
            .where(
                self._of_account(),
                RoomBan.person_id.in_(list(person_ids)),
                RoomBan.lifted_at.is_(None),
            )
            .values(lifted_at=lifted_at)
            .execution_options(synchronize_session="fetch")
        )
