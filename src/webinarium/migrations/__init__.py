"""Alembic migrations, run programmatically (no alembic.ini needed).

`webinarium migrate` and `webinarium serve` call `upgrade`; tests build their
database with it, so the schema under test is the one users get.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.settings import Settings

_HERE = Path(__file__).parent


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_HERE))
    config.set_main_option(
        "file_template",
        "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s",
    )
    config.attributes["database_url"] = settings.database_url_async
    # Revisions that move bytes out of the database write them to the file store.
    config.attributes["files_root"] = settings.files_root
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings), revision)


def downgrade(settings: Settings, revision: str) -> None:
    command.downgrade(alembic_config(settings), revision)


@cache
def head() -> str:
    """The revision this code's models are at."""
    revision = ScriptDirectory(str(_HERE)).get_current_head()
    assert revision is not None, "no migrations"
    return revision


async def applied(session: AsyncSession) -> list[str]:
    """The revisions the database is at (one, once migrated: the history has no branches)."""
    rows = await session.scalars(text("SELECT version_num FROM alembic_version"))
    return sorted(rows)
