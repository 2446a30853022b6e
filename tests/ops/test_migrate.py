"""`webinarium migrate` (and `serve` and `worker`, which migrate first) run by
several processes at once on one database, as a deployment starts them: one
migrates, the others wait for it and find the database up to date; and
``migrate --down-to`` takes it back to an older release's revision (issue 19)."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import CHECKOUT, make_settings
from tests.test_startup import WEBINARIUM, _env
from webinarium import migrations
from webinarium.kit.db import run_in_transaction
from webinarium.settings import Settings

# Two race for the same upgrade (without the locks, one fails or both do).
PROCESSES = 2


def _applied(settings: Settings) -> list[str]:
    async def revisions(session: AsyncSession) -> list[str]:
        return await migrations.applied(session)

    return asyncio.run(run_in_transaction(settings.database_url_async, revisions))


def test_processes_starting_at_once_migrate_one_after_the_other(
    tmp_path: Path, worker_id: str
) -> None:
    settings: Settings = make_settings(tmp_path, f"webinarium_migrate_{CHECKOUT}_{worker_id}")
    env = _env(
        tmp_path,
        WEBINARIUM_ENVIRONMENT="test",
        WEBINARIUM_SECRET_KEY=settings.secret_key,
        WEBINARIUM_DATABASE_URL=settings.database_url,
    )
    started = [
        subprocess.Popen(
            [str(WEBINARIUM), "migrate"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    outputs = [process.communicate(timeout=240)[0] for process in started]
    for process, output in zip(started, outputs, strict=True):
        assert process.returncode == 0, output
        assert "database is up to date" in output

    assert _applied(settings) == [migrations.head()]


def test_migrate_down_to_an_older_revision_and_up_again(tmp_path: Path, worker_id: str) -> None:
    settings = make_settings(tmp_path, f"webinarium_migrate_down_{CHECKOUT}_{worker_id}")
    env = _env(
        tmp_path,
        WEBINARIUM_ENVIRONMENT="test",
        WEBINARIUM_SECRET_KEY=settings.secret_key,
        WEBINARIUM_DATABASE_URL=settings.database_url,
    )

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(WEBINARIUM), "migrate", *arguments],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )

    def migrate(*arguments: str) -> str:
        done = run(*arguments)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert migrate() == "database is up to date"
    assert _applied(settings) == [migrations.head()]
    assert (
        migrate("--down-to", "0030_recording_sessions") == "database is at 0030_recording_sessions"
    )
    assert _applied(settings) == ["0030_recording_sessions"]
    assert migrate() == "database is up to date"
    assert _applied(settings) == [migrations.head()]
    refused = run("--down-to", "0999_no_such_revision")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr.startswith("error: Can't locate revision"), refused.stderr
    assert _applied(settings) == [migrations.head()]
