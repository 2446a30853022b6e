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
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from tests.conftest import CHECKOUT, make_settings
from webinarium import migrations
from webinarium.app import create_app
from webinarium.kit.db import create_engine
from webinarium.kit.security import hash_api_key, hash_password
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


def _at(settings: Settings, revision: str, fill: Callable[[Connection], None]) -> None:
    """The database migrated to ``revision``, with the rows ``fill`` writes there."""
    migrations.upgrade(settings, revision)

    def write(connection: Connection) -> None:
        fill(connection)
        connection.commit()

    _inspect(settings, write)


def _webinar(connection: Connection, owner: str = "kept@example.test", **conference: Any) -> None:
    """Account a1 (its e-mail ``owner``), its channel c1 and its webinar k1, as
    the current schema has them; ``conference``: more of k1's values."""
    _insert(connection, "accounts", id="a1", email=owner)
    _insert(connection, "channels", id="c1", account_id="a1")
    _insert(
        connection,
        "conferences",
        id="k1",
        account_id="a1",
        channel_id="c1",
        kind="webinar",
        status="scheduled",
        **conference,
    )


def _json(value: Any) -> Any:
    """A JSON column's value (PostgreSQL gives it decoded, SQLite as text)."""
    return value if isinstance(value, dict) else json.loads(value)


def test_migrations_keep_existing_rows(fresh_settings: Settings) -> None:
    """Rebuilding a table (SQLite batch mode) must not cascade-delete what
    points at it: rows written at the first revision survive every later one,
    down and up again."""
    first = ScriptDirectory.from_config(migrations.alembic_config(fresh_settings)).get_base()
    assert isinstance(first, str)
    # Written as the first revision's schema knows them.
    _at(fresh_settings, first, _webinar)

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
    people = {
        "p1": "mod@example.test",
        "p2": "owner@example.test",
        "p3": "speaker@example.test",
        "p4": "listed@example.test",
    }

    def seed(connection: Connection) -> None:
        _webinar(connection, owner=" Owner@Example.test")
        for person_id, email in people.items():
            _insert(connection, "people", id=person_id, account_id="a1", email=email)
            _insert(
                connection,
                "presenters",
                id=f"r{person_id}",
                account_id="a1",
                conference_id="k1",
                person_id=person_id,
                is_moderator=person_id != "p3",
            )
        _insert(connection, "moderators", id="m4", account_id="a1", person_id="p4")

    _at(fresh_settings, "0006", seed)
    migrations.upgrade(fresh_settings, "0008_moderator_rights")

    def listed(connection: Connection) -> list[str]:
        rows = connection.execute(text("SELECT person_id FROM moderators ORDER BY person_id"))
        return [row[0] for row in rows]

    assert _inspect(fresh_settings, listed) == ["p1", "p4"]
    migrations.downgrade(fresh_settings, "0006")
    migrations.upgrade(fresh_settings)
    assert _inspect(fresh_settings, listed) == ["p1", "p4"]


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

    def seed(connection: Connection) -> None:
        _webinar(connection, settings=OLD_SETTINGS)
        _insert(
            connection,
            "people",
            id="p1",
            account_id="a1",
            email="p@example.test",
            avatar=JPEG,
            avatar_type="image/jpeg",
        )

    _at(fresh_settings, "0006", seed)
    # The column is host_token up to 0010 (0011 renames it host_seed).
    migrations.upgrade(fresh_settings, "0010")

    def moved(connection: Connection) -> dict[str, Any]:
        conference = connection.execute(
            text("SELECT settings, host_token FROM conferences WHERE id = 'k1'")
        ).one()
        settings = _json(conference[0])
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
        return _json(value), tuple(person)

    settings_back, person_back = _inspect(fresh_settings, restored)
    assert settings_back == OLD_SETTINGS
    assert (bytes(person_back[0]), person_back[1]) == (JPEG, "image/jpeg")
    assert list(root.iterdir()) == []


def test_link_seeds_keep_the_values_of_the_token_columns(fresh_settings: Settings) -> None:
    """0011 renames enter_token and host_token to enter_seed and host_seed, each
    value kept (and the enter seed still unique); its downgrade renames back."""

    def seed(connection: Connection) -> None:
        _webinar(connection, host_token="k1.host-seed")
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

    _at(fresh_settings, "0010", seed)

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

    def seed(connection: Connection) -> None:
        _webinar(connection)
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

    _at(fresh_settings, "0012", seed)
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


# The schema of the release before the console (issue 18): the last revision
# that landed before it.
PREVIOUS_RELEASE = "0030_recording_sessions"
# The tables the upgrade test fills, compared row by row once downgraded.
SEEDED_TABLES = (
    "accounts",
    "users",
    "api_keys",
    "channels",
    "conferences",
    "custom_fields",
    "people",
    "registrations",
)


def _rows(connection: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of the seeded tables, as the database gives them back."""
    rows = {}
    for name in SEEDED_TABLES:
        table = sa.Table(name, sa.MetaData(), autoload_with=connection)
        result = connection.execute(sa.select(table).order_by(table.c.id))
        rows[name] = [dict(row._mapping) for row in result]
    return rows


def test_a_database_of_the_previous_release_upgrades_and_downgrades_with_its_data(
    fresh_settings: Settings,
) -> None:
    """A database at the previous release's schema, with an account, its user
    and API key, a channel, a webinar with a custom field and two registrants:
    upgraded to head, the app shows the webinar and its registrants through
    the BigMarker API; downgraded again, every row is as it was."""
    api_key = "wbn_" + "k" * 43
    start = datetime(2031, 5, 4, 15, 0)

    def seed(connection: Connection) -> None:
        _insert(
            connection,
            "accounts",
            id="a1",
            name="Upgraded",
            email="owner@example.test",
            time_zone="Europe/Berlin",
            language="en",
        )
        _insert(
            connection,
            "users",
            id="u1",
            account_id="a1",
            email="owner@example.test",
            name="Owner",
            password_hash=hash_password("correct horse battery"),
        )
        _insert(
            connection,
            "api_keys",
            id="key1",
            account_id="a1",
            name="old",
            prefix=api_key[:8],
            key_hash=hash_api_key(api_key),
        )
        _insert(connection, "channels", id="c1", account_id="a1", url="upgraded", name="Up")
        _insert(
            connection,
            "conferences",
            id="k1",
            account_id="a1",
            channel_id="c1",
            kind="webinar",
            format="webinar",
            title="Kept across the upgrade",
            purpose="Still here",
            sub_url="kept",
            start_at=start,
            duration_minutes=90,
            end_at=start + timedelta(minutes=90),
            time_zone="Europe/Berlin",
            privacy="public",
            status="scheduled",
            max_attendance=300,
            recorded=True,
            settings={},
            code="k1-code",
            number=1,
            alias="kept-kept-kept-kept",
        )
        _insert(
            connection,
            "custom_fields",
            id="f1",
            account_id="a1",
            conference_id="k1",
            field_name="Company size",
            field_type="text",
            required=False,
            api_name="company_size",
            options=[],
            position=0,
        )
        for n, (first, size) in enumerate((("Ada", "12"), ("Grace", "3400")), start=1):
            _insert(
                connection,
                "people",
                id=f"p{n}",
                account_id="a1",
                email=f"{first.lower()}@example.test",
                first_name=first,
                last_name="Registrant",
            )
            _insert(
                connection,
                "registrations",
                id=f"r{n}",
                account_id="a1",
                conference_id="k1",
                person_id=f"p{n}",
                enter_seed=f"enter-seed-{n}",
                client_code=f"code000{n}",
                answers={"f1": size},
                registered_at=datetime(2026, 11, 1, 9, n),
                updated_at=datetime(2026, 11, 1, 9, n),
            )

    _at(fresh_settings, PREVIOUS_RELEASE, seed)
    before = _inspect(fresh_settings, _rows)
    migrations.upgrade(fresh_settings)
    assert _revision(fresh_settings) == _head(fresh_settings)

    served = fresh_settings.model_copy(update={"worker_in_serve": False})

    async def read_through_the_api() -> tuple[httpx.Response, httpx.Response]:
        app = create_app(served)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            headers = {"API-KEY": api_key}
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return (
                    await client.get("/api/v1/conferences/k1", headers=headers),
                    await client.get("/api/v1/conferences/registrations/k1", headers=headers),
                )

    conference, registrants = asyncio.run(read_through_the_api())
    assert conference.status_code == 200, conference.text
    shown = conference.json()
    assert (shown["title"], shown["purpose"], shown["duration"], shown["max_attendance"]) == (
        "Kept across the upgrade",
        "Still here",
        90,
        300,
    )
    assert registrants.status_code == 200, registrants.text
    listed = registrants.json()["registrations"]
    assert sorted((r["email"], r["first_name"]) for r in listed) == [
        ("ada@example.test", "Ada"),
        ("grace@example.test", "Grace"),
    ]

    migrations.downgrade(fresh_settings, PREVIOUS_RELEASE)
    assert _revision(fresh_settings) == PREVIOUS_RELEASE
    assert _inspect(fresh_settings, _rows) == before
