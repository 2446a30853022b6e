"""Alembic migrations, run programmatically (no alembic.ini needed).

`webinarium migrate` and `webinarium serve` call `upgrade`; tests build their
database with it, so the schema under test is the one users get.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

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
