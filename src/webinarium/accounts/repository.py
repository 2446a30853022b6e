"""Every query on accounts, users, API keys and the console's sessions and audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import (
    Account,
    ApiKey,
    AuditEntry,
    ConsoleSession,
    User,
    UserChannel,
    UserToken,
)


class AccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, *rows: Account | User | ApiKey) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def get_account(self, account_id: str) -> Account | None:
        return await self.session.get(Account, account_id)

    async def list_accounts(self) -> list[tuple[Account, str]]:
        """Every account with the e-mail of its first user, oldest first."""
        first_user = (
            select(User.email)
            .where(User.account_id == Account.id)
            .order_by(User.id)
            .limit(1)
            .scalar_subquery()
        )
        rows = await self.session.execute(select(Account, first_user).order_by(Account.id))
        return [(account, email or "") for account, email in rows]

    async def get_user(self, user_id: str) -> User | None:
        return await self.session.get(User, user_id)

    async def get_user_by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(User.email == email.lower()))

    async def get_account_by_key_hash(
        self, key_hash: str
    ) -> tuple[Account, str, datetime | None] | None:
        """The account of a key in force, with the key's id and last use."""
        rows = await self.session.execute(
            select(Account, ApiKey.id, ApiKey.last_used_at)
            .join(ApiKey, ApiKey.account_id == Account.id)
            .where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None))
        )
        row = rows.one_or_none()
        if row is None:
            return None
        account, key_id, last_used_at = row
        return account, key_id, last_used_at

    async def list_keys(self, account_id: str) -> list[ApiKey]:
        rows = await self.session.scalars(
            select(ApiKey).where(ApiKey.account_id == account_id).order_by(ApiKey.id)
        )
        return list(rows)

    async def get_key(self, account_id: str, key_id: str) -> ApiKey | None:
        return await self.session.scalar(
            select(ApiKey).where(ApiKey.account_id == account_id, ApiKey.id == key_id)
        )

    async def count_active_keys(self, account_id: str) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(ApiKey)
            .where(ApiKey.account_id == account_id, ApiKey.revoked_at.is_(None))
        )
        return count or 0

    async def delete_keys_but_newest(self, account_id: str, name: str, kept: int) -> None:
        """Deletes the account's keys named ``name`` except the newest ``kept``."""
        newest = (
            select(ApiKey.id)
            .where(ApiKey.account_id == account_id, ApiKey.name == name)
            .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
            .limit(kept)
        )
        await self.session.execute(
            delete(ApiKey)
            .where(
                ApiKey.account_id == account_id,
                ApiKey.name == name,
                ApiKey.id.not_in(newest.scalar_subquery()),
            )
            .execution_options(synchronize_session=False)
        )


class ConsoleRepository:
    """Every query on console sessions, users' channels and the audit log."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, *rows: ConsoleSession | AuditEntry | UserChannel) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def signed_in(self, session_id: str) -> tuple[ConsoleSession, User, Account] | None:
        row = await self.session.execute(
            select(ConsoleSession, User, Account)
            .join(User, User.id == ConsoleSession.user_id)
            .join(Account, Account.id == User.account_id)
            .where(ConsoleSession.id == session_id)
        )
        found = row.first()
        return None if found is None else (found[0], found[1], found[2])

    async def channel_ids(self, user: User) -> list[str]:
        rows = await self.session.scalars(
            select(UserChannel.channel_id).where(
                UserChannel.account_id == user.account_id, UserChannel.user_id == user.id
            )
        )
        return list(rows)

    async def touch(self, session_id: str, moment: datetime) -> None:
        await self.session.execute(
            update(ConsoleSession)
            .where(ConsoleSession.id == session_id)
            .values(last_seen_at=moment)
            .execution_options(synchronize_session=False)
        )

    async def delete_session(self, session_id: str) -> None:
        await self.session.execute(
            delete(ConsoleSession)
            .where(ConsoleSession.id == session_id)
            .execution_options(synchronize_session=False)
        )

    async def audit_entries(
        self,
        account_id: str,
        *,
        user_id: str | None,
        action: str | None,
        offset: int,
        limit: int,
    ) -> list[AuditEntry]:
        statement = select(AuditEntry).where(AuditEntry.account_id == account_id)
        if user_id is not None:
            statement = statement.where(AuditEntry.user_id == user_id)
        if action is not None:
            statement = statement.where(AuditEntry.action == action)
        rows = await self.session.scalars(
            statement.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows)

    async def audit_actions(self, account_id: str) -> list[str]:
        rows = await self.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.account_id == account_id)
            .distinct()
            .order_by(AuditEntry.action)
        )
        return list(rows)

    async def delete_sessions_of(self, user_id: str, *, but: str | None = None) -> None:
        statement = delete(ConsoleSession).where(ConsoleSession.user_id == user_id)
        if but is not None:
            statement = statement.where(ConsoleSession.id != but)
        await self.session.execute(statement.execution_options(synchronize_session=False))


class PeopleRepository:
    """Every query on an account's console users and their single-use links."""

    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def users(self) -> list[User]:
        rows = await self.session.scalars(
            select(User).where(User.account_id == self.account_id).order_by(User.id)
        )
        return list(rows)

    async def user(self, user_id: str) -> User | None:
        return await self.session.scalar(
            select(User).where(User.account_id == self.account_id, User.id == user_id)
        )

    async def channels_of_users(self) -> dict[str, list[str]]:
        rows = await self.session.execute(
            select(UserChannel.user_id, UserChannel.channel_id).where(
                UserChannel.account_id == self.account_id
            )
        )
        found: dict[str, list[str]] = {}
        for user_id, channel_id in rows:
            found.setdefault(user_id, []).append(channel_id)
        return found

    async def replace_channels(self, user_id: str, channel_ids: list[str]) -> None:
        await self.session.execute(
            delete(UserChannel)
            .where(UserChannel.account_id == self.account_id, UserChannel.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
        self.session.add_all(
            UserChannel(user_id=user_id, channel_id=c, account_id=self.account_id)
            for c in channel_ids
        )
        await self.session.flush()

    async def count_owners(self) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.account_id == self.account_id, User.role == "owner")
        )
        return count or 0

    async def delete_user(self, user: User) -> None:
        await self.session.delete(user)
        await self.session.flush()


async def user_token_by_hash(session: AsyncSession, token_hash: str) -> UserToken | None:
    """The link's row whatever its account: the token alone names it."""
    return await session.scalar(select(UserToken).where(UserToken.token_hash == token_hash))


async def add_user_token(session: AsyncSession, row: UserToken) -> None:
    session.add(row)
    await session.flush()
