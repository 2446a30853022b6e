"""The migrations build the schema the models describe, and undo it completely.

Runs on a fresh SQLite file, and also on a fresh PostgreSQL database when
WEBINARIUM_TEST_DATABASE_URL names a server (as the rest of the suite does).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import CHECKOUT, in_database, make_settings
from webinarium import migrations
from webinarium.kit.db import create_engine
from webinarium.models import Base
from webinarium.settings import Settings

T = TypeVar("T")
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("WEBINARIUM_TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def fresh_settings(request: pytest.FixtureRequest, tmp_path: Path, worker_id: str) -> Settings:
    if request.param == "sqlite":
        return Settings(
            environment="test", secret_key="test-secret-key", data_dir=tmp_path, database_url=""
        )
    settings = make_settings(tmp_path, f"webinarium_migrations_{CHECKOUT}_{worker_id}")
    assert settings.database_url.startswith("postgresql")
    return settings


def _inspect(settings: Settings, work: Callable[[Connection], T]) -> T:
    """``work(sync_connection)`` on the settings' database."""

    async def main() -> T:
        engine = create_engine(settings.database_url_async)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(work)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def _tables(settings: Settings) -> set[str]:
    return set(_inspect(settings, lambda c: inspect(c).get_table_names()))


def _revision(settings: Settings) -> str | None:
    return _inspect(settings, lambda c: MigrationContext.configure(c).get_current_revision())


def _differences(settings: Settings) -> list[Any]:
    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    return _inspect(settings, compare)


def _head(settings: Settings) -> str:
    head = ScriptDirectory.from_config(migrations.alembic_config(settings)).get_current_head()
    assert head is not None
    return head


def test_upgrade_downgrade_upgrade(fresh_settings: Settings) -> None:
    model_tables = set(Base.metadata.tables)
    assert model_tables

    migrations.upgrade(fresh_settings)
    assert _tables(fresh_settings) == model_tables | {"alembic_version"}
    assert _revision(fresh_settings) == _head(fresh_settings)

    migrations.downgrade(fresh_settings, "base")
    assert _tables(fresh_settings) == {"alembic_version"}
    assert _revision(fresh_settings) is None

    migrations.upgrade(fresh_settings)
    assert _tables(fresh_settings) == model_tables | {"alembic_version"}
    assert _differences(fresh_settings) == []


def test_the_migrated_schema_matches_the_models(fresh_settings: Settings) -> None:
    migrations.upgrade(fresh_settings)
    assert _differences(fresh_settings) == []
    # Upgrading a database that is up to date changes nothing.
    migrations.upgrade(fresh_settings)
    assert _revision(fresh_settings) == _head(fresh_settings)
    assert _differences(fresh_settings) == []


def test_an_empty_database_differs_from_the_models(fresh_settings: Settings) -> None:
    """The comparison does see a missing schema (so the checks above can fail)."""
    migrations.upgrade(fresh_settings)
    migrations.downgrade(fresh_settings, "base")
    added = {diff[1].name for diff in _differences(fresh_settings) if diff[0] == "add_table"}
    assert added == set(Base.metadata.tables)


def test_migrations_keep_existing_rows(fresh_settings: Settings) -> None:
    """Rebuilding a table (SQLite batch mode) must not cascade-delete what
    points at it: rows written at the first revision survive every later one,
    down and up again."""
    first = ScriptDirectory.from_config(migrations.alembic_config(fresh_settings)).get_base()
    assert isinstance(first, str)
    migrations.upgrade(fresh_settings, first)

    async def seed(session: AsyncSession) -> None:
        # Written as the first revision's schema knows them.
        stamp = "'2026-01-01 00:00:00'"
        for statement in (
            "INSERT INTO accounts (id, name, email, time_zone, language, created_at, updated_at)"
            f" VALUES ('a1', 'Kept', 'kept@example.test', 'UTC', 'en', {stamp}, {stamp})",
            "INSERT INTO channels (id, account_id, url, name, overview, description, created_at,"
            f" updated_at) VALUES ('c1', 'a1', 'kept', 'Kept', '', '', {stamp}, {stamp})",
            "INSERT INTO conferences (id, account_id, channel_id, kind, format, title, purpose,"
            " sub_url, start_at, duration_minutes, end_at, time_zone, privacy, status,"
            " max_attendance, recorded, settings, created_at, updated_at) VALUES ('k1', 'a1',"
            f" 'c1', 'webinar', 'webinar', 'Kept', '', 'kept', {stamp}, 60, {stamp}, 'UTC',"
            f" 'public', 'scheduled', 100, false, '{{}}', {stamp}, {stamp})",
        ):
            await session.execute(text(statement))

    in_database(fresh_settings, seed)

    def counts(connection: Connection) -> tuple[int, int, int]:
        return tuple(  # type: ignore[return-value]
            connection.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("accounts", "channels", "conferences")
        )

    assert _inspect(fresh_settings, counts) == (1, 1, 1)
    migrations.upgrade(fresh_settings)
    assert _inspect(fresh_settings, counts) == (1, 1, 1)

    def numbering(connection: Connection) -> tuple[int, int]:
        counted = connection.scalar(
            text("SELECT value FROM account_counters WHERE account_id = 'a1'")
        )
        return counted, connection.scalar(text("SELECT max(number) FROM conferences"))

    # The account's conferences go on being numbered from the highest number given.
    assert _inspect(fresh_settings, numbering) == (1, 1)
    migrations.downgrade(fresh_settings, first)
    migrations.upgrade(fresh_settings)
    assert _inspect(fresh_settings, counts) == (1, 1, 1)


def test_moderator_rights_put_people_on_the_moderator_list(fresh_settings: Settings) -> None:
    """People with moderator rights at a conference before 0008 (BigMarker's
    is_moderator presenters) become moderators of the account; the primary
    moderator and plain presenters do not, and existing moderators stay once."""
    migrations.upgrade(fresh_settings, "0006")
    stamp = "'2026-01-01 00:00:00'"
    people = {
        "p1": "mod@example.test",
        "p2": "owner@example.test",
        "p3": "speaker@example.test",
        "p4": "listed@example.test",
    }

    async def seed(session: AsyncSession) -> None:
        statements = [
            "INSERT INTO accounts (id, name, email, time_zone, language, created_at, updated_at)"
            f" VALUES ('a1', 'Owner', ' Owner@Example.test', 'UTC', 'en', {stamp}, {stamp})",
            "INSERT INTO channels (id, account_id, url, name, overview, description, created_at,"
            f" updated_at) VALUES ('c1', 'a1', 'owner', 'Owner', '', '', {stamp}, {stamp})",
            "INSERT INTO conferences (id, account_id, channel_id, kind, format, title, purpose,"
            " sub_url, start_at, duration_minutes, end_at, time_zone, privacy, status,"
            " max_attendance, recorded, settings, created_at, updated_at, code, number, alias)"
            " VALUES ('k1', 'a1', 'c1', 'webinar', 'webinar', 'Kept', '', 'kept',"
            f" {stamp}, 60, {stamp}, 'UTC', 'public', 'scheduled', 100, false, '{{}}', {stamp},"
            f" {stamp}, 'code-k1', 1, 'aaaa-bbbb-cccc-dddd')",
        ]
        for person_id, email in people.items():
            moderator = "false" if person_id == "p3" else "true"
            statements += [
                "INSERT INTO people (id, account_id, email, first_name, last_name, created_at,"
                f" updated_at) VALUES ('{person_id}', 'a1', '{email}', 'A', 'B', {stamp},"
                f" {stamp})",
                "INSERT INTO presenters (id, account_id, conference_id, person_id,"
                " display_name, title, bio, can_manage, is_moderator, display_on_landing_page,"
                f" options, created_at, updated_at) VALUES ('r{person_id}', 'a1', 'k1',"
                f" '{person_id}', 'A B', '', '', false, {moderator}, true, '{{}}', {stamp},"
                f" {stamp})",
            ]
        statements.append(
            "INSERT INTO moderators (id, account_id, person_id, created_at)"
            f" VALUES ('m4', 'a1', 'p4', {stamp})"
        )
        for statement in statements:
            await session.execute(text(statement))

    in_database(fresh_settings, seed)
    migrations.upgrade(fresh_settings, "0008_moderator_rights")

    def listed(connection: Connection) -> list[str]:
        rows = connection.execute(text("SELECT person_id FROM moderators ORDER BY person_id"))
        return [row[0] for row in rows]

    assert _inspect(fresh_settings, listed) == ["p1", "p4"]
    migrations.downgrade(fresh_settings, "0006")
    migrations.upgrade(fresh_settings)
    assert _inspect(fresh_settings, listed) == ["p1", "p4"]


def _insert(connection: Connection, table_name: str, **values: Any) -> None:
    """A row of ``table_name`` as the database's current schema has it: ``values``,
    and a plain value for every other required column."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    fillers: list[tuple[type[Any], Any]] = [
        (sa.Boolean, False),
        (sa.Integer, 1),
        (sa.DateTime, datetime(2026, 1, 1)),
        (sa.Date, date(2026, 1, 1)),
        (sa.JSON, {}),
        (sa.String, "x"),
    ]
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.server_default is not None:
            continue
        row[column.name] = next(value for kind, value in fillers if isinstance(column.type, kind))
    connection.execute(table.insert().values(**row))


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 20
OLD_SETTINGS = {
    "webhook_url": "https://a.example.test/",
    "enable_new_reg_webhook": True,
    "new_reg_webhook_url": "https://b.example.test/",
    "webinar_end_webhook_url": "https://end.example.test/",
    "enable_on_demand_viewer_webhook": True,
    "enable_create_webinar_reg_webhook": True,
    "host_token": "k1.secret",
    "room_logo": "data:image/png;base64," + base64.b64encode(PNG).decode(),
    "room_banner": "data:image/jpeg;base64," + base64.b64encode(JPEG).decode(),
    "exit_url": "https://bye.example.test/",
}


def test_settings_out_carries_existing_values_over(fresh_settings: Settings) -> None:
    """0009 moves webhook fields, the host token, data-URL images and avatars out
    of where they were, and its downgrade puts every value back."""
    migrations.upgrade(fresh_settings, "0006")

    def seed(connection: Connection) -> None:
        _insert(connection, "accounts", id="a1", email="kept@example.test")
        _insert(connection, "channels", id="c1", account_id="a1", url="kept")
        _insert(
            connection,
            "conferences",
            id="k1",
            account_id="a1",
            channel_id="c1",
            sub_url="kept",
            alias="kept-kept-kept-kept",
            code="k1-code",
            kind="webinar",
            status="scheduled",
            settings=OLD_SETTINGS,
        )
        _insert(
            connection,
            "people",
            id="p1",
            account_id="a1",
            email="p@example.test",
            avatar=JPEG,
            avatar_type="image/jpeg",
        )
        connection.commit()

    _inspect(fresh_settings, seed)
    # The column is host_token up to 0010 (0011 renames it host_seed).
    migrations.upgrade(fresh_settings, "0010")

    def moved(connection: Connection) -> dict[str, Any]:
        conference = connection.execute(
            text("SELECT settings, host_token FROM conferences WHERE id = 'k1'")
        ).one()
        settings = conference[0] if isinstance(conference[0], dict) else json.loads(conference[0])
        files = {
            row[0]: (row[1], row[2])
            for row in connection.execute(text("SELECT id, content_type, size FROM files"))
        }
        return {
            "settings": settings,
            "host_token": conference[1],
            "subscriptions": sorted(
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT label, event_type, url, enabled FROM webhook_subscriptions"
                        " WHERE conference_id = 'k1'"
                    )
                )
            ),
            "files": files,
            "avatar": connection.scalar(text("SELECT avatar_file_id FROM people WHERE id = 'p1'")),
        }

    after = _inspect(fresh_settings, moved)
    assert after["host_token"] == "k1.secret"
    assert after["subscriptions"] == [
        ("new_reg_webhook", "registration.created", "https://b.example.test/", True),
        ("on_demand_viewer_webhook", "recording.viewed", None, True),
        ("webhook_url", "registration.created", "https://a.example.test/", True),
        ("webinar_end_webhook", "conference.ended", "https://end.example.test/", False),
    ]
    settings = after["settings"]
    logo, banner = settings.pop("room_logo_file_id"), settings.pop("room_banner_file_id")
    assert settings == {
        "enable_create_webinar_reg_webhook": True,
        "exit_url": "https://bye.example.test/",
    }
    root = fresh_settings.files_root
    assert (root / logo).read_bytes() == PNG
    assert (root / banner).read_bytes() == JPEG
    assert (root / after["avatar"]).read_bytes() == JPEG
    assert after["files"] == {
        logo: ("image/png", len(PNG)),
        banner: ("image/jpeg", len(JPEG)),
        after["avatar"]: ("image/jpeg", len(JPEG)),
    }

    migrations.downgrade(fresh_settings, "0006")

    def restored(connection: Connection) -> tuple[dict[str, Any], tuple[Any, ...]]:
        value = connection.scalar(text("SELECT settings FROM conferences WHERE id = 'k1'"))
        person = connection.execute(
            text("SELECT avatar, avatar_type FROM people WHERE id = 'p1'")
        ).one()
        return (value if isinstance(value, dict) else json.loads(value)), tuple(person)

    settings_back, person_back = _inspect(fresh_settings, restored)
    assert settings_back == OLD_SETTINGS
    assert (bytes(person_back[0]), person_back[1]) == (JPEG, "image/jpeg")
    assert list(root.iterdir()) == []


def test_link_seeds_keep_the_values_of_the_token_columns(fresh_settings: Settings) -> None:
    """0011 renames enter_token and host_token to enter_seed and host_seed, each
    value kept (and the enter seed still unique); its downgrade renames back."""
    migrations.upgrade(fresh_settings, "0010")

    def seed(connection: Connection) -> None:
        _insert(connection, "accounts", id="a1", email="kept@example.test")
        _insert(connection, "channels", id="c1", account_id="a1", url="kept")
        _insert(
            connection,
            "conferences",
            id="k1",
            account_id="a1",
            channel_id="c1",
            sub_url="kept",
            alias="kept-kept-kept-kept",
            code="k1-code",
            kind="webinar",
            status="scheduled",
            host_token="k1.host-seed",
        )
        _insert(connection, "people", id="p1", account_id="a1", email="p@example.test")
        _insert(
            connection,
            "registrations",
            id="r1",
            account_id="a1",
            conference_id="k1",
            person_id="p1",
            enter_token="enter-seed",
            client_code="abcd1234",
        )
        connection.commit()

    _inspect(fresh_settings, seed)

    def values(connection: Connection, enter: str, host: str) -> tuple[Any, Any]:
        return (
            connection.scalar(text(f"SELECT {enter} FROM registrations WHERE id = 'r1'")),
            connection.scalar(text(f"SELECT {host} FROM conferences WHERE id = 'k1'")),
        )

    migrations.upgrade(fresh_settings)
    assert _inspect(fresh_settings, lambda c: values(c, "enter_seed", "host_seed")) == (
        "enter-seed",
        "k1.host-seed",
    )
    assert _differences(fresh_settings) == []

    def duplicate(connection: Connection) -> None:
        _insert(connection, "people", id="p2", account_id="a1", email="q@example.test")
        _insert(
            connection,
            "registrations",
            id="r2",
            account_id="a1",
            conference_id="k1",
            person_id="p2",
            enter_seed="enter-seed",
            client_code="abcd1235",
        )

    with pytest.raises(sa.exc.IntegrityError):
        _inspect(fresh_settings, duplicate)

    migrations.downgrade(fresh_settings, "0010")
    assert _inspect(fresh_settings, lambda c: values(c, "enter_token", "host_token")) == (
        "enter-seed",
        "k1.host-seed",
    )


def test_presenter_links_give_every_presenter_a_seed_of_its_own(fresh_settings: Settings) -> None:
    """0013 adds presenters.link_seed, a random seed for each presenter already
    there (their links were unsigned before); its downgrade drops it."""
    migrations.upgrade(fresh_settings, "0012")

    def seed(connection: Connection) -> None:
        _insert(connection, "accounts", id="a1", email="seeded@example.test")
        _insert(connection, "channels", id="c1", account_id="a1", url="seeded")
        _insert(
            connection,
            "conferences",
            id="k1",
            account_id="a1",
            channel_id="c1",
            sub_url="seeded",
            alias="seed-seed-seed-seed",
            code="k1-code",
            kind="webinar",
            status="scheduled",
        )
        for n in (1, 2):
            _insert(connection, "people", id=f"p{n}", account_id="a1", email=f"p{n}@example.test")
            _insert(
                connection,
                "presenters",
                id=f"s{n}",
                account_id="a1",
                conference_id="k1",
                person_id=f"p{n}",
            )
        connection.commit()

    _inspect(fresh_settings, seed)
    migrations.upgrade(fresh_settings)

    seeds = _inspect(
        fresh_settings,
        lambda c: dict(c.execute(text("SELECT id, link_seed FROM presenters")).all()),
    )
    assert set(seeds) == {"s1", "s2"}
    assert seeds["s1"] != seeds["s2"]
    assert all(len(value) >= 40 for value in seeds.values())
    assert _differences(fresh_settings) == []

    migrations.downgrade(fresh_settings, "0012")
    columns = _inspect(fresh_settings, lambda c: inspect(c).get_columns("presenters"))
    assert "link_seed" not in {column["name"] for column in columns}
