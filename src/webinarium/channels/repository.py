"""Every query on channels, their admins, subscribers and categories. Each
statement is built from the caller's account."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.pagination import PageRequest
from webinarium.models import (
    Category,
    CategoryConference,
    Channel,
    ChannelAdmin,
    ChannelSubscriber,
    Person,
)


class ChannelRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def add(
        self,
        row: Channel | ChannelAdmin | ChannelSubscriber | Category | CategoryConference,
    ) -> None:
        self.session.add(row)
        await self.session.flush()

    async def get(self, id_or_url: str) -> Channel | None:
        return await self.session.scalar(
            select(Channel).where(
                Channel.account_id == self.account_id,
                or_(Channel.id == id_or_url, Channel.url == id_or_url),
            )
        )

    async def first(self) -> Channel | None:
        return await self.session.scalar(
            select(Channel).where(Channel.account_id == self.account_id).order_by(Channel.id)
        )

    async def get_many(self, ids: set[str]) -> dict[str, Channel]:
        rows = await self.session.scalars(
            select(Channel).where(Channel.account_id == self.account_id, Channel.id.in_(ids))
        )
        return {channel.id: channel for channel in rows}

    async def all(self) -> list[Channel]:
        rows = await self.session.scalars(
            select(Channel).where(Channel.account_id == self.account_id).order_by(Channel.id)
        )
        return list(rows)

    async def children(self, parent_id: str) -> list[Channel]:
        rows = await self.session.scalars(
            select(Channel)
            .where(Channel.account_id == self.account_id, Channel.parent_id == parent_id)
            .order_by(Channel.id)
        )
        return list(rows)

    async def delete(self, channel: Channel) -> None:
        # The database cascades to sub-channels, conferences, admins, subscribers,
        # categories and access lists.
        await self.session.execute(
            delete(Channel).where(Channel.account_id == self.account_id, Channel.id == channel.id)
        )
        self.session.expunge(channel)

    async def url_taken(self, url: str) -> bool:
        """Channel URLs are unique across the server, so this one query is not scoped."""
        return await self.session.scalar(select(Channel.id).where(Channel.url == url)) is not None

    # Admins (hosts) -----------------------------------------------------------

    async def admin(self, channel_id: str, person_id: str) -> ChannelAdmin | None:
        return await self.session.scalar(
            select(ChannelAdmin).where(
                ChannelAdmin.account_id == self.account_id,
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
                ChannelAdmin.account_id == self.account_id,
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
                ChannelSubscriber.account_id == self.account_id,
                ChannelSubscriber.channel_id == channel_id,
                ChannelSubscriber.person_id == person_id,
            )
        )

    async def subscribers(
        self, channel_id: str, page: PageRequest | None
    ) -> tuple[list[tuple[ChannelSubscriber, Person]], int]:
        conditions = (
            ChannelSubscriber.account_id == self.account_id,
            ChannelSubscriber.channel_id == channel_id,
        )
        statement = (
            select(ChannelSubscriber, Person)
            .join(Person, Person.id == ChannelSubscriber.person_id)
            .where(*conditions)
            .order_by(ChannelSubscriber.subscribed_at, ChannelSubscriber.id)
        )
        if page is not None:
            statement = statement.offset(page.offset).limit(page.per_page)
        rows = [
            (subscriber, person) for subscriber, person in await self.session.execute(statement)
        ]
        if page is None:
            return rows, len(rows)
        total = await self.session.scalar(
            select(func.count()).select_from(ChannelSubscriber).where(*conditions)
        )
        return rows, total or 0

    async def delete_row(self, row: ChannelSubscriber | Category | CategoryConference) -> None:
        await self.session.delete(row)
        await self.session.flush()

    # Categories ---------------------------------------------------------------

    async def category(self, channel_id: str, name: str) -> Category | None:
        return await self.session.scalar(
            select(Category).where(
                Category.account_id == self.account_id,
                Category.channel_id == channel_id,
                Category.name == name,
            )
        )

    async def category_conference(
        self, category_id: str, conference_id: str
    ) -> CategoryConference | None:
        return await self.session.scalar(
            select(CategoryConference).where(
                CategoryConference.account_id == self.account_id,
                CategoryConference.category_id == category_id,
                CategoryConference.conference_id == conference_id,
            )
        )

    async def category_conference_ids(self, category_id: str) -> list[str]:
        rows = await self.session.scalars(
            select(CategoryConference.conference_id)
            .where(
                CategoryConference.account_id == self.account_id,
                CategoryConference.category_id == category_id,
            )
            .order_by(CategoryConference.id)
        )
        return list(rows)
