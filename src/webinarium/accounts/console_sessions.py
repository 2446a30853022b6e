"""The organiser console's sessions: who is signed in, in which browser.

A session row's id is the SHA-256 of a random token that only the browser's
cookie carries (console/auth.py signs it). A session ends 12 hours after it was
last seen or 14 days after it began, whichever comes first, and at once when
its user signs out, sets a new password or is removed. ``last_seen_at`` is
written at most once a minute, so reading pages does not write every time.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.errors import AuthenticationFailed
from webinarium.accounts.repository import AccountRepository, ConsoleRepository
from webinarium.models import Account, ConsoleSession, User

IDLE_LIMIT = timedelta(hours=12)
LIFETIME = timedelta(days=14)
TOUCH_EVERY = timedelta(minutes=1)
ROLES = ("owner", "admin", "channel_admin")


def session_id_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class StartedSession:
    """A new session and the token its cookie carries (never stored)."""

    token: str
    row: ConsoleSession


@dataclass(frozen=True)
class SignedIn:
    row: ConsoleSession
    user: User
    account: Account
    # The channels a channel admin administers; None for an owner or admin.
    channel_ids: list[str] | None


async def start_session(
    session: AsyncSession, user_id: str, now: datetime, *, replacing: str | None = None
) -> StartedSession:
    """A new session for a user whose password was checked; ``replacing``, the
    token of the browser's previous session, ends that one (a fresh id at every
    sign-in: a token planted before it is worth nothing after)."""
    user = await AccountRepository(session).get_user(user_id)
    if user is None:  # removed since its password was checked
        raise AuthenticationFailed("invalid email or password")
    repository = ConsoleRepository(session)
    if replacing:
        await repository.delete_session(session_id_of(replacing))
    token = secrets.token_urlsafe(32)
    row = ConsoleSession(
        id=session_id_of(token),
        user_id=user.id,
        account_id=user.account_id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + LIFETIME,
    )
    user.last_sign_in_at = now
    await repository.add(row)
    return StartedSession(token=token, row=row)


async def signed_in(session: AsyncSession, token: str, now: datetime) -> SignedIn | None:
    """Who the session of ``token`` signs in, or None (none, or ended)."""
    found = await ConsoleRepository(session).signed_in(session_id_of(token))
    if found is None:
        return None
    row, user, account = found
    if now >= row.expires_at or now >= row.last_seen_at + IDLE_LIMIT or user.role not in ROLES:
        return None
    channel_ids = None
    if user.role == "channel_admin":
        channel_ids = await ConsoleRepository(session).channel_ids(user)
    return SignedIn(row=row, user=user, account=account, channel_ids=channel_ids)


def touch_due(row: ConsoleSession, now: datetime) -> bool:
    return now - row.last_seen_at >= TOUCH_EVERY


async def touch(session: AsyncSession, session_id: str, now: datetime) -> None:
    await ConsoleRepository(session).touch(session_id, now)


async def end_session(session: AsyncSession, session_id: str) -> None:
    await ConsoleRepository(session).delete_session(session_id)


async def end_sessions_of(session: AsyncSession, user_id: str, *, but: str | None = None) -> None:
    """Ends every session of the user (but the one whose id is ``but``)."""
    await ConsoleRepository(session).delete_sessions_of(user_id, but=but)
