"""Channels, sub-channels, their hosts, subscribers and categories. Services
flush; the caller commits."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.channels.errors import (
    CategoryConferenceNotFound,
    CategoryNotFound,
    ChannelNotFound,
    ChannelUrlTaken,
    NotASubchannel,
    SubscriberNotFound,
)
from webinarium.channels.repository import ChannelRepository, channel_at_address
from webinarium.channels.schemas import SubchannelDraft
from webinarium.kit.errors import InvalidInput, NotFound
from webinarium.kit.pagination import PageRequest
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.text import SLUG_PATTERN, slugify
from webinarium.kit.urls import web_url
from webinarium.models import (
    Account,
    Category,
    CategoryConference,
    Channel,
    ChannelAdmin,
    ChannelSubscriber,
    Conference,
    Person,
)
from webinarium.people.service import find_person, upsert_person

CATEGORY_NAME_MAX = 200
CHANNEL_NAME_MAX = 200
URL_MAX = 2048


# First path segments the app's own routes take (app.py): a channel's public
# page (``/<url>``) and its webinars' (``/<url>/<sub_url>``) must not hide them.
RESERVED_URLS = frozenset(
    {
        "api",
        "console",
        "dev",
        "docs",
        "files",
        "healthz",
        "invite",
        "invite.html",
        "mail",
        "metrics",
        "openapi.json",
        "readyz",
        "reports",
        "room",
        "static",
    }
)


async def create_channel(session: AsyncSession, account: Account, *, name: str) -> Channel:
    """A channel whose URL is the name's slug, made unique on the server ("acme", "acme-2"…)."""
    repository = ChannelRepository(session, account.id)
    base = slugify(name, fallback="channel")
    url, n = base, 1
    while url in RESERVED_URLS or await repository.url_taken(url):
        n += 1
        url = f"{base}-{n}"
    channel = Channel(account_id=account.id, url=url, name=name)
    await repository.add(channel)
    return channel


async def channel_at(session: AsyncSession, url: str) -> Channel:
    """The channel whose public page is ``/<url>`` (any account's: the page is public)."""
    channel = None if url in RESERVED_URLS else await channel_at_address(session, url)
    if channel is None:
        raise ChannelNotFound("there is no channel at this address")
    return channel


async def get_channel(session: AsyncSession, account: Account, id_or_url: str) -> Channel:
    """A channel of ``account`` by id or by URL; BigMarker clients send either as channel_id."""
    channel = await ChannelRepository(session, account.id).get(id_or_url.strip())
    if channel is None:
        raise ChannelNotFound(f"channel {id_or_url} not found")
    return channel


async def main_channel(session: AsyncSession, account: Account) -> Channel:
    """The account's first channel (made with the account): where conferences go
    when a dialect has no channels."""
    channels = await ChannelRepository(session, account.id).all()
    top = [c for c in channels if c.parent_id is None]
    if not top:
        raise ChannelNotFound("the account has no channel")
    return top[0]


async def channels_by_id(
    session: AsyncSession, account: Account, ids: set[str]
) -> dict[str, Channel]:
    return await ChannelRepository(session, account.id).get_many(ids)


async def list_channels(session: AsyncSession, account: Account) -> list[Channel]:
    """Every channel of the account, sub-channels included, oldest first."""
    return await ChannelRepository(session, account.id).all()


async def channel_hosts(
    session: AsyncSession, account: Account, channels: Iterable[Channel]
) -> dict[str, list[tuple[ChannelAdmin, Person]]]:
    """The admins of each channel (by channel id), in one query."""
    return await ChannelRepository(session, account.id).admins_of(c.id for c in channels)


async def create_subchannel(
    session: AsyncSession, account: Account, draft: SubchannelDraft
) -> Channel:
    """A channel under one of the account's channels; its organizer (created as a
    person if new) becomes an admin of the new channel."""
    repository = ChannelRepository(session, account.id)
    master = await get_channel(session, account, draft.master_channel_id)
    url = draft.url.strip().lower()
    if not SLUG_PATTERN.fullmatch(url):
        raise InvalidInput(
            "channel_url must be 1 to 100 lower-case letters, digits, '-' or '_', "
            "starting and ending with a letter or digit"
        )
    if await repository.url_taken(url):
        raise ChannelUrlTaken(f"channel_url {url} is already taken")
    name = draft.name.strip()
    if not name:
        raise InvalidInput("channel_name is required")
    if len(name) > CHANNEL_NAME_MAX:
        raise InvalidInput(f"channel_name must be at most {CHANNEL_NAME_MAX} characters")
    background = web_url(draft.background_image_url, "background_image_url")
    organizer = await upsert_person(
        session,
        account,
        email=draft.organizer.email,
        first_name=draft.organizer.first_name,
        last_name=draft.organizer.last_name,
    )
    channel = Channel(
        account_id=account.id,
        url=url,
        name=name,
        parent_id=master.id,
        background_image_url=background,
    )
    await repository.add(channel)
    await repository.add(
        ChannelAdmin(account_id=account.id, channel_id=channel.id, person_id=organizer.id)
    )
    return channel


async def list_subchannels(
    session: AsyncSession, account: Account, id_or_url: str
) -> list[Channel]:
    channel = await get_channel(session, account, id_or_url)
    return await ChannelRepository(session, account.id).children(channel.id)


async def remove_subchannel(session: AsyncSession, account: Account, id_or_url: str) -> None:
    """Deletes a sub-channel with everything in it: its own sub-channels, its
    conferences (and their registrations), admins, subscribers, categories."""
    channel = await get_channel(session, account, id_or_url)
    if channel.parent_id is None:
        raise NotASubchannel(
            f"channel {channel.url} is not a subchannel; only subchannels can be removed"
        )
    await ChannelRepository(session, account.id).delete(channel)


# Subscribers ------------------------------------------------------------------


async def list_subscribers(
    session: AsyncSession, account: Account, channel: Channel, page: PageRequest | None
) -> tuple[list[tuple[ChannelSubscriber, Person]], int]:
    """The channel's subscribers, oldest first; all of them without ``page``."""
    ensure_owned(account, channel)
    return await ChannelRepository(session, account.id).subscribers(channel.id, page)


async def add_subscriber(
    session: AsyncSession,
    account: Account,
    channel: Channel,
    *,
    email: str,
    first_name: str | None,
    last_name: str | None,
) -> Person:
    """Subscribes the person (created if new, names updated when given); subscribing
    again changes nothing else."""
    ensure_owned(account, channel)
    person = await upsert_person(
        session, account, email=email, first_name=first_name, last_name=last_name
    )
    await subscribe(session, account, channel, person)
    return person


async def subscribe(
    session: AsyncSession, account: Account, channel: Channel, person: Person
) -> None:
    """Adds a person the caller already has to the channel's subscribers, once."""
    ensure_owned(account, channel, person)
    repository = ChannelRepository(session, account.id)
    if await repository.subscription(channel.id, person.id) is None:
        await repository.add(
            ChannelSubscriber(account_id=account.id, channel_id=channel.id, person_id=person.id)
        )


async def remove_subscriber(
    session: AsyncSession, account: Account, channel: Channel, email: str
) -> None:
    ensure_owned(account, channel)
    repository = ChannelRepository(session, account.id)
    try:
        person = await find_person(session, account, email=email)
    except NotFound:
        person = None
    subscription = None if person is None else await repository.subscription(channel.id, person.id)
    if subscription is None:
        raise SubscriberNotFound(f"{email.strip()} is not a subscriber of this channel")
    await repository.delete_row(subscription)


# Categories -------------------------------------------------------------------


def _category_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("category_name is required")
    if len(name) > CATEGORY_NAME_MAX:
        raise InvalidInput(f"category_name must be at most {CATEGORY_NAME_MAX} characters")
    return name


async def _category(repository: ChannelRepository, channel: Channel, name: str) -> Category:
    category = await repository.category(channel.id, _category_name(name))
    if category is None:
        raise CategoryNotFound(f"category {name.strip()!r} not found in this channel")
    return category


async def create_category(
    session: AsyncSession, account: Account, channel: Channel, name: str
) -> Category:
    """The channel's category of that name, created if new (names are unique per channel)."""
    ensure_owned(account, channel)
    repository = ChannelRepository(session, account.id)
    category = await repository.category(channel.id, _category_name(name))
    if category is None:
        category = Category(account_id=account.id, channel_id=channel.id, name=name.strip())
        await repository.add(category)
    return category


async def delete_category(
    session: AsyncSession, account: Account, channel: Channel, name: str
) -> None:
    """Deletes the category; its conferences stay, only the grouping goes."""
    ensure_owned(account, channel)
    repository = ChannelRepository(session, account.id)
    await repository.delete_row(await _category(repository, channel, name))


async def add_conference_to_category(
    session: AsyncSession, account: Account, channel: Channel, name: str, conference: Conference
) -> tuple[Category, list[str]]:
    """Puts a conference of the channel in the category (once); returns the
    category and the ids of all its conferences."""
    ensure_owned(account, channel, conference)
    repository = ChannelRepository(session, account.id)
    category = await _category(repository, channel, name)
    if conference.channel_id != channel.id:
        raise InvalidInput(f"conference {conference.id} is not in channel {channel.url}")
    if await repository.category_conference(category.id, conference.id) is None:
        await repository.add(
            CategoryConference(
                account_id=account.id, category_id=category.id, conference_id=conference.id
            )
        )
    return category, await repository.category_conference_ids(category.id)


async def remove_conference_from_category(
    session: AsyncSession, account: Account, channel: Channel, name: str, conference: Conference
) -> None:
    ensure_owned(account, channel, conference)
    repository = ChannelRepository(session, account.id)
    category = await repository.category(channel.id, _category_name(name))
    row = (
        None
        if category is None
        else await repository.category_conference(category.id, conference.id)
    )
    if row is None:
        raise CategoryConferenceNotFound(
            f"conference {conference.id} is not in category {name.strip()!r}"
        )
    await repository.delete_row(row)


async def category_conference_ids(
    session: AsyncSession, account: Account, category: Category
) -> list[str]:
    ensure_owned(account, category)
    return await ChannelRepository(session, account.id).category_conference_ids(category.id)
