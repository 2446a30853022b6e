"""Every query on channels. Each statement is built from the caller's account."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import Channel


class ChannelRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def add(self, channel: Channel) -> None:
        self.session.add(channel)
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

    async def url_taken(self, url: str) -> bool:
        """Channel URLs are unique across the server, so this one query is not scoped."""
        return await self.session.scalar(select(Channel.id).where(Channel.url == url)) is not None
