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
from webinarium.models import Account, Conference, Recording
from webinarium.recordings.service import add_processing, fail_recording, store_recording
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


def store_mp4(
    settings: Settings,
    tenant: Tenant,
    conference_id: str,
    tmp_path: Path,
    *,
    seconds: int = 3,
    processing_id: str | None = None,
) -> str:
    """Stores an MP4 of ``seconds`` (3) as the conference's recording: the
    processing one ``processing_id`` names (`add_processing_recording`), else
    a new one; its id."""
    source = tmp_path / "finished.mp4"
    source.write_bytes(mp4_bytes(seconds))

    async def store(session: AsyncSession) -> str:
        account = await session.get(Account, tenant.account_id)
        conference = await session.get(Conference, conference_id)
        assert account is not None
        assert conference is not None
        processing = None
        if processing_id is not None:
            processing = await session.get(Recording, processing_id)
        recording = await store_recording(
            session,
            account,
            conference,
            source,
            store=FileStore.of(settings),
            base_url=settings.base_url,
            processing=processing,
        )
        return recording.id

    return in_database(settings, store)


def add_processing_recording(settings: Settings, tenant: Tenant, conference_id: str) -> str:
    """A recording of the conference whose MP4 is being made, as a stopped
    recording session adds it (media/recording.py); its id."""

    async def add(session: AsyncSession) -> str:
        account = await session.get(Account, tenant.account_id)
        conference = await session.get(Conference, conference_id)
        assert account is not None
        assert conference is not None
        return (await add_processing(session, account, conference)).id

    return in_database(settings, add)


def fail_processing_recording(settings: Settings, tenant: Tenant, recording_id: str) -> None:
    """Making the processing recording's MP4 failed, as the job says it."""

    async def fail(session: AsyncSession) -> None:
        account = await session.get(Account, tenant.account_id)
        recording = await session.get(Recording, recording_id)
        assert account is not None
        assert recording is not None
        await fail_recording(session, account, recording)

    in_database(settings, fail)
