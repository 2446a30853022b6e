"""The users of an account and their roles in the organiser console.

Roles: ``owner`` (everything, and the only one who changes people), ``admin``
(everything but people), ``channel_admin`` (the webinars of the channels
linked to them in ``user_channels``, nothing of the account's settings). The
first user of an account is its owner; an account always keeps one.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.console_sessions import ROLES, end_sessions_of
from webinarium.accounts.errors import EmailTaken
from webinarium.accounts.repository import (
    AccountRepository,
    ConsoleRepository,
    PeopleRepository,
    add_user_token,
    user_token_by_hash,
)
from webinarium.channels.repository import ChannelRepository
from webinarium.kit.errors import DomainError, InvalidInput, NotFound
from webinarium.kit.security import hash_password
from webinarium.messaging.compose import MailKind, mail_language
from webinarium.messaging.service import Letter, queue_mail
from webinarium.models import Account, User, UserChannel, UserToken
from webinarium.people.service import normalize_email
from webinarium.settings import Settings

MIN_PASSWORD_LENGTH = 8


def valid_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    return role


async def valid_channel_ids(
    session: AsyncSession, account_id: str, role: str, channel_ids: Sequence[str]
) -> list[str]:
    """The channels a user of ``role`` administers: some of the account's
    channels for a channel admin, none for the other roles."""
    if role != "channel_admin":
        return []
    wanted = set(channel_ids)
    if not wanted:
        raise InvalidInput("a channel admin needs at least one channel")
    found = await ChannelRepository(session, account_id).get_many(wanted)
    if set(found) != wanted:
        raise InvalidInput("channel not found in this account")
    return sorted(wanted)


def valid_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD_LENGTH} characters long")
    return password


async def add_user(
    session: AsyncSession,
    account_id: str,
    *,
    email: str,
    name: str,
    password: str,
    role: str,
    channel_ids: Sequence[str] = (),
) -> User:
    """A new user of the account (an accepted invitation, or a test's)."""
    email, name = email.strip().lower(), name.strip()
    if "@" not in email:
        raise InvalidInput("email must be an e-mail address")
    if not name:
        raise InvalidInput("name must not be empty")
    valid_password(password)
    valid_role(role)
    channels = await valid_channel_ids(session, account_id, role, channel_ids)
    repository = AccountRepository(session)
    if await repository.get_user_by_email(email) is not None:
        raise EmailTaken(f"a user with e-mail {email} already exists")
    user = User(
        account_id=account_id,
        email=email,
        name=name,
        password_hash=hash_password(password),
        role=role,
    )
    await repository.add(user)
    await ConsoleRepository(session).add(
        *(UserChannel(user_id=user.id, channel_id=c, account_id=account_id) for c in channels)
    )
    return user


# -- the account's people -------------------------------------------------------

INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=1)
ROLE_NAMES = {"owner": "owner", "admin": "admin", "channel_admin": "channel admin"}


class LastOwner(InvalidInput):
    code = "last_owner"


class UserNotFound(NotFound):
    code = "user_not_found"


class LinkRefused(DomainError):
    """A password reset or invitation link that is unknown, used or expired."""

    code = "link_refused"


@dataclass(frozen=True)
class Member:
    user: User
    channel_ids: list[str]


async def list_people(session: AsyncSession, account_id: str) -> list[Member]:
    repository = PeopleRepository(session, account_id)
    channels = await repository.channels_of_users()
    return [Member(u, sorted(channels.get(u.id, []))) for u in await repository.users()]


async def get_user(session: AsyncSession, account_id: str, user_id: str) -> User:
    user = await PeopleRepository(session, account_id).user(user_id)
    if user is None:
        raise UserNotFound(f"no user {user_id} in this account")
    return user


async def change_role(
    session: AsyncSession, account_id: str, user_id: str, role: str, channel_ids: Sequence[str]
) -> User:
    """The user's new role (and channels); the account keeps at least one owner."""
    valid_role(role)
    repository = PeopleRepository(session, account_id)
    user = await get_user(session, account_id, user_id)
    channels = await valid_channel_ids(session, account_id, role, channel_ids)
    if user.role == "owner" and role != "owner" and await repository.count_owners() <= 1:
        raise LastOwner("the account's last owner stays an owner")
    user.role = role
    await repository.replace_channels(user.id, channels)
    return user


async def remove_user(session: AsyncSession, account_id: str, user_id: str) -> User:
    """Removes the user (their sessions and links go with the row); the account
    keeps at least one owner."""
    repository = PeopleRepository(session, account_id)
    user = await get_user(session, account_id, user_id)
    if user.role == "owner" and await repository.count_owners() <= 1:
        raise LastOwner("the account's last owner cannot be removed")
    await repository.delete_user(user)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


async def _new_link(session: AsyncSession, row: UserToken) -> str:
    token = secrets.token_urlsafe(32)
    row.token_hash = _token_hash(token)
    await add_user_token(session, row)
    return token


async def _mail_link(
    session: AsyncSession,
    account: Account,
    settings: Settings,
    kind: MailKind,
    to: str,
    facts: dict[str, str],
    now: datetime,
) -> None:
    letter = Letter(
        kind=kind,
        language=mail_language(account.language),
        to_address=to,
        facts={"account_name": account.name, **facts},
        transactional=True,
    )
    await queue_mail(session, account, settings, letter, now)


async def invite(
    session: AsyncSession,
    account: Account,
    settings: Settings,
    inviter: User,
    *,
    email: str,
    role: str,
    channel_ids: Sequence[str],
    now: datetime,
) -> UserToken:
    """Mails ``email`` a link (7 days, single use) to join the account as ``role``."""
    email = normalize_email(email)
    if "@" not in email:
        raise InvalidInput("email must be an e-mail address")
    valid_role(role)
    channels = await valid_channel_ids(session, account.id, role, channel_ids)
    if await AccountRepository(session).get_user_by_email(email) is not None:
        raise EmailTaken(f"a user with e-mail {email} already exists")
    row = UserToken(
        account_id=account.id,
        purpose="invitation",
        email=email,
        role=role,
        channel_ids=channels,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    token = await _new_link(session, row)
    link = f"{settings.base_url}/console/invitations/{token}"
    facts = {"link": link, "inviter": inviter.name, "role": ROLE_NAMES[role]}
    await _mail_link(session, account, settings, "user_invitation", email, facts, now)
    return row


async def usable_link(session: AsyncSession, token: str, purpose: str, now: datetime) -> UserToken:
    row = await user_token_by_hash(session, _token_hash(token))
    if row is None or row.purpose != purpose or row.used_at is not None or now >= row.expires_at:
        raise LinkRefused("This link does not work: it is unknown, used or expired.")
    return row


async def accept_invitation(
    session: AsyncSession, token: str, *, name: str, password: str, now: datetime
) -> User:
    """The invited person's new user; the link is spent."""
    row = await usable_link(session, token, "invitation", now)
    user = await add_user(
        session,
        row.account_id,
        email=row.email or "",
        name=name,
        password=password,
        role=row.role or "",
        channel_ids=row.channel_ids,
    )
    row.used_at = now
    await session.flush()
    return user


async def ask_password_reset(
    session: AsyncSession, settings: Settings, email: str, now: datetime
) -> None:
    """Mails the user with this e-mail a link (1 hour, single use) to set a new
    password; an unknown e-mail gets nothing, and the caller says the same."""
    user = await AccountRepository(session).get_user_by_email(normalize_email(email))
    if user is None:
        return
    account = await AccountRepository(session).get_account(user.account_id)
    assert account is not None
    row = UserToken(
        account_id=user.account_id,
        purpose="password_reset",
        user_id=user.id,
        created_at=now,
        expires_at=now + RESET_LIFETIME,
    )
    token = await _new_link(session, row)
    link = f"{settings.base_url}/console/password-reset/{token}"
    facts = {"link": link, "email": user.email}
    await _mail_link(session, account, settings, "password_reset", user.email, facts, now)


async def reset_password(session: AsyncSession, token: str, password: str, now: datetime) -> User:
    """Sets the new password, spends the link and ends the user's sessions."""
    row = await usable_link(session, token, "password_reset", now)
    valid_password(password)
    user = await AccountRepository(session).get_user(row.user_id or "")
    if user is None:
        raise LinkRefused("This link does not work: it is unknown, used or expired.")
    user.password_hash = hash_password(password)
    row.used_at = now
    await end_sessions_of(session, user.id)
    await session.flush()
    return user
