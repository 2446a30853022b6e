"""Every query on channels, their admins, subscribers and categories. Each
statement is built from the caller's account."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository
from webinarium.models import (
    Category,
    CategoryConference,
    Channel,
    ChannelAdmin,
    ChannelSubscriber,
    Person,
)


async def channel_at_address(session: AsyncSession, url: str) -> Channel | None:
    """The channel whose public page is ``/<url>``: not scoped to an account,
    as the address is public and channel URLs are unique on the server."""
    return await session.scalar(select(Channel).where(Channel.url == url))


class ChannelRepository(TenantRepository[Channel]):
    model = Channel
    # Deleting a channel deletes its sub-channels, conferences, admins,
    # subscribers, categories and access lists.
    cascades_in_database = True

    async def get(self, id_or_url: str) -> Channel | None:
        return await self.session.scalar(
            self._select().where(or_(Channel.id == id_or_url, Channel.url == id_or_url))
        )

    async def first(self) -> Channel | None:
        return await self.session.scalar(self._select().order_by(Channel.id))

    async def get_many(self, ids: set[str]) -> dict[str, Channel]:
        rows = await self.session.scalars(self._select().where(Channel.id.in_(ids)))
        return {channel.id: channel for channel in rows}

    async def all(self) -> list[Channel]:
        rows = await self.session.scalars(self._select().order_by(Channel.id))
        return list(rows)

    async def children(self, parent_id: str) -> list[Channel]:
        rows = await self.session.scalars(
            self._select().where(Channel.parent_id == parent_id).order_by(Channel.id)
        )
        return list(rows)

    async def url_taken(self, url: str) -> bool:
        """Channel URLs are unique across the server, so this one query is not scoped."""
        return await self.session.scalar(select(Channel.id).where(Channel.url == url)) is not None

    # Admins (hosts) -----------------------------------------------------------

    async def admin(self, channel_id: str, person_id: str) -> ChannelAdmin | None:
        return await self.session.scalar(
            select(ChannelAdmin).where(
                self._of_account(ChannelAdmin),
                ChannelAdmin.channel_id == channel_id,
                ChannelAdmin.person_id == person_id,
            )
        )

    async def admins_of(
        self, channel_ids: Iterable[str]
    ) -> dict[str, list[tuple[ChannelAdmin, Person]]]:
        rows = await self.session.execute(
            select(ChannelAdmin, Person)
            .join(Person, Person.id == ChannelAdmin.person_id)
            .where(
                self._of_account(ChannelAdmin),
                ChannelAdmin.channel_id.in_(list(channel_ids)),
            )
            .order_by(ChannelAdmin.id)
        )
        grouped: dict[str, list[tuple[ChannelAdmin, Person]]] = defaultdict(list)
        for admin, person in rows:
            grouped[admin.channel_id].append((admin, person))
        return grouped

    # Subscribers --------------------------------------------------------------

    async def subscription(self, channel_id: str, person_id: str) -> ChannelSubscriber | None:
        return await self.session.scalar(
            select(ChannelSubscriber).where(
                self._of_account(ChannelSubscriber),
                ChannelSubscriber.channel_id == channel_id,
                ChannelSubscriber.person_id == person_id,
            )
        )

    async def subscribers(
        self, channel_id: str, page: PageRequest | None
    ) -> tuple[list[tuple[ChannelSubscriber, Person]], int]:
        statement = (
            select(ChannelSubscriber, Person)
            .join(Person, Person.id == ChannelSubscriber.person_id)
            .where(self._of_account(ChannelSubscriber), ChannelSubscriber.channel_id == channel_id)
            .order_by(ChannelSubscriber.subscribed_at, ChannelSubscriber.id)
        )
        if page is not None:
            return await self.paginate_rows(statement, page)
        rows = [
            (subscriber, person) for subscriber, person in await self.session.execute(statement)
        ]
        return rows, len(rows)

    async def delete_row(self, row: ChannelSubscriber | Category | CategoryConference) -> None:
        await self.session.delete(row)
        await self.session.flush()

    # Categories ---------------------------------------------------------------

    async def category(self, channel_id: str, name: str) -> Category | None:
        return await self.session.scalar(
            select(Category).where(
                self._of_account(Category),
                Category.channel_id == channel_id,
                Category.name == name,
            )
        )

    async def category_conference(
        self, category_id: str, conference_id: str
    ) -> CategoryConference | None:
        return await self.session.scalar(
            select(CategoryConference).where(
                self._of_account(CategoryConference),
                CategoryConference.category_id == category_id,
                CategoryConference.conference_id == conference_id,
            )
        )

    async def category_conference_ids(self, category_id: str) -> list[str]:
        rows = await self.session.scalars(
            select(CategoryConference.conference_id)
            .where(
                self._of_account(CategoryConference),
                CategoryConference.category_id == category_id,
            )
            .order_by(CategoryConference.id)
        )
        return list(rows)
