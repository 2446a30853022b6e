"""The units of work of `kit.db.Database`, on the test database (SQLite, or
PostgreSQL when WEBINARIUM_TEST_DATABASE_URL names a server)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager

import pytest
from sqlalchemy import Select, Update, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant
from webinarium.kit.db import Database
from webinarium.models import Account
from webinarium.settings import Settings


def _run(settings: Settings, work: Callable[[Database], Awaitable[None]]) -> None:
    async def main() -> None:
        async with Database(settings.database_url_async) as database:
            await work(database)

    asyncio.run(main())


def _rename(account_id: str, name: str) -> Update:
    return update(Account).where(Account.id == account_id).values(name=name)


def _name(account_id: str) -> Select[str]:
    return select(Account.name).where(Account.id == account_id)


async def _rename_in(
    unit: AbstractAsyncContextManager[AsyncSession], account_id: str, name: str
) -> None:
    async with unit as session:
        await session.execute(_rename(account_id, name))


async def _stored_name(database: Database, account_id: str) -> str | None:
    async with database.read() as session:
        return await session.scalar(_name(account_id))


def test_a_read_unit_refuses_to_write(settings: Settings, fresh_tenant: Tenant) -> None:
    async def work(database: Database) -> None:
        with pytest.raises(DBAPIError, match=r"(?i)read.?only"):
            await _rename_in(database.read(), fresh_tenant.account_id, "Written by a reader")
        assert await _stored_name(database, fresh_tenant.account_id) == "Fresh"

    _run(settings, work)


def test_a_transaction_commits_at_the_end_and_rolls_back_on_error(
    settings: Settings, fresh_tenant: Tenant
) -> None:
    async def work(database: Database) -> None:
        async def fail_after_writing() -> None:
            async with database.transaction() as session:
                await session.execute(_rename(fresh_tenant.account_id, "Rolled back"))
                assert await session.scalar(_name(fresh_tenant.account_id)) == "Rolled back"
                raise LookupError

        with pytest.raises(LookupError):
            await fail_after_writing()
        assert await _stored_name(database, fresh_tenant.account_id) == "Fresh"

        await _rename_in(database.transaction(), fresh_tenant.account_id, "Committed")
        assert await _stored_name(database, fresh_tenant.account_id) == "Committed"

    _run(settings, work)


def test_readers_and_the_writer_do_not_wait_for_each_other(
    settings: Settings, fresh_tenant: Tenant
) -> None:
    """A read runs while a write is under way (and sees only what is committed);
    a write commits while a read unit is open."""

    async def work(database: Database) -> None:
        async with database.transaction() as writing:
            await writing.execute(_rename(fresh_tenant.account_id, "Not yet committed"))
            async with asyncio.timeout(5), database.read() as reading:
                assert await reading.scalar(_name(fresh_tenant.account_id)) == "Fresh"

        async with database.read() as reading:
            assert await reading.scalar(_name(fresh_tenant.account_id)) == "Not yet committed"
            async with asyncio.timeout(5), database.transaction() as writing:
                await writing.execute(_rename(fresh_tenant.account_id, "Written beside a read"))
        assert await _stored_name(database, fresh_tenant.account_id) == "Written beside a read"

    _run(settings, work)
