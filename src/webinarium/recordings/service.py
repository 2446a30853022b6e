"""Recordings: a finished MP4 made a conference's recording (`store_recording`),
listed, published, unpublished, watched on demand and deleted. The media part
makes the MP4; everything after it is here. Services flush; the caller commits."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.events.outbox import emit
from webinarium.events.types import RecordingPublished, RecordingReady, RecordingViewed
from webinarium.files.facts import read_facts
from webinarium.files.sniff import HEAD_BYTES, content_type_of
from webinarium.files.store import FileStore, file_url
from webinarium.kit.ids import new_id
from webinarium.kit.tenancy import ensure_owned
from webinarium.models import Account, Conference, Recording, RecordingView, StoredFile
from webinarium.recordings.errors import (
    AlreadyPublished,
    AlreadyUnpublished,
    NoRecording,
    NotAnMp4,
    RecordingNotFound,
    RecordingProcessing,
)
from webinarium.recordings.repository import RecordingRepository, RecordingViewRepository
from webinarium.recordings.schemas import FAILED, PROCESSING, READY, Watched

MP4 = "video/mp4"
# The on-demand page of a conference's recording: under its public page.
_ON_DEMAND = "/recording"
ON_DEMAND_PATH = "/{channel_url}/{sub_url}" + _ON_DEMAND


def on_demand_address(conference_address: str) -> str:
    """The on-demand page of the conference at ``conference_address`` (`ON_DEMAND_PATH`)."""
    return conference_address + _ON_DEMAND


async def add_processing(
    session: AsyncSession, account: Account, conference: Conference
) -> Recording:
    """The conference's newest recording, its MP4 being made: listed as
    processing until `store_recording` makes it ready or `fail_recording` failed."""
    ensure_owned(account, conference)
    recording = Recording(
        account_id=account.id, conference_id=conference.id, name=conference.title,
        status=PROCESSING,
    )  # fmt: skip
    await RecordingRepository(session, account.id).add(recording)
    return recording


async def fail_recording(session: AsyncSession, account: Account, recording: Recording) -> None:
    """Making the processing ``recording``'s MP4 failed (the media part keeps why)."""
    ensure_owned(account, recording)
    if recording.status == PROCESSING:
        recording.status = FAILED
        await session.flush()


async def store_recording(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    source: Path | StoredFile,
    *,
    store: FileStore,
    base_url: str,
    name: str = "",
    processing: Recording | None = None,
) -> Recording:
    """Makes the MP4 at ``source`` (a path, copied into the store, or a file
    already in it) the conference's recording, ready, with its duration
    (ffprobe) and size: the ``processing`` one (`add_processing`), else a new
    newest one; marks the conference recorded; emits ``recording.ready``."""
    ensure_owned(account, conference)
    if processing is not None:
        ensure_owned(account, processing)
    stored = (
        source if isinstance(source, StoredFile) else await _keep(session, account, store, source)
    )
    ensure_owned(account, stored)
    path = store.path(stored.id)
    head = await asyncio.to_thread(_head, path)
    if content_type_of(head) != MP4:
        raise NotAnMp4("a recording is an MP4 video")
    facts = await read_facts(path, MP4, store.root)
    url = file_url(base_url, stored.id)
    recording = processing
    if recording is None:
        recording = Recording(account_id=account.id, conference_id=conference.id)
        await RecordingRepository(session, account.id).add(recording)
    recording.name = name or recording.name or conference.title
    recording.status = READY
    recording.file_id = stored.id
    recording.file_url = url
    recording.duration_seconds = round(facts.duration_seconds or 0)
    recording.size_bytes = stored.size
    conference.recorded = True
    await session.flush()
    await emit(
        session,
        RecordingReady(
            account_id=account.id,
            recording_id=recording.id,
            conference_id=conference.id,
            duration_seconds=recording.duration_seconds,
            size_bytes=recording.size_bytes,
            file_url=url,
        ),
    )
    return recording


async def _keep(
    session: AsyncSession, account: Account, store: FileStore, path: Path
) -> StoredFile:
    """A copy of the file at ``path`` in the store (the media part's file stays its own)."""
    scratch = store.root / f"{new_id()}.partial"
    store.root.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(shutil.copyfile, path, scratch)
    return await store.save_scratch(session, account.id, scratch, MP4, path.name)


def _head(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(HEAD_BYTES)


async def list_recordings(
    session: AsyncSession, account: Account, conference: Conference
) -> list[Recording]:
    """The conference's recordings, oldest first, whatever their status."""
    ensure_owned(account, conference)
    return await RecordingRepository(session, account.id).of_conference(conference.id)


async def count_recordings(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    statuses: Collection[str] = (PROCESSING, READY, FAILED),
) -> int:
    ensure_owned(account, conference)
    repository = RecordingRepository(session, account.id)
    return await repository.count_of_conference(conference.id, statuses)


async def newest_recording(
    session: AsyncSession, account: Account, conference: Conference
) -> Recording | None:
    """The conference's newest recording, whatever its status (the console shows it)."""
    ensure_owned(account, conference)
    return await RecordingRepository(session, account.id).newest(conference.id)


async def failure_of(session: AsyncSession, account: Account, recording: Recording) -> str:
    """Why making the failed ``recording`` failed."""
    ensure_owned(account, recording)
    return await RecordingRepository(session, account.id).failure_of(recording.id)


async def latest_recordings(
    session: AsyncSession, account: Account, conference_ids: Collection[str]
) -> dict[str, Recording]:
    """Each conference's newest ready recording, for those that have one."""
    return await RecordingRepository(session, account.id).latest_ready(conference_ids)


async def latest_recording(
    session: AsyncSession, account: Account, conference: Conference
) -> Recording:
    """The conference's newest ready recording: the one published and watched.
    `RecordingProcessing` while it has none but one is being made."""
    ensure_owned(account, conference)
    found = await latest_recordings(session, account, [conference.id])
    if conference.id not in found:
        if await RecordingRepository(session, account.id).is_processing(conference.id):
            raise RecordingProcessing("This recording is still processing.")
        raise NoRecording(f"conference {conference.id} has no recording")
    return found[conference.id]


async def get_recording(session: AsyncSession, account: Account, recording_id: str) -> Recording:
    recording = await RecordingRepository(session, account.id).get(recording_id.strip())
    if recording is None:
        raise RecordingNotFound(f"recording {recording_id.strip()} not found")
    return recording


async def delete_recording(
    session: AsyncSession, account: Account, recording_id: str, *, store: FileStore
) -> None:
    """The recording, its views and its stored MP4 (removed once committed).
    Refused while it is processing: its MP4 is on its way to this row."""
    recording = await get_recording(session, account, recording_id)
    if recording.status == PROCESSING:
        raise RecordingProcessing("This recording is still processing.")
    file_id = recording.file_id
    await RecordingRepository(session, account.id).delete(recording)
    if file_id is not None:
        await store.delete(session, account.id, file_id)


async def publish(
    session: AsyncSession, account: Account, conference: Conference, now: datetime
) -> Recording:
    """Publishes the conference's newest recording; emits ``recording.published``
    (``first_time`` when it had never been published: the registrants' mail
    about it follows only then, `messaging.reactions`). ``now``: the app's
    clock, the one the worker's mails are stamped with."""
    recording = await latest_recording(session, account, conference)
    if recording.published:
        raise AlreadyPublished("This recording is already published.")
    first_time = recording.published_at is None
    recording.published = True
    recording.published_at = now
    await session.flush()
    await emit(
        session,
        RecordingPublished(
            account_id=account.id,
            recording_id=recording.id,
            conference_id=conference.id,
            published_at=now,
            first_time=first_time,
        ),
    )
    return recording


async def unpublish(
    session: AsyncSession, account: Account, conference: Conference, now: datetime
) -> Recording:
    recording = await latest_recording(session, account, conference)
    if not recording.published:
        raise AlreadyUnpublished("This recording is already unpublished.")
    recording.published = False
    recording.unpublished_at = now
    await session.flush()
    return recording


async def record_view(
    session: AsyncSession,
    account: Account,
    recording: Recording,
    *,
    person_id: str | None,
    registration_id: str | None,
) -> RecordingView:
    """Someone opened the published recording; emits ``recording.viewed``."""
    ensure_owned(account, recording)
    view = RecordingView(
        account_id=account.id,
        conference_id=recording.conference_id,
        recording_id=recording.id,
        person_id=person_id,
        registration_id=registration_id,
    )
    await RecordingViewRepository(session, account.id).add(view)
    await emit(
        session,
        RecordingViewed(
            account_id=account.id,
            recording_id=recording.id,
            conference_id=recording.conference_id,
            view_id=view.id,
            person_id=person_id,
            registration_id=registration_id,
            at=view.created_at,
        ),
    )
    return view


async def views_of(
    session: AsyncSession, account: Account, conference: Conference
) -> list[RecordingView]:
    ensure_owned(account, conference)
    return await RecordingViewRepository(session, account.id).of_conference(conference.id)


async def watched_by_person(
    session: AsyncSession, account: Account, conference: Conference
) -> dict[str, Watched]:
    """Person id → what they watched of the conference's recordings, in the
    order they first watched (viewers with no link are not people: left out)."""
    ensure_owned(account, conference)
    return await RecordingViewRepository(session, account.id).watched_by_person(conference.id)
