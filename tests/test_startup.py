"""The ``make run`` path: ``webinarium serve --demo`` on an empty machine prints a
demo API key that works, and a restart reuses the demo account."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import free_port, in_database
from webinarium.models import Account
from webinarium.settings import Settings

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
def serve(tmp_path: Path, data_dir: Path) -> Iterator[Served]:
    port = free_port()
    process = subprocess.Popen(
        [str(WEBINARIUM), "serve", "--demo", "--port", str(port)],
        cwd=tmp_path,
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
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


def test_serve_demo_prints_a_working_key_and_restarts_with_the_same_account(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    with serve(tmp_path, data_dir) as first:
        key = first.read_until("API key:").split("API key:", 1)[1].strip()
        first.wait_healthy()
        listed = httpx.get(f"{first.base_url}/api/v1/conferences", headers={"API-KEY": key})
        assert listed.status_code == 200, listed.text
        assert listed.json()["conferences"] == []
        wrong = httpx.get(f"{first.base_url}/api/v1/conferences", headers={"API-KEY": key + "x"})
        assert wrong.status_code == 401
    assert "Demo account created" in first.seen
    assert (data_dir / "webinarium.db").is_file()
    assert list(tmp_path.iterdir()) == [data_dir]  # nothing written outside the data dir

    account_id = next(line for line in first.seen if "account_id:" in line).split()[-1]

    with serve(tmp_path, data_dir) as second:
        second.read_until("Serving on")
        second.wait_healthy()
        # The first key still works: same database, same demo account.
        listed = httpx.get(f"{second.base_url}/api/v1/conferences", headers={"API-KEY": key})
        assert listed.status_code == 200
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
