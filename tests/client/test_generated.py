"""The SDK's blocking half is exactly what tools/unasync_sdk.py writes from its
asyncio half: a call changed in ``_async/`` and not regenerated fails here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_sync_clients_are_generated_from_the_async_ones() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "unasync_sdk.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_a_stale_sync_file_is_found(tmp_path: Path) -> None:
    copy = tmp_path / "_sync"
    shutil.copytree(ROOT / "src" / "webinarium" / "client" / "_sync", copy)
    native = copy / "native.py"
    assert "def iter_events" in native.read_text()
    native.write_text(native.read_text().replace("def iter_events", "def iter_events_renamed"))
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "unasync_sdk.py"), "--check", str(copy)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "native.py" in done.stderr
