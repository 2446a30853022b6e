"""A real MP4 made by ffmpeg, stored as a conference's recording through the service."""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from webinarium.files.store import FileStore
from webinarium.models import Account, Conference
from webinarium.recordings.service import store_recording
from webinarium.settings import Settings


@functools.cache
def mp4_bytes(seconds: int = 3) -> bytes:
    """An MP4 (H.264 + AAC) of ``seconds``: ffmpeg's test pattern and a sine tone."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None or shutil.which("ffprobe") is None:
        pytest.fail("ffmpeg and ffprobe make and read the test recording: apt-get install ffmpeg")
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "recording.mp4"
        command = [ffmpeg, "-hide_banner", "-loglevel", "error"]
        command += ["-f", "lavfi", "-i", f"testsrc=size=160x120:rate=10:duration={seconds}"]
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
        command += ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
        command += ["-movflags", "+faststart", str(target)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        return target.read_bytes()


def store_mp4(settings: Settings, tenant: Tenant, conference_id: str, tmp_path: Path) -> str:
    """Stores a 3-second MP4 as the conference's recording; its id."""
    source = tmp_path / "finished.mp4"
    source.write_bytes(mp4_bytes())

    async def store(session: AsyncSession) -> str:
        account = await session.get(Account, tenant.account_id)
        conference = await session.get(Conference, conference_id)
        assert account is not None
        assert conference is not None
        recording = await store_recording(
            session,
            account,
            conference,
            source,
            store=FileStore.of(settings),
            base_url=settings.base_url,
        )
        return recording.id

    return in_database(settings, store)
