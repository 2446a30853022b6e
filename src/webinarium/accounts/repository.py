"""Every query on accounts, users and API keys."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import Account, ApiKey, User


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
        return [(account, email or "") for account, email in rows.tuples()]

    async def get_user(self, user_id: str) -> User | None:
        return await self.session.get(User, user_id)

    async def get_user_by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(User.email == email.lower()))

    async def get_account_by_key_hash(self, key_hash: str) -> Account | None:
        return await self.session.scalar(
            select(Account)
            .join(ApiKey, ApiKey.account_id == Account.id)
            .where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None))
        )

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
