"""The server's commands of ``webinarium``, each test with its own data
directory (a SQLite file, copied from one `migrate` made) and nothing else
configured. Keys they print are checked through the accounts service on that
same database.

The commands run in the test's process (tests/cli/runner.py), which has the
server's modules imported already; `migrate` runs as a user runs it, the
console script in a process of its own on an empty machine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.cli import runner
from tests.conftest import in_database
from webinarium.accounts import service as accounts
from webinarium.accounts.errors import AuthenticationFailed
from webinarium.models import Account, Channel
from webinarium.settings import Settings

WEBINARIUM = Path(sys.executable).parent / "webinarium"
PASSWORD = "correct horse battery"


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``webinarium *args`` in this process, on ``data_dir``."""
    return runner.run(*args, env={"WEBINARIUM_DATA_DIR": str(data_dir)})


def process(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``webinarium *args`` as a user runs it: the console script, on ``data_dir``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
    env["WEBINARIUM_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [str(WEBINARIUM), *args],
        cwd=data_dir.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _settings(data_dir: Path) -> Settings:
    return Settings(environment="development", data_dir=data_dir, database_url="")


def account_of_key(data_dir: Path, key: str) -> str | None:
    """The account id the key authenticates, or None if it does not."""

    async def check(session: AsyncSession) -> str | None:
        try:
            return (await accounts.authenticate_api_key(session, key)).id
        except AuthenticationFailed:
            return None

    return in_database(_settings(data_dir), check)


def _counts(data_dir: Path) -> tuple[int, int]:
    async def count(session: AsyncSession) -> tuple[int, int]:
        return (
            await session.scalar(select(func.count()).select_from(Account)) or 0,
            await session.scalar(select(func.count()).select_from(Channel)) or 0,
        )

    return in_database(_settings(data_dir), count)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory `webinarium migrate` made, for the tests to copy: each
    command migrates first, and from nothing that is most of its time
    (`test_migrate_builds_the_database_and_is_idempotent` starts from nothing)."""
    data_dir = tmp_path_factory.mktemp("migrated") / "data"
    done = cli(data_dir, "migrate")
    assert done.returncode == 0, done.stderr
    return data_dir


def copy_of(migrated: Path, parent: Path) -> Path:
    return Path(shutil.copytree(migrated, parent / "data"))


@pytest.fixture
def data_dir(migrated: Path, tmp_path: Path) -> Path:
    return copy_of(migrated, tmp_path)


@pytest.fixture(scope="module")
def account(
    migrated: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """One account made with ``accounts create --json``, for the key commands."""
    data_dir = copy_of(migrated, tmp_path_factory.mktemp("cli"))
    done = cli(
        data_dir,
        *("accounts", "create", "--name", "Keys", "--email", "k@example.test"),
        *("--password", PASSWORD, "--json"),
    )
    assert done.returncode == 0, done.stderr
    created: dict[str, str] = json.loads(done.stdout)
    return data_dir, created


def test_accounts_create_json_prints_one_object(data_dir: Path) -> None:
    done = cli(
        data_dir,
        *("accounts", "create", "--name", "Acme Webinars", "--email", "Owner@Example.test"),
        *("--password", PASSWORD, "--json"),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("\n")
    assert done.stdout.count("\n") == 1
    created = json.loads(done.stdout)
    assert sorted(created) == ["account_id", "api_key", "channel_id"]
    assert all(isinstance(value, str) and value for value in created.values())
    assert account_of_key(data_dir, created["api_key"]) == created["account_id"]
    assert account_of_key(data_dir, created["api_key"] + "x") is None
    assert _counts(data_dir) == (1, 1)


def test_accounts_create_prints_a_readable_summary(data_dir: Path) -> None:
    done = cli(
        data_dir,
        *("accounts", "create", "--name", "Readable", "--email", "r@example.test"),
        *("--password", PASSWORD),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "Readable" in lines[0]
    fields = {
        name.strip(): value.strip().split()[0]
        for name, _, value in (line.partition(":") for line in lines[1:])
        if value.strip()
    }
    key = fields["API key"]
    assert account_of_key(data_dir, key) == fields["account_id"]
    assert fields["channel_id"]
    with pytest.raises(json.JSONDecodeError):
        json.loads(done.stdout)


def test_accounts_list_shows_every_account_with_its_id(data_dir: Path) -> None:
    made = []
    for name, email in (("First Co", "one@example.test"), ("Second Co", "two@example.test")):
        done = cli(
            data_dir,
            *("accounts", "create", "--name", name, "--email", email),
            *("--password", PASSWORD, "--json"),
        )
        assert done.returncode == 0, done.stderr
        made.append(json.loads(done.stdout)["account_id"])

    listed = cli(data_dir, "accounts", "list")

    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        f"{made[0]}  First Co  one@example.test",
        f"{made[1]}  Second Co  two@example.test",
    ]


def test_accounts_create_refuses_a_taken_email(data_dir: Path) -> None:
    first = cli(
        data_dir,
        *("accounts", "create", "--name", "First", "--email", "same@example.test"),
        *("--password", PASSWORD, "--json"),
    )
    assert first.returncode == 0, first.stderr
    again = cli(
        data_dir,
        *("accounts", "create", "--name", "Second", "--email", " SAME@example.test "),
        *("--password", PASSWORD, "--json"),
    )
    assert again.returncode != 0
    assert again.stdout == ""
    assert "same@example.test" in again.stderr
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr
    assert _counts(data_dir) == (1, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--name", "Short", "--email", "s@example.test", "--password", "short"), "password"),
        (("--name", "Mail", "--email", "not-an-email", "--password", PASSWORD), "e-mail"),
        (("--name", " ", "--email", "n@example.test", "--password", PASSWORD), "name"),
    ],
    ids=["short password", "bad email", "blank name"],
)
def test_accounts_create_refuses_bad_input(
    args: tuple[str, ...], message: str, data_dir: Path
) -> None:
    done = cli(data_dir, "accounts", "create", *args, "--json")
    assert done.returncode != 0
    assert done.stdout == ""
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_keys_create_list_and_revoke(account: tuple[Path, dict[str, str]]) -> None:
    data_dir, created = account
    account_id = created["account_id"]

    made = cli(data_dir, "keys", "create", "--account", account_id, "--name", "ci")
    assert made.returncode == 0, made.stderr
    key_id, new_key = made.stdout.split()
    assert account_of_key(data_dir, new_key) == account_id

    listed = cli(data_dir, "keys", "list", "--account", account_id)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split() for line in listed.stdout.splitlines()]
    assert len(rows) == 2
    by_id = {row[0]: row for row in rows}
    assert by_id[key_id][-2:] == ["ci", "active"]
    assert new_key.startswith(by_id[key_id][1].rstrip("…"))
    (default_id,) = set(by_id) - {key_id}
    assert by_id[default_id][-2:] == ["default", "active"]
    assert new_key not in listed.stdout
    assert created["api_key"] not in listed.stdout

    revoked = cli(data_dir, "keys", "revoke", "--account", account_id, default_id)
    assert revoked.returncode == 0, revoked.stderr
    assert default_id in revoked.stdout
    assert account_of_key(data_dir, created["api_key"]) is None
    assert account_of_key(data_dir, new_key) == account_id

    listed = cli(data_dir, "keys", "list", "--account", account_id)
    states = {line.split()[0]: line.split()[-1] for line in listed.stdout.splitlines()}
    assert states == {default_id: "revoked", key_id: "active"}


def test_key_commands_refuse_unknown_ids(account: tuple[Path, dict[str, str]]) -> None:
    data_dir, created = account
    unknown_key = cli(data_dir, "keys", "revoke", "--account", created["account_id"], "nokey")
    assert unknown_key.returncode != 0
    assert "nokey" in unknown_key.stderr
    assert "Traceback" not in unknown_key.stderr
    unknown_account = cli(data_dir, "keys", "list", "--account", "noaccount")
    assert unknown_account.returncode != 0
    assert "noaccount" in unknown_account.stderr
    assert unknown_account.stdout == ""


def test_migrate_builds_the_database_and_is_idempotent(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    # From nothing as a user runs it, then again (nothing left to do).
    for run in (process, cli):
        done = run(data_dir, "migrate")
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "database is up to date"
    assert (data_dir / "webinarium.db").is_file()
    assert _counts(data_dir) == (0, 0)
