"""Group commit on SQLite's writer (`kit.group_commit`): units that wait for the
writer share one transaction, each in a savepoint, each answered after the
commit. Driven directly on the test database, then over HTTP."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, closing
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, func, make_url, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference, enforce_block_list
from tests.conftest import Tenant, create_tenant
from webinarium import migrations
from webinarium.kit.after_commit import after_commit, after_rollback
from webinarium.kit.db import Database
from webinarium.kit.group_commit import CommitFailed, GroupCommit
from webinarium.models import Account, OutboxEvent, Registration
from webinarium.settings import Settings


@pytest.fixture(scope="session")
def sqlite(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The suite's database when it is SQLite, else a SQLite database of these
    tests' own: group commit is SQLite's (PostgreSQL commits each unit on its own
    connection), so it is proved on SQLite in both runs of the suite."""
    if settings.is_sqlite:
        return settings
    own = Settings(
        environment="test",
        secret_key=settings.secret_key,
        data_dir=tmp_path_factory.mktemp("group-commit"),
        public_url=settings.public_url,
    )
    migrations.upgrade(own)
    return own


class Commits:
    """The COMMITs the writer sends, counted on its engine."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, _connection: Any) -> None:
        self.count += 1


@asynccontextmanager
async def _group(
    settings: Settings, **limits: Any
) -> AsyncIterator[tuple[Database, GroupCommit, Commits]]:
    """A `GroupCommit` with the given limits on the writer of a `Database`."""
    async with Database(settings.database_url_async) as database:
        group = GroupCommit(database.writer, **{"max_open_seconds": 60.0, **limits})
        commits = Commits()
        event.listen(database.writer.sync_engine, "commit", commits)
        try:
            yield database, group, commits
        finally:
            await group.close()


def _run(work: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(work())


async def _name(database: Database, account_id: str) -> str | None:
    async with database.read() as session:
        return await session.scalar(select(Account.name).where(Account.id == account_id))


async def _rename(session: AsyncSession, account_id: str, name: str) -> None:
    await session.execute(update(Account).where(Account.id == account_id).values(name=name))


def test_waiting_units_share_one_commit_and_a_failing_one_is_undone_alone(
    sqlite: Settings,
) -> None:
    tenants = [create_tenant(sqlite, "Before") for _ in range(3)]

    async def work() -> None:
        async with _group(sqlite) as (database, group, commits):

            async def rename(tenant: Tenant, fail: bool) -> None:
                async with group.unit() as session:
                    await _rename(session, tenant.account_id, "After")
                    if fail:
                        raise LookupError

            outcomes = await asyncio.gather(
                *(rename(tenant, fail=i == 1) for i, tenant in enumerate(tenants)),
                return_exceptions=True,
            )
            assert [type(o) for o in outcomes] == [type(None), LookupError, type(None)]
            assert commits.count == 1
            names = [await _name(database, t.account_id) for t in tenants]
            assert names == ["After", "Before", "After"]

    _run(work)


def test_callbacks_wait_for_the_batch_commit_and_a_rolled_back_unit_keeps_none(
    sqlite: Settings,
) -> None:
    tenants = [create_tenant(sqlite, "Before") for _ in range(3)]
    seen: list[tuple[str, int, str]] = []

    def committed_name(tenant: Tenant) -> str:
        """The account's name as another connection sees it: what is committed."""
        with closing(sqlite3.connect(make_url(sqlite.database_url_async).database or "")) as db:
            query = "SELECT name FROM accounts WHERE id = ?"
            name: str = db.execute(query, (tenant.account_id,)).fetchone()[0]
            return name

    async def work() -> None:
        async with _group(sqlite) as (_database, group, _commits):

            async def unit(i: int, tenant: Tenant) -> None:
                async with group.unit() as session:
                    await _rename(session, tenant.account_id, f"Unit {i}")
                    after_commit(
                        session, lambda: seen.append(("commit", i, committed_name(tenant)))
                    )
                    after_rollback(
                        session, lambda: seen.append(("rollback", i, committed_name(tenant)))
                    )
                    if i == 1:
                        raise LookupError

            await asyncio.gather(
                *(unit(i, t) for i, t in enumerate(tenants)), return_exceptions=True
            )

    _run(work)
    # The failed unit's rollback callback ran at once; the others' commit
    # callbacks once each, when their work was committed.
    assert seen == [("rollback", 1, "Before"), ("commit", 0, "Unit 0"), ("commit", 2, "Unit 2")]


def test_a_failed_commit_fails_every_unit_of_the_batch(sqlite: Settings) -> None:
    tenants = [create_tenant(sqlite, "Kept") for _ in range(2)]
    undone: list[int] = []

    async def work() -> None:
        async with _group(sqlite) as (database, group, _commits):

            async def unit(i: int, tenant: Tenant) -> None:
                async with group.unit() as session:
                    await _rename(session, tenant.account_id, "Lost")
                    after_commit(session, lambda: pytest.fail("a commit callback ran"))
                    after_rollback(session, lambda: undone.append(i))
                    if i == 1:
                        # A foreign key checked only at COMMIT: the batch's commit fails.
                        await session.execute(text("PRAGMA defer_foreign_keys=ON"))
                        await session.execute(
                            text("UPDATE channels SET account_id = 'nobody' WHERE id = :id"),
                            {"id": tenant.channel_id},
                        )

            outcomes = await asyncio.gather(
                *(unit(i, t) for i, t in enumerate(tenants)), return_exceptions=True
            )
            assert [type(o) for o in outcomes] == [CommitFailed, CommitFailed]
            assert [await _name(database, t.account_id) for t in tenants] == ["Kept", "Kept"]

            # The writer goes on with the next batch.
            async with group.unit() as session:
                await _rename(session, tenants[0].account_id, "Next")
            assert await _name(database, tenants[0].account_id) == "Next"

    _run(work)
    assert undone == [0, 1]


def test_a_unit_never_sees_the_objects_of_another(sqlite: Settings) -> None:
    tenant = create_tenant(sqlite, "Stored")
    seen: list[str] = []

    async def work() -> None:
        async with _group(sqlite) as (_database, group, _commits):

            async def change_and_fail() -> None:
                async with group.unit() as session:
                    account = await session.get(Account, tenant.account_id)
                    assert account is not None
                    account.name = "Flushed, then rolled back"
                    await session.flush()
                    account.name = "Never flushed"
                    raise LookupError

            async def read() -> None:
                async with group.unit() as session:
                    account = await session.get(Account, tenant.account_id)
                    assert account is not None
                    seen.append(account.name)

            await asyncio.gather(change_and_fail(), read(), return_exceptions=True)

    _run(work)
    assert seen == ["Stored"]


@pytest.mark.parametrize(
    ("limits", "expected_commits"),
    [({"max_units": 2}, 3), ({"max_open_seconds": 0.0}, 5), ({}, 1)],
    ids=["full", "old", "until-no-one-waits"],
)
def test_a_batch_ends_when_full_or_old(
    sqlite: Settings, limits: dict[str, Any], expected_commits: int
) -> None:
    tenant = create_tenant(sqlite)

    async def work() -> None:
        async with _group(sqlite, **limits) as (database, group, commits):

            async def rename(i: int) -> None:
                async with group.unit() as session:
                    await _rename(session, tenant.account_id, f"Name {i}")

            await asyncio.gather(*(rename(i) for i in range(5)))
            assert commits.count == expected_commits
            assert await _name(database, tenant.account_id) == "Name 4"

    _run(work)


def test_a_unit_cancelled_while_it_waits_gives_up_its_place(sqlite: Settings) -> None:
    tenants = [create_tenant(sqlite, "Before") for _ in range(3)]

    async def work() -> None:
        async with _group(sqlite) as (database, group, _commits):
            first_runs = asyncio.Event()
            go_on = asyncio.Event()

            async def rename(i: int) -> None:
                async with group.unit() as session:
                    await _rename(session, tenants[i].account_id, "After")
                    if i == 0:
                        first_runs.set()
                        await go_on.wait()

            first = asyncio.create_task(rename(0))
            await first_runs.wait()
            cancelled = asyncio.create_task(rename(1))
            last = asyncio.create_task(rename(2))
            await asyncio.sleep(0.01)  # both wait for the writer now
            cancelled.cancel()
            go_on.set()
            async with asyncio.timeout(10):
                await asyncio.gather(first, last)
            assert cancelled.cancelled()
            names = [await _name(database, t.account_id) for t in tenants]
            assert names == ["After", "Before", "After"]

    _run(work)


# Over HTTP: the server's own units, through the register path.

CONCURRENT = 100


def _register(
    client: httpx.AsyncClient, tenant: Tenant, conference_id: str, email: str
) -> Awaitable[httpx.Response]:
    return client.put(
        "/api/v1/conferences/register",
        headers=tenant.headers,
        data={"id": conference_id, "email": email, "first_name": "Ada", "last_name": "Byron"},
    )


def _stored(settings: Settings, account_id: str) -> tuple[int, list[int]]:
    """(registrations, event sequence numbers) of the account."""

    async def read() -> tuple[int, list[int]]:
        async with Database(settings.database_url_async) as database, database.read() as session:
            registrations = await session.scalar(
                select(func.count())
                .select_from(Registration)
                .where(Registration.account_id == account_id)
            )
            sequences = await session.scalars(
                select(OutboxEvent.sequence)
                .where(OutboxEvent.account_id == account_id)
                .order_by(OutboxEvent.sequence)
            )
            return registrations or 0, list(sequences)

    return asyncio.run(read())


def test_concurrent_registrations_are_all_acknowledged_and_stored(
    settings: Settings, app: FastAPI, http: httpx.Client, server_url: str, fresh_tenant: Tenant
) -> None:
    conference = create_conference(http, fresh_tenant, title="Crowded")
    commits = Commits()
    writer = app.state.database.writer.sync_engine
    event.listen(writer, "commit", commits)

    async def register_all() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=CONCURRENT)
        async with httpx.AsyncClient(base_url=server_url, timeout=60, limits=limits) as client:
            return await asyncio.gather(
                *(
                    _register(client, fresh_tenant, conference["id"], f"crowd{i}@example.test")
                    for i in range(CONCURRENT)
                )
            )

    try:
        responses = asyncio.run(register_all())
    finally:
        event.remove(writer, "commit", commits)
    assert [r.status_code for r in responses] == [200] * CONCURRENT, responses[0].text
    registrations, sequences = _stored(settings, fresh_tenant.account_id)
    assert registrations == CONCURRENT
    # Every event numbered once, in commit order, without gaps.
    assert sequences == list(range(1, len(sequences) + 1))
    if settings.is_sqlite:
        assert commits.count < CONCURRENT  # units shared commits


def test_a_refused_registration_does_not_undo_its_batch(
    settings: Settings, http: httpx.Client, server_url: str, fresh_tenant: Tenant
) -> None:
    conference = create_conference(http, fresh_tenant, title="Guarded and crowded")
    enforce_block_list(http, fresh_tenant, conference["id"], "@blocked.test")
    domains = ["blocked.test" if i % 10 == 0 else "example.test" for i in range(CONCURRENT)]

    async def register_all() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=CONCURRENT)
        async with httpx.AsyncClient(base_url=server_url, timeout=60, limits=limits) as client:
            return await asyncio.gather(
                *(
                    _register(client, fresh_tenant, conference["id"], f"p{i}@{domain}")
                    for i, domain in enumerate(domains)
                )
            )

    responses = asyncio.run(register_all())
    refused = [r for r in responses if r.status_code != 200]
    assert len(refused) == domains.count("blocked.test")
    assert {r.status_code for r in refused} == {403}, refused[0].text
    registrations, _ = _stored(settings, fresh_tenant.account_id)
    assert registrations == domains.count("example.test")


def test_closing_fails_the_units_still_waiting(sqlite: Settings) -> None:
    tenant = create_tenant(sqlite, "Before")

    async def work() -> None:
        async with _group(sqlite) as (database, group, _commits):
            first_runs = asyncio.Event()

            async def hold_the_writer() -> None:
                async with group.unit():
                    first_runs.set()
                    await asyncio.Event().wait()

            async def rename() -> None:
                async with group.unit() as session:
                    await _rename(session, tenant.account_id, "After")

            holding = asyncio.create_task(hold_the_writer())
            await first_runs.wait()
            waiting = asyncio.create_task(rename())
            await asyncio.sleep(0.01)
            await group.close()
            with pytest.raises(CommitFailed):
                await asyncio.wait_for(waiting, 10)
            holding.cancel()
            assert await _name(database, tenant.account_id) == "Before"

    _run(work)
