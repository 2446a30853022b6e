"""Recordings: listing and deleting them. Recordings are made by the room; a
conference's ``recorded`` flag says it was recorded and is left as it is.
Services flush; the caller commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.tenancy import ensure_owned
from webinarium.models import Account, Conference, Recording
from webinarium.recordings.errors import RecordingNotFound
from webinarium.recordings.repository import RecordingRepository


async def list_recordings(
    session: AsyncSession, account: Account, conference: Conference
) -> list[Recording]:
    """The conference's recordings, oldest first."""
    ensure_owned(account, conference)
    return await RecordingRepository(session, account.id).of_conference(conference.id)


async def count_recordings(session: AsyncSession, account: Account, conference: Conference) -> int:
    ensure_owned(account, conference)
    return await RecordingRepository(session, account.id).count_of_conference(conference.id)


async def get_recording(session: AsyncSession, account: Account, recording_id: str) -> Recording:
    recording = await RecordingRepository(session, account.id).get(recording_id.strip())
    if recording is None:
        raise RecordingNotFound(f"recording {recording_id.strip()} not found")
    return recording


async def delete_recording(session: AsyncSession, account: Account, recording_id: str) -> None:
    recording = await get_recording(session, account, recording_id)
    await RecordingRepository(session, account.id).delete(recording)
