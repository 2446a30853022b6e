"""Channel admins. Services flush; the caller commits.

An admin is a person of the account (found by e-mail, created if new) who
administers one channel. The admin's names are the person's names.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.channel_admins.errors import ChannelAdminExists, ChannelAdminNotFound
from webinarium.channel_admins.repository import ChannelAdminRepository
from webinarium.channel_admins.schemas import (
    ChannelAdminChanges,
    ChannelAdminDetails,
    ChannelAdminDraft,
)
from webinarium.channels.service import get_channel
from webinarium.kit.urls import web_url
from webinarium.models import Account, ChannelAdmin
from webinarium.people.service import normalize_email, upsert_person


def _apply(admin: ChannelAdmin, changes: ChannelAdminChanges) -> None:
    if changes.title is not None:
        admin.title = changes.title.strip()
    if changes.bio is not None:
        admin.bio = changes.bio.strip()
    if changes.status is not None:
        admin.status = changes.status
    if changes.remove_photo:
        admin.photo_url = None
    elif changes.photo_url is not None:
        admin.photo_url = web_url(changes.photo_url, "photo_url")


async def is_active_admin(
    session: AsyncSession, account: Account, channel_id: str, person_id: str
) -> bool:
    """Whether person ``person_id`` is an active admin of channel ``channel_id``."""
    return await ChannelAdminRepository(session, account.id).active(channel_id, person_id)


async def list_admins(
    session: AsyncSession, account: Account, channel_id: str | None
) -> list[ChannelAdminDetails]:
    """The admins of the channel (by id or URL), or of every channel of the account."""
    channel = await get_channel(session, account, channel_id) if channel_id else None
    return await ChannelAdminRepository(session, account.id).listed(channel.id if channel else None)


async def add_admin(
    session: AsyncSession, account: Account, draft: ChannelAdminDraft
) -> ChannelAdminDetails:
    channel = await get_channel(session, account, draft.channel_id)
    email = normalize_email(draft.email)
    person = await upsert_person(
        session,
        account,
        email=email,
        first_name=(draft.first_name or "").strip() or None,
        last_name=(draft.last_name or "").strip() or None,
    )
    repository = ChannelAdminRepository(session, account.id)
    if await repository.exists(channel.id, person.id):
        raise ChannelAdminExists(f"{email} is already an admin of this channel")
    admin = ChannelAdmin(
        account_id=account.id,
        channel_id=channel.id,
        person_id=person.id,
        title="",
        bio="",
        status="active",
    )
    _apply(admin, draft)
    await repository.add(admin)
    return ChannelAdminDetails(admin, person)


async def get_admin(session: AsyncSession, account: Account, admin_id: str) -> ChannelAdminDetails:
    details = await ChannelAdminRepository(session, account.id).details(admin_id.strip())
    if details is None:
        raise ChannelAdminNotFound(f"channel admin {admin_id} not found")
    return details


async def update_admin(
    session: AsyncSession, account: Account, admin_id: str, changes: ChannelAdminChanges
) -> ChannelAdminDetails:
    details = await get_admin(session, account, admin_id)
    first = (changes.first_name or "").strip() or None
    last = (changes.last_name or "").strip() or None
    if first is not None or last is not None:
        await upsert_person(
            session, account, email=details.person.email, first_name=first, last_name=last
        )
    _apply(details.admin, changes)
    await session.flush()
    return details


async def remove_admin(session: AsyncSession, account: Account, admin_id: str) -> None:
    details = await get_admin(session, account, admin_id)
    await ChannelAdminRepository(session, account.id).delete(details.admin)
