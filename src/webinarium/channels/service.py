"""Channels. Services flush; the caller commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.channels.errors import ChannelNotFound
from webinarium.channels.repository import ChannelRepository
from webinarium.kit.text import slugify
from webinarium.models import Account, Channel


async def create_channel(session: AsyncSession, account: Account, *, name: str) -> Channel:
    """A channel whose URL is the name's slug, made unique on the server ("acme", "acme-2"…)."""
    repository = ChannelRepository(session, account.id)
    base = slugify(name, fallback="channel")
    url, n = base, 1
    while await repository.url_taken(url):
        n += 1
        url = f"{base}-{n}"
    channel = Channel(account_id=account.id, url=url, name=name)
    await repository.add(channel)
    return channel


async def get_channel(session: AsyncSession, account: Account, id_or_url: str) -> Channel:
    """A channel of ``account`` by id or by URL; BigMarker clients send either as channel_id."""
    channel = await ChannelRepository(session, account.id).get(id_or_url.strip())
    if channel is None:
        raise ChannelNotFound(f"channel {id_or_url} not found")
    return channel


async def channels_by_id(
    session: AsyncSession, account: Account, ids: set[str]
) -> dict[str, Channel]:
    return await ChannelRepository(session, account.id).get_many(ids)
