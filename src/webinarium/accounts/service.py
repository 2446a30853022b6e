"""Accounts, users and API keys. Services flush; the caller commits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts import key_use
from webinarium.accounts.errors import (
    AccountNotFound,
    ApiAccessDisabled,
    ApiKeyNotFound,
    AuthenticationFailed,
    EmailTaken,
)
from webinarium.accounts.repository import AccountRepository
from webinarium.accounts.schemas import ProfileChanges
from webinarium.channels.service import create_channel
from webinarium.kit.errors import DomainError, InvalidInput, NotFound
from webinarium.kit.security import (
    generate_api_key,
    hash_api_key,
    hash_password,
    link_token_ids,
    link_token_matches,
)
from webinarium.kit.time import is_zone, utcnow
from webinarium.models import Account, ApiKey, Channel, User


@dataclass(frozen=True)
class IssuedKey:
    """A key as it exists only once: the plain text is never stored."""

    key: ApiKey
    plain: str


@dataclass(frozen=True)
class NewAccount:
    account: Account
    user: User
    channel: Channel
    api_key: IssuedKey


async def create_account(
    session: AsyncSession, *, name: str, email: str, password: str
) -> NewAccount:
    """An account with its first user (who logs in with ``email``), one channel
    named after the account and one API key."""
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise InvalidInput("name must not be empty")
    if "@" not in email:
        raise InvalidInput("email must be an e-mail address")
    if len(password) < 8:
        raise InvalidInput("password must be at least 8 characters long")
    repository = AccountRepository(session)
    if await repository.get_user_by_email(email) is not None:
        raise EmailTaken(f"a user with e-mail {email} already exists")
    account = Account(name=name, email=email)
    await repository.add(account)
    user = User(
        account_id=account.id, email=email, name=name, password_hash=hash_password(password)
    )
    await repository.add(user)
    channel = await create_channel(session, account, name=name)
    issued = await create_api_key(session, account, name="default")
    return NewAccount(account=account, user=user, channel=channel, api_key=issued)


async def get_account(session: AsyncSession, account_id: str) -> Account:
    account = await AccountRepository(session).get_account(account_id)
    if account is None:
        raise AccountNotFound(f"no account {account_id}")
    return account


Row = TypeVar("Row")


async def row_of_link_token(
    session: AsyncSession,
    token: str,
    load: Callable[[Account, str], Awaitable[Row]],
    token_of: Callable[[Row], str | None],
    refused: DomainError,
) -> tuple[Account, Row]:
    """The account and the row a personal link's token names
    (`kit.security.link_token`: enter, host and presenter links), or
    ``refused``: found by the ids the token names (``load`` raising `NotFound`
    for none), then the row's token (``token_of``; None when it has none in
    force) is made again and compared in constant time."""
    ids = link_token_ids(token)
    if ids is None:
        raise refused
    account_id, row_id = ids
    try:
        account = await get_account(session, account_id)
        row = await load(account, row_id)
    except NotFound:
        raise refused from None
    expected = token_of(row)
    if expected is None or not link_token_matches(expected, token):
        raise refused
    return account, row


async def list_accounts(session: AsyncSession) -> list[tuple[Account, str]]:
    """Every account of this server with its first user's e-mail (for operators:
    no tenant boundary applies to the command line)."""
    return await AccountRepository(session).list_accounts()


async def create_api_key(session: AsyncSession, account: Account, *, name: str) -> IssuedKey:
    plain = generate_api_key()
    key = ApiKey(account_id=account.id, name=name, prefix=plain[:12], key_hash=hash_api_key(plain))
    await AccountRepository(session).add(key)
    return IssuedKey(key=key, plain=plain)


async def list_api_keys(session: AsyncSession, account: Account) -> list[ApiKey]:
    return await AccountRepository(session).list_keys(account.id)


async def revoke_api_key(session: AsyncSession, account: Account, key_id: str) -> ApiKey:
    key = await AccountRepository(session).get_key(account.id, key_id)
    if key is None:
        raise ApiKeyNotFound(f"no API key {key_id} in this account")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        await session.flush()
    return key


async def authenticate_api_key(session: AsyncSession, plain: str | None) -> Account:
    if not plain:
        raise AuthenticationFailed("missing API key")
    found = await AccountRepository(session).get_account_by_key_hash(hash_api_key(plain.strip()))
    if found is None:
        raise AuthenticationFailed("unknown or revoked API key")
    account, key_id, last_used_at = found
    key_use.note_use(session, key_id, last_used_at, utcnow())
    return account


# Login keys a user keeps: each login issues a new key and the oldest beyond
# these are deleted, so logging in again and again does not pile up live keys.
LOGIN_KEYS_KEPT = 5


async def issue_login_key(session: AsyncSession, user_id: str) -> IssuedKey:
    """A new API key for a user whose password was checked (`accounts.login`).

    Keys are stored hashed, so an existing key cannot be shown again: every login
    issues a fresh one, named after the login, and the user's login keys beyond
    the newest `LOGIN_KEYS_KEPT` are deleted (they stop working). An account
    whose keys have all been revoked has had API access switched off on purpose,
    and login does not quietly switch it back on (``ApiAccessDisabled``);
    `webinarium keys create` does.
    """
    repository = AccountRepository(session)
    user = await repository.get_user(user_id)
    if user is None:  # deleted since its password was checked
        raise AuthenticationFailed("invalid email or password")
    if await repository.count_active_keys(user.account_id) == 0:
        raise ApiAccessDisabled("every API key of this account is revoked")
    account = await get_account(session, user.account_id)
    name = f"login {user.email}"
    issued = await create_api_key(session, account, name=name)
    await repository.delete_keys_but_newest(account.id, name, LOGIN_KEYS_KEPT)
    return issued


async def update_profile(
    session: AsyncSession, account: Account, changes: ProfileChanges
) -> Account:
    if changes.time_zone is not None and not is_zone(changes.time_zone):
        raise InvalidInput(f"unknown time zone: {changes.time_zone}")
    for name in changes.model_fields_set:
        value = getattr(changes, name)
        if value is not None:
            setattr(account, name, value)
    await session.flush()
    return account
