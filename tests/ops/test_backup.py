"""`webinarium backup` while a server writes, `webinarium restore` into a fresh
database and data directory: the restored state is the database at one moment
(every registration complete, its conference and uploaded file there), and a
server on it serves it. On PostgreSQL too (WEBINARIUM_TEST_DATABASE_URL):
there pg_dump and pg_restore must be installed, or the backup fails."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant, fresh_database, in_database
from tests.files.helpers import png_bytes
from tests.room.conftest import RoomServer
from webinarium import migrations
from webinarium.models import Conference, ConferenceFile, Person, Registration, StoredFile
from webinarium.ops import backup as backups
from webinarium.ops.backup import BackupRefused
from webinarium.settings import SECRET_KEY_FILE, Settings

WEBINARIUM = Path(sys.executable).parent / "webinarium"
# Rounds written before the backup starts: the backup has something to copy.
ROUNDS_BEFORE = 10


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment the server of ``settings`` runs with."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
    env.update(
        WEBINARIUM_ENVIRONMENT=settings.environment,
        WEBINARIUM_SECRET_KEY=settings.secret_key,
        WEBINARIUM_DATA_DIR=str(settings.data_dir),
        WEBINARIUM_DATABASE_URL=settings.database_url,
    )
    return {**env, **extra}


def _run(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(WEBINARIUM), *arguments], env=env, capture_output=True, text=True, timeout=120
    )


@dataclass
class Round:
    """One round of the writer: a file uploaded, a conference made with it
    attached, someone registered to it."""

    file_id: str
    digest: str
    conference_id: str = ""
    email: str = ""


@dataclass
class Writer:
    """Writes rounds one after another over HTTP until stopped."""

    url: str
    tenant: Tenant
    rounds: list[Round] = field(default_factory=list)
    registered: int = 0
    failure: str = ""
    stopping: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        try:
            with httpx.Client(base_url=self.url, headers=self.tenant.headers, timeout=30) as http:
                while not self.stopping.is_set():
                    self._round(http, len(self.rounds))
                    if len(self.rounds) >= ROUNDS_BEFORE:
                        self.started.set()
        except Exception as error:  # said by the test, which waits for this thread
            self.failure = repr(error)
            self.started.set()

    def _round(self, http: httpx.Client, number: int) -> None:
        data = png_bytes(2 + number % 40, 2 + number // 40)
        uploaded = http.post(
            "/api/webinarium/v1/files", files={"file": (f"{number}.png", data, "image/png")}
        )
        assert uploaded.status_code == 201, uploaded.text
        done = Round(uploaded.json()["id"], hashlib.sha256(data).hexdigest())
        self.rounds.append(done)
        created = http.post(
            "/api/v1/conferences",
            json={"channel_id": self.tenant.channel_id, "title": f"Round {number}"},
        )
        assert created.status_code == 200, created.text
        done.conference_id = created.json()["id"]
        attached = http.post(
            f"/api/webinarium/v1/conferences/{done.conference_id}/files",
            json={"file_id": done.file_id},
        )
        assert attached.status_code == 201, attached.text
        email = f"round{number}@example.test"
        registered = http.put(
            "/api/v1/conferences/register",
            data={"id": done.conference_id, "email": email, "first_name": "R", "last_name": "B"},
        )
        assert registered.status_code == 200, registered.text
        done.email = email
        self.registered += 1


@dataclass(frozen=True)
class Restored:
    settings: Settings
    tenant: Tenant
    rounds: list[Round]
    registered_before: int
    registered_after: int
    backup: Path


def test_a_backup_made_during_writes_restores_one_moment_a_server_serves(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    # One test, not several on a module's fixture: xdist would make the
    # fixture (two databases, a server, the backup) once per worker.
    source = fresh_database(tmp_path_factory, worker_id, "backup_source")
    tenant = create_tenant(source, "Backed up")
    server = RoomServer(source).start()
    writer = Writer(server.url, tenant)
    thread = threading.Thread(target=writer.run, daemon=True)
    thread.start()
    try:
        assert writer.started.wait(120), "the writer did not get going"
        assert not writer.failure, writer.failure
        registered_before = writer.registered
        backup = tmp_path_factory.mktemp("backups") / "nightly"
        made = _run("backup", str(backup), env=_env(source))
        registered_after = writer.registered
    finally:
        writer.stopping.set()
        thread.join(timeout=60)
        server.stop()
    assert made.returncode == 0, made.stderr
    assert not writer.failure, writer.failure
    assert f"backup written to {backup}" in made.stdout

    target = fresh_database(tmp_path_factory, worker_id, "backup_restored")
    backups.restore(target, backup, force=False)
    restored = Restored(target, tenant, writer.rounds, registered_before, registered_after, backup)
    _is_the_source_at_one_moment(restored)
    _has_its_manifest(restored)
    _is_served(restored)


def _is_the_source_at_one_moment(restored: Restored) -> None:
    async def read(session: AsyncSession) -> tuple[set[str], set[str], set[str], dict[str, str]]:
        account = restored.tenant.account_id
        emails = await session.scalars(
            select(Person.email)
            .join(Registration, Registration.person_id == Person.id)
            .where(Registration.account_id == account)
        )
        conferences = await session.scalars(
            select(Conference.id).where(Conference.account_id == account)
        )
        attached = await session.scalars(
            select(ConferenceFile.stored_file_id).where(ConferenceFile.account_id == account)
        )
        files = await session.execute(
            select(StoredFile.id, StoredFile.sha256).where(StoredFile.account_id == account)
        )
        return (
            set(emails),
            set(conferences),
            {file_id for file_id in attached if file_id},
            {row.id: row.sha256 for row in files},
        )

    emails, conferences, attached, files = in_database(restored.settings, read)
    rounds = restored.rounds
    # Registrations are written one after another: the copy holds the first k.
    k = len(emails)
    assert emails == {done.email for done in rounds[:k]}
    # Those acknowledged before the backup began are in it; it began while
    # the writer went on, and writes went on while it ran.
    assert restored.registered_before <= k <= restored.registered_after
    assert restored.registered_before < restored.registered_after
    # What the round after the k-th had done at the moment, and nothing later.
    later = rounds[k:]
    assert {done.conference_id for done in rounds[:k]} <= conferences
    assert conferences - {done.conference_id for done in rounds[:k]} <= {
        done.conference_id for done in later[:1]
    }
    assert set(files) - {done.file_id for done in rounds[:k]} <= {
        done.file_id for done in later[:1]
    }
    assert {done.file_id for done in rounds[:k]} <= attached <= set(files)
    # Every stored file's bytes are in the restored store, as uploaded.
    root = restored.settings.files_root
    uploaded = {done.file_id: done.digest for done in rounds}
    for file_id, digest in files.items():
        assert hashlib.sha256((root / file_id).read_bytes()).hexdigest() == digest
        assert digest == uploaded[file_id]
    # No bytes without their row.
    assert {path.name for path in root.iterdir()} == set(files)


def _has_its_manifest(restored: Restored) -> None:
    manifest = json.loads((restored.backup / "manifest.json").read_text())
    scripts = ScriptDirectory.from_config(migrations.alembic_config(restored.settings))
    assert manifest["format"] == 1
    assert manifest["database"] == ("sqlite" if restored.settings.is_sqlite else "postgresql")
    assert manifest["alembic_revision"] == scripts.get_current_head()
    assert manifest["secret_key"] == "environment"  # the tests' settings set it
    assert manifest["missing_files"] == []
    assert manifest["files"] == len(list((restored.backup / "files").iterdir())) > ROUNDS_BEFORE


def _is_served(restored: Restored) -> None:
    server = RoomServer(restored.settings).start()
    try:
        with httpx.Client(base_url=server.url, headers=restored.tenant.headers, timeout=30) as http:
            first = restored.rounds[0]
            listed = http.get(f"/api/v1/conferences/registrations/{first.conference_id}")
            assert listed.status_code == 200, listed.text
            assert [r["email"] for r in listed.json()["registrations"]] == [first.email]
            shown = http.get(f"/files/{first.file_id}")
            assert shown.status_code == 200
            assert hashlib.sha256(shown.content).hexdigest() == first.digest
    finally:
        server.stop()


@pytest.fixture(scope="module")
def small_backup(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> tuple[Settings, Path]:
    """A database with an account, and a backup of it."""
    settings = fresh_database(tmp_path_factory, worker_id, "backup_small")
    create_tenant(settings, "Small")
    backup = tmp_path_factory.mktemp("small_backups") / "small"
    backups.backup(settings, backup)
    return settings, backup


def test_restore_refuses_a_database_with_accounts_unless_forced(
    small_backup: tuple[Settings, Path],
) -> None:
    settings, backup = small_backup
    with pytest.raises(BackupRefused, match=r"the database is not empty: .* add --force"):
        backups.restore(settings, backup, force=False)
    backups.restore(settings, backup, force=True)


def _edited_copy(backup: Path, tmp_path: Path, **changes: object) -> Path:
    copy = tmp_path / "edited"
    shutil.copytree(backup, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps({**manifest, **changes}))
    return copy


def test_restore_refuses_a_newer_schema_or_another_kind_of_database(
    small_backup: tuple[Settings, Path], tmp_path: Path
) -> None:
    settings, backup = small_backup
    newer = _edited_copy(backup, tmp_path / "newer", alembic_revision="9999_from_the_future")
    with pytest.raises(BackupRefused, match=r"revision '9999_from_the_future'.* a newer version"):
        backups.restore(settings, newer, force=True)

    other = "postgresql" if settings.is_sqlite else "sqlite"
    foreign = _edited_copy(backup, tmp_path / "foreign", database=other)
    with pytest.raises(BackupRefused, match=f"is a backup of a {other} database"):
        backups.restore(settings, foreign, force=True)

    newer_format = _edited_copy(backup, tmp_path / "format", format=2)
    with pytest.raises(BackupRefused, match="backup format 2; this one reads format 1"):
        backups.restore(settings, newer_format, force=True)

    with pytest.raises(BackupRefused, match="is not a Webinarium backup"):
        backups.restore(settings, tmp_path, force=True)

    with pytest.raises(BackupRefused, match="exists and is not an empty directory"):
        backups.backup(settings, backup)


def test_an_older_backup_is_migrated_to_head_and_keeps_its_secret_key_file(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    # A development server's key, kept in the data directory.
    development = {"environment": "development", "secret_key": ""}
    old = fresh_database(tmp_path_factory, worker_id, "backup_old")
    migrations.downgrade(old, "-1")
    old = old.model_copy(update=development)
    scripts = ScriptDirectory.from_config(migrations.alembic_config(old))
    head = scripts.get_current_head()
    assert head is not None
    previous = scripts.get_revision(head).down_revision
    (old.data_dir / SECRET_KEY_FILE).write_text("kept-in-the-data-dir\n")
    backup = tmp_path_factory.mktemp("old_backups") / "old"
    made = backups.backup(old, backup)
    assert (made.alembic_revision, made.secret_key) == (previous, "file")

    # Through the command, as an operator runs it.
    target = fresh_database(tmp_path_factory, worker_id, "backup_old_restored")
    env = _env(target, WEBINARIUM_ENVIRONMENT="development", WEBINARIUM_SECRET_KEY="")
    put_back = _run("restore", str(backup), env=env)
    assert put_back.returncode == 0, put_back.stderr
    assert "the database is up to date" in put_back.stdout

    async def revision(session: AsyncSession) -> str | None:
        return (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar()

    assert in_database(target, revision) == head
    key = target.data_dir / SECRET_KEY_FILE
    assert key.read_text() == "kept-in-the-data-dir\n"
    assert key.stat().st_mode & 0o777 == 0o600


def test_a_backup_of_a_database_that_is_not_there_says_so_and_leaves_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    missing = Settings(
        environment="test",
        secret_key=settings.secret_key,
        data_dir=tmp_path / "no-data",
        database_url=settings.database_url.rsplit("/", 1)[0] + "/webinarium_nowhere"
        if settings.database_url
        else "",
    )
    expected = "there is no database at" if missing.is_sqlite else "webinarium_nowhere"
    with pytest.raises(BackupRefused, match=expected):
        backups.backup(missing, tmp_path / "backups" / "never")
    assert list((tmp_path / "backups").iterdir()) == []
    assert not missing.data_dir.exists()  # nor made an empty database
