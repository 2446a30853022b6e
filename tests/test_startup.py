"""The ``make run`` path: ``webinarium serve --demo`` on an empty machine prints a
demo API key that works, and a restart reuses the demo account."""

from __future__ import annotations

import os
import queue
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import jwt
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.cli import runner
from tests.conftest import free_port, in_database
from webinarium.invites.service import signing_key
from webinarium.models import Account
from webinarium.settings import PUBLISHED_SECRET_KEY, SECRET_KEY_FILE, Settings

WEBINARIUM = Path(sys.executable).parent / "webinarium"
DEADLINE = 60.0


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
    env.update(WEBINARIUM_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", **extra)
    return env


class Served:
    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process = process
        self.base_url = f"http://127.0.0.1:{port}"
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def read_until(self, marker: str) -> str:
        """Stdout lines up to the first that contains ``marker``; returns that line."""
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if line is None:
                break
            self.seen.append(line)
            if marker in line:
                return line
        raise AssertionError(f"no {marker!r} in the output: {self.seen}")

    def wait_healthy(self) -> None:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            assert self.process.poll() is None, "the server exited"
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError("/healthz never answered 200")


@contextmanager
def serve(tmp_path: Path, data_dir: Path, log: Path | None = None, **env: str) -> Iterator[Served]:
    """The server as `make run` starts it, ``env`` added to its environment; its
    log (stderr) goes to ``log``."""
    port = free_port()
    with (log or Path(os.devnull)).open("a") as stderr:
        process = subprocess.Popen(
            [str(WEBINARIUM), "serve", "--demo", "--port", str(port)],
            cwd=tmp_path,
            env=_env(data_dir, **env),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    try:
        yield Served(process, port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError("the server did not stop on SIGTERM") from None


def test_a_first_start_and_a_restart(tmp_path: Path) -> None:
    """Two starts on one data directory (a server start costs seconds, so one
    pair proves it all). The first makes the demo account and prints its key,
    which works; makes a secret key file, which signs the links; and logs no key
    and no token. The restart reuses both: the same account (no new key
    printed, the command that makes one named instead, and it works as
    printed), the same secret key (a link signed before still opens)."""
    home = tmp_path / "home"  # the directory `make run` runs in: nothing else there
    home.mkdir()
    data_dir = home / "data"
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    with serve(home, data_dir, first_log) as first:
        key = first.read_until("API key:").split("API key:", 1)[1].strip()
        first.wait_healthy()
        listed = httpx.get(f"{first.base_url}/api/v1/conferences", headers={"API-KEY": key})
        assert listed.status_code == 200, listed.text
        assert listed.json()["conferences"] == []
        wrong = httpx.get(f"{first.base_url}/api/v1/conferences", headers={"API-KEY": key + "x"})
        assert wrong.status_code == 401
        token = _invite(first, key)
        assert _opens(first, token) == 200
        # The token re-signed with the development key published in the source
        # (what earlier versions signed with when no key was set): refused.
        claims = jwt.decode(token, options={"verify_signature": False})
        forged = jwt.encode(claims, signing_key(PUBLISHED_SECRET_KEY), algorithm="HS256")
        assert _opens(first, forged) == 401
        # A MyOwnConference call with its key in the query (BigMarker's, in a
        # header, is above).
        httpx.get(first.base_url + "/", params={"request": f'{{"key": "{key}"}}'})
    assert "Demo account created" in first.seen
    assert (data_dir / "webinarium.db").is_file()
    assert list(home.iterdir()) == [data_dir]  # nothing written outside the data dir
    account_id = next(line for line in first.seen if "account_id:" in line).split()[-1]
    secret_file = data_dir / SECRET_KEY_FILE
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = secret_file.read_text().strip()
    assert len(secret) >= 43
    assert secret != PUBLISHED_SECRET_KEY
    first_lines = first_log.read_text()
    assert f"made a new one in {secret_file}" in first_lines
    assert "GET /api/conference/invite?apikey=[redacted]" in first_lines
    assert "GET /invite?jwt=[redacted]" in first_lines
    assert key not in first_lines
    assert key[len("wbn_") :] not in first_lines
    assert token not in first_lines
    assert token.split(".")[2] not in first_lines  # not even the signature

    with serve(home, data_dir, second_log) as second:
        second.read_until("Serving on")
        second.wait_healthy()
        # The first key still works: same database, same demo account.
        listed = httpx.get(f"{second.base_url}/api/v1/conferences", headers={"API-KEY": key})
        assert listed.status_code == 200
        assert _opens(second, token) == 200  # same secret key: links outlive a restart
        # The restart names the command that makes a new key; it works as printed.
        hint = next(line for line in second.seen if "keys create" in line).split()
        assert hint[:4] == [".venv/bin/webinarium", "keys", "create", "--account"]
        assert hint[4] == account_id
        made = subprocess.run(
            [str(WEBINARIUM), *hint[1:]],
            env=_env(data_dir),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert made.returncode == 0, made.stderr
        new_key = made.stdout.split()[1]
        listed = httpx.get(f"{second.base_url}/api/v1/conferences", headers={"API-KEY": new_key})
        assert listed.status_code == 200, listed.text
    assert "Demo account created" not in second.seen
    assert not any("API key:" in line for line in second.seen)
    assert any("demo@webinarium.local" in line for line in second.seen)
    assert _accounts(data_dir) == 1
    assert secret_file.read_text().strip() == secret
    second_lines = second_log.read_text()
    assert f"secret key: read from {secret_file}" in second_lines
    assert secret not in first_lines + second_lines


def _invite(served: Served, key: str) -> str:
    """A Boomstream invite made the way its clients make one (key in the
    query): its token."""
    query = {"apikey": key, "title": "Board", "format": "json"}
    code = httpx.get(f"{served.base_url}/api/conference/create", params=query).json()["Code"]
    invited = httpx.get(
        f"{served.base_url}/api/conference/invite",
        params={"apikey": key, "code": code, "email": "nik@example.com", "format": "json"},
    ).json()
    token: str = invited["token"]
    return token


def _opens(served: Served, token: str) -> int:
    return httpx.get(f"{served.base_url}/invite", params={"jwt": token}).status_code


def test_the_published_development_key_is_refused_in_every_environment(
    tmp_path: Path,
) -> None:
    # In this process (tests/cli/runner.py: an exception would fail the test);
    # a refusal in a process of its own is the production test's below.
    for environment in ("development", "production"):
        done = runner.run(
            "migrate",
            env={
                "WEBINARIUM_DATA_DIR": str(tmp_path / "data"),
                "WEBINARIUM_ENVIRONMENT": environment,
                "WEBINARIUM_SECRET_KEY": PUBLISHED_SECRET_KEY,
            },
        )
        assert done.returncode != 0, environment
        assert "WEBINARIUM_SECRET_KEY is the development key published" in done.stderr
        assert not (tmp_path / "data").exists()


def _accounts(data_dir: Path) -> int:
    async def count(session: AsyncSession) -> int:
        return (await session.scalar(select(func.count()).select_from(Account))) or 0

    return in_database(Settings(data_dir=data_dir, database_url=""), count)


@pytest.mark.parametrize("command", [["serve", "--demo"], ["migrate"]])
def test_production_with_the_default_secret_key_refuses_to_start(
    command: list[str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    port = free_port()
    done = subprocess.run(
        [str(WEBINARIUM), *command, *(["--port", str(port)] if command[0] == "serve" else [])],
        cwd=tmp_path,
        env=_env(data_dir, WEBINARIUM_ENVIRONMENT="production"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "WEBINARIUM_SECRET_KEY" in done.stderr
    assert "Traceback" not in done.stderr
    assert not data_dir.exists()  # refused before touching anything
