"""`webinarium backup PATH` and `webinarium restore PATH` (docs/operations.md,
"Backups").

A backup is a directory: ``manifest.json``, the database (SQLite's online
backup API, or ``pg_dump --format=custom``), the file store's files, the raw
recordings not yet made into MP4s, and the secret key file when the key is
kept in the data directory. It is written beside PATH and renamed into place
at the end, so PATH is a whole backup or absent.

Order, so that every file a row of the copy names is in the copy: the store's
bytes are written before the row that names them is committed, and removed
only after the row's deletion is committed (files/store.py). The files are
copied once before the database's snapshot and the snapshot's missing ones
after it: a file whose row is in the snapshot existed at the snapshot, so it is
in one of the two copies unless it was both made after the first copy and
deleted before the second (reported). Copies of files no row of the snapshot
names (rolled back, deleted, made later) are dropped.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

import asyncpg  # type: ignore[import-untyped]
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import URL, make_url

from webinarium import __version__, migrations
from webinarium.kit.ids import new_id
from webinarium.models import FileState
from webinarium.settings import SECRET_KEY_FILE, Settings

# Raised when a backup's layout changes; a restore refuses a newer one.
FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
# Janus's raw files of sessions not yet processed (media/recording.py).
RECORDING = "recording"
# A file of the store being written (files/store.py): whole only once renamed.
SCRATCH_SUFFIX = ".partial"

DatabaseKind = Literal["sqlite", "postgresql"]


class BackupRefused(Exception):
    """A backup or restore that cannot be done, with the reason for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Manifest:
    format: int
    database: DatabaseKind
    alembic_revision: str
    created_at: str
    webinarium_version: str
    files: int
    # "file": the key is in the backup; "environment": WEBINARIUM_SECRET_KEY
    # was set, and a restore needs the same value.
    secret_key: Literal["file", "environment", "none"]
    # Files whose rows are in the copy but whose bytes were deleted while the
    # backup ran (see the module's docstring).
    missing_files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Snapshot:
    revision: str
    # The ids of the files rows whose bytes must be in the store.
    file_ids: frozenset[str]


class Database(Protocol):
    kind: DatabaseKind

    def snapshot(self, folder: Path) -> Snapshot:
        """Writes a consistent copy of the database into ``folder``."""

    def has_data(self) -> bool:
        """Whether the database holds an account (a migrated, empty one does not)."""

    def restore(self, folder: Path) -> None:
        """Replaces the database with the copy in ``folder``."""


def backup(settings: Settings, target: Path) -> Manifest:
    with _plainly():
        return _backup(settings, target)


def restore(settings: Settings, source: Path, *, force: bool) -> Manifest:
    with _plainly():
        return _restore(settings, source, force=force)


@contextmanager
def _plainly() -> Iterator[None]:
    """The database's or the disk's error as a refusal that says it (a database
    that is not there, a full disk), not a traceback."""
    try:
        yield
    except (OSError, sqlite3.Error, asyncpg.PostgresError) as error:
        raise BackupRefused(str(error)) from error


def _backup(settings: Settings, target: Path) -> Manifest:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupRefused(f"{target} exists and is not an empty directory")
    database = database_of(settings)
    work = target.parent / f".{target.name}.{new_id()}{SCRATCH_SUFFIX}"
    work.mkdir(parents=True)
    try:
        files = work / FILES
        files.mkdir()
        _copy_store(settings.files_root, files, names=None)
        snapshot = database.snapshot(work)
        missing = _copy_store(settings.files_root, files, names=snapshot.file_ids)
        _drop_unnamed(files, snapshot.file_ids)
        _copy_tree(settings.data_dir / RECORDING, work / RECORDING)
        key_file = settings.data_dir / SECRET_KEY_FILE
        if settings.secret_key:
            secret_key: Literal["file", "environment", "none"] = "environment"
        elif key_file.is_file():
            shutil.copy2(key_file, work / SECRET_KEY_FILE)
            secret_key = "file"
        else:
            secret_key = "none"
        manifest = Manifest(
            format=FORMAT,
            database=database.kind,
            alembic_revision=snapshot.revision,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            webinarium_version=__version__,
            files=len(snapshot.file_ids) - len(missing),
            secret_key=secret_key,
            missing_files=sorted(missing),
        )
        (work / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2) + "\n")
        if target.exists():
            target.rmdir()
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _restore(settings: Settings, source: Path, *, force: bool) -> Manifest:
    manifest = read_manifest(source)
    database = database_of(settings)
    if manifest.database != database.kind:
        raise BackupRefused(
            f"{source} is a backup of a {manifest.database} database and this server's "
            f"database is {database.kind}: restore it into a {manifest.database} database"
        )
    _refuse_unknown_revision(settings, manifest.alembic_revision)
    if database.has_data() and not force:
        raise BackupRefused(
            "the database is not empty: restoring replaces everything in it; add --force to do so"
        )
    database.restore(source)
    _copy_tree(source / FILES, settings.files_root)
    _copy_tree(source / RECORDING, settings.data_dir / RECORDING)
    if manifest.secret_key == "file":
        _restore_secret_key(source / SECRET_KEY_FILE, settings.data_dir / SECRET_KEY_FILE)
    migrations.upgrade(settings)
    return manifest


def read_manifest(source: Path) -> Manifest:
    try:
        given: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupRefused(f"{source} is not a Webinarium backup: it has no {MANIFEST}") from None
    except ValueError as error:
        raise BackupRefused(f"{source / MANIFEST} cannot be read: {error}") from None
    version = given.get("format")
    if not isinstance(version, int) or version > FORMAT:
        raise BackupRefused(
            f"{source} was made by a newer Webinarium ({given.get('webinarium_version')}, "
            f"backup format {version}; this one reads format {FORMAT}): upgrade Webinarium"
        )
    try:
        return Manifest(**given)
    except TypeError as error:
        raise BackupRefused(f"{source / MANIFEST} is not a backup's manifest: {error}") from None


def _refuse_unknown_revision(settings: Settings, revision: str) -> None:
    scripts = ScriptDirectory.from_config(migrations.alembic_config(settings))
    try:
        known = scripts.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupRefused(
            f"the backup's database schema is revision {revision!r}, which this Webinarium "
            f"({__version__}, newest revision {scripts.get_current_head()}) does not know: "
            "it was made by a newer version; restore it with that version or a later one"
        )


def database_of(settings: Settings) -> Database:
    url = make_url(settings.database_url_async)
    if url.get_backend_name() == "sqlite":
        return SqliteDatabase(Path(url.database or ""))
    return PostgresDatabase(url, settings)


# SQLite


SQLITE_COPY = "database.sqlite3"
# A copy waits this long for a writer of another process (the busy timeout):
# the backup API's one step only reads, and in WAL mode writers go on meanwhile.
SQLITE_WAIT_SECONDS = 30.0


class SqliteDatabase:
    kind: DatabaseKind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path

    def snapshot(self, folder: Path) -> Snapshot:
        if not self.path.is_file():
            # sqlite3 would make an empty one.
            raise BackupRefused(
                f"there is no database at {self.path}: run the command with the server's "
                "WEBINARIUM_DATA_DIR (or WEBINARIUM_DATABASE_URL)"
            )
        copy = folder / SQLITE_COPY
        with (
            _closing(sqlite3.connect(self.path, timeout=SQLITE_WAIT_SECONDS)) as live,
            _closing(sqlite3.connect(copy)) as target,
        ):
            # One step: one read transaction, so the copy is the database at
            # one moment; in WAL mode the server's writes go on meanwhile.
            live.backup(target)
            return Snapshot(
                revision=_one(target.execute("SELECT version_num FROM alembic_version")),
                file_ids=frozenset(
                    row[0]
                    for row in target.execute(
                        "SELECT id FROM files WHERE state = ?", (FileState.READY.value,)
                    )
                ),
            )

    def has_data(self) -> bool:
        if not self.path.exists():
            return False
        with _closing(sqlite3.connect(self.path, timeout=SQLITE_WAIT_SECONDS)) as live:
            tables = {row[0] for row in live.execute("SELECT name FROM sqlite_master")}
            return "accounts" in tables and bool(
                live.execute("SELECT 1 FROM accounts LIMIT 1").fetchone()
            )

    def restore(self, folder: Path) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with (
            _closing(sqlite3.connect(folder / SQLITE_COPY)) as copy,
            _closing(sqlite3.connect(self.path, timeout=SQLITE_WAIT_SECONDS)) as live,
        ):
            # Through SQLite, not a file copy: the live database's WAL and
            # its readers' view stay right.
            copy.backup(live)


class _closing:
    """sqlite3's connection as a context manager closes it (its own commits only)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *_: object) -> None:
        self.connection.close()


def _one(cursor: sqlite3.Cursor) -> str:
    row = cursor.fetchone()
    if row is None:
        raise BackupRefused("the database has no schema revision: run `webinarium migrate` first")
    return str(row[0])


# PostgreSQL


PG_COPY = "database.pgdump"


class PostgresDatabase:
    kind: DatabaseKind = "postgresql"

    def __init__(self, url: URL, settings: Settings) -> None:
        self.url = url
        self.settings = settings

    def snapshot(self, folder: Path) -> Snapshot:
        return asyncio.run(self._snapshot(folder / PG_COPY))

    async def _snapshot(self, copy: Path) -> Snapshot:
        connection = await self._connect()
        try:
            # pg_dump dumps the snapshot this transaction exports, so the
            # revision and the file list read here are those of the dump.
            async with connection.transaction(isolation="repeatable_read", readonly=True):
                exported = await connection.fetchval("SELECT pg_export_snapshot()")
                revision = await connection.fetchval("SELECT version_num FROM alembic_version")
                if revision is None:
                    raise BackupRefused(
                        "the database has no schema revision: run `webinarium migrate` first"
                    )
                file_ids = frozenset(
                    row["id"]
                    for row in await connection.fetch(
                        "SELECT id FROM files WHERE state = $1", FileState.READY.value
                    )
                )
                await asyncio.to_thread(
                    self._tool,
                    "WEBINARIUM_PG_DUMP_BINARY",
                    self.settings.pg_dump_binary,
                    "--format=custom",
                    f"--snapshot={exported}",
                    f"--file={copy}",
                    "--no-owner",
                    "--no-privileges",
                    f"--dbname={self._libpq_url()}",
                )
        finally:
            await connection.close()
        return Snapshot(revision=str(revision), file_ids=file_ids)

    def has_data(self) -> bool:
        async def accounts() -> bool:
            connection = await self._connect()
            try:
                if await connection.fetchval("SELECT to_regclass('accounts')") is None:
                    return False
                return bool(await connection.fetchval("SELECT EXISTS (SELECT 1 FROM accounts)"))
            finally:
                await connection.close()

        return asyncio.run(accounts())

    def restore(self, folder: Path) -> None:
        # Tables the dump does not have (a newer schema's) go too: the
        # migrations then bring the restored schema up to head.
        asyncio.run(self._drop_tables())
        self._tool(
            "WEBINARIUM_PG_RESTORE_BINARY",
            self.settings.pg_restore_binary,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={self._libpq_url()}",
            str(folder / PG_COPY),
        )

    async def _drop_tables(self) -> None:
        connection = await self._connect()
        try:
            names = await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
            if names:
                listed = ", ".join(f'"{row["tablename"]}"' for row in names)
                await connection.execute(f"DROP TABLE IF EXISTS {listed} CASCADE")
        finally:
            await connection.close()

    async def _connect(self) -> asyncpg.Connection:
        return await asyncpg.connect(self._libpq_url(), password=self.url.password)

    def _libpq_url(self) -> str:
        """The URL for libpq and asyncpg, without the password (it goes in
        PGPASSWORD, not on a command line others can read)."""
        plain = self.url.set(drivername="postgresql", password=None)
        return plain.render_as_string(hide_password=False)

    def _tool(self, setting: str, binary: str, *arguments: str) -> None:
        found = shutil.which(binary)
        if found is None:
            raise BackupRefused(
                f"{binary} is not found ({setting}): install PostgreSQL's client programs "
                "of the server's major version (Debian: postgresql-client), or set "
                f"{setting} to the program's path"
            )
        env = dict(os.environ)
        if self.url.password:
            env["PGPASSWORD"] = self.url.password
        done = subprocess.run([found, *arguments], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupRefused(f"{Path(found).name} failed: {done.stderr.strip()}")


# Files


def _copy_store(root: Path, target: Path, names: Iterable[str] | None) -> set[str]:
    """Copies the store's files (``names``, or every one) not copied yet;
    returns the names that are not there. Only files at the root: the
    ``webcasts`` folder's HLS segments (media/webcast.py) live while a webcast
    runs and are made again by the next one."""
    if names is None:
        if not root.is_dir():
            return set()
        names = (
            entry.name
            for entry in os.scandir(root)
            if entry.is_file(follow_symlinks=False) and not entry.name.endswith(SCRATCH_SUFFIX)
        )
    missing = set()
    for name in names:
        if (target / name).exists():
            continue
        try:
            shutil.copy2(root / name, target / name)
        except FileNotFoundError:
            missing.add(name)
    return missing


def _drop_unnamed(folder: Path, names: frozenset[str]) -> None:
    for entry in os.scandir(folder):
        if entry.name not in names:
            os.unlink(entry.path)


def _copy_tree(source: Path, target: Path) -> None:
    """Copies a folder over another (made if need be); files that vanish
    while it copies (a recording processed meanwhile) are left out."""
    if not source.is_dir():
        return
    try:
        shutil.copytree(source, target, dirs_exist_ok=True)
    except shutil.Error as error:
        vanished = [problem for problem in error.args[0] if not Path(problem[0]).exists()]
        if len(vanished) != len(error.args[0]):
            raise


def _restore_secret_key(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = target.with_name(f".{target.name}.{new_id()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(source.read_text())
    os.replace(draft, target)
