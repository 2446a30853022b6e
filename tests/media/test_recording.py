"""Recording (media/recording.py): a peer publishes through Janus while a
moderator records; the MP4 made of it is the conference's recording, listed
by BigMarker and MyOwnConference, published, unpublished and watched."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant, create_tenant, fresh_database, in_database
from tests.media.conftest import ask_videoroom, ensure_videoroom, janus_of, with_videoroom_route
from tests.media.peer import Peer
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.kit.clock import MovableClock
from webinarium.media.recording import (
    PROCESS_JOB,
    RECONCILE_SECONDS,
    Track,
    lanes_of,
    recording_dir,
)
from webinarium.models import Job, Recording, RecordingSession
from webinarium.settings import Settings
from webinarium.worker.jobs import enqueue

API = "/api/v1/conferences"
# Making the MP4 of a few seconds: janus-pp-rec and ffmpeg on a loaded machine.
PROCESSING_SECONDS = 120.0
RECORDED_SECONDS = 6.0


@pytest.fixture(scope="module")
def record_settings(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Settings:
    return fresh_database(tmp_path_factory, worker_id, "recording")


@pytest.fixture(scope="module")
def server(record_settings: Settings) -> Iterator[RoomServer]:
    """A server with its own Janus and its worker (which makes the MP4)."""
    started = with_videoroom_route(
        RoomServer(record_settings, MovableClock(), janus_binary="janus", worker_in_serve=True)
    ).start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def tenant(record_settings: Settings) -> Tenant:
    return create_tenant(record_settings, "Recorded Webinars")


@pytest.fixture(scope="module")
def http(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def _until(condition: Callable[[], Any], what: str, seconds: float = PROCESSING_SECONDS) -> Any:
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.25)
    return found


def _probe(path: str) -> dict[str, Any]:
    ffprobe = shutil.which("ffprobe")
    assert ffprobe is not None, (
        "the recording tests read the MP4 with ffprobe: apt-get install ffmpeg"
    )
    shown = subprocess.run(
        [ffprobe, "-v", "error", "-show_format", "-show_streams", "-of", "json", path],
        check=True,
        capture_output=True,
        timeout=60,
    )
    probed: dict[str, Any] = json.loads(shown.stdout)
    return probed


def _host(server: RoomServer, settings: Settings, tenant: Tenant, conference_id: str) -> Peer:
    """The organiser's link in the room: a moderator, who publishes a camera."""
    return Peer(server.ws_url, ticket(settings, tenant, conference_id, "host"))


def _ready_recording(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, Any]:
    def ready() -> dict[str, Any] | None:
        answer = http.get(f"{API}/{conference_id}/recording", headers=tenant.headers)
        done = answer.status_code == 200 and answer.json()["download_ready"]
        return answer.json() if done else None

    found: dict[str, Any] = _until(ready, "the recording's MP4")
    return found


def _shown_processing(http: httpx.Client, tenant: Tenant, conference_id: str, alias: str) -> None:
    status = http.get(f"{API}/{conference_id}/recording", headers=tenant.headers).json()
    assert (status["recording_status"], status["download_ready"]) == ("Processing", False)
    refused = http.get(f"{API}/{conference_id}/publish_recording", headers=tenant.headers)
    assert (refused.status_code, refused.json()) == (
        401,
        {"error": "This recording is still processing."},
    )
    [row] = ok(http, tenant, "webinarsRecordsList", {"alias": alias})
    assert (row["status"], row["download_link"]) == ("wait", "")


def _job_run_again(settings: Settings, conference_id: str) -> None:
    """The session's ``recording.process`` job once more (a restart runs a job
    again), waited for until the worker finished it."""

    async def enqueue_again(session: AsyncSession) -> str:
        stopped = (
            await session.scalars(
                select(RecordingSession).where(RecordingSession.conference_id == conference_id)
            )
        ).one()
        job = enqueue(session, PROCESS_JOB, account_id=stopped.account_id, ref_id=stopped.id)
        await session.flush()
        return job.id

    job_id = in_database(settings, enqueue_again)

    def finished() -> bool:
        async def gone(session: AsyncSession) -> bool:
            return await session.get(Job, job_id) is None

        return in_database(settings, gone)

    _until(finished, "the job run again")


def test_a_recorded_webinar_is_one_mp4_listed_published_and_watched(
    server: RoomServer,
    record_settings: Settings,
    tenant: Tenant,
    http: httpx.Client,
    tmp_path: Any,
) -> None:
    conference_id = make_room(record_settings, tenant)
    alias = alias_of(record_settings, conference_id)

    async def record() -> float:
        async with _host(server, record_settings, tenant, conference_id) as host:
            assert host.snapshot["media"]["recording"] is False
            await host.publish()
            assert (await host.send("room.record.start"))["ok"] is True
            started = time.monotonic()
            on = await host.event("media.recording")
            assert on["data"] == {"recording": True}
            # Starting again changes nothing.
            assert (await host.send("room.record.start"))["ok"] is True
            await asyncio.sleep(RECORDED_SECONDS)
            assert (await host.send("room.record.stop"))["ok"] is True
            recorded = time.monotonic() - started
            # Stopped: listed at once while its MP4 is made (the job waits
            # for Janus's files to settle first), and not publishable yet.
            _shown_processing(http, tenant, conference_id, alias)
            after = host.events.index(on) + 1
            off = await host.event("media.recording", after=after)
            assert off["data"] == {"recording": False}
            assert (await host.send("room.record.stop"))["ok"] is True
            await asyncio.sleep(0.5)
            assert [e for e in host.events if e["event"] == "media.recording"] == [on, off]
            return recorded

    recorded = asyncio.run(record())

    status = _ready_recording(http, tenant, conference_id)
    assert status["download_ready"] is True
    assert status["published"] is False
    assert "recording_status" not in status

    # MyOwnConference lists it, the same recording, with the duration ffprobe reads.
    [row] = ok(
        http, tenant, "webinarsRecordsList", {"alias": alias_of(record_settings, conference_id)}
    )
    assert row["status"] == "ready"
    mp4 = tmp_path / "recording.mp4"
    mp4.write_bytes(http.get(row["download_link"].removeprefix(record_settings.base_url)).content)
    probed = _probe(str(mp4))
    assert abs(float(probed["format"]["duration"]) - recorded) <= 2, (probed, recorded)
    assert abs(int(row["duration"]) - recorded) <= 2
    assert int(row["size"]) == mp4.stat().st_size
    codecs = {s["codec_type"]: s for s in probed["streams"]}
    assert codecs["video"]["codec_name"] == "h264"
    assert codecs["audio"]["codec_name"] == "aac"
    assert (codecs["video"]["width"], codecs["video"]["height"]) == (1280, 720)
    # Janus's files went once the MP4 was stored.
    assert not list((record_settings.data_dir / "recording" / conference_id).glob("*/*.mjr"))
    _job_run_again(record_settings, conference_id)
    again = ok(
        http, tenant, "webinarsRecordsList", {"alias": alias_of(record_settings, conference_id)}
    )
    assert [(r["id"], r["status"]) for r in again] == [(row["id"], "ready")]

    # BigMarker publishes it, and a registrant's view of the on-demand page counts.
    published = http.get(f"{API}/{conference_id}/publish_recording", headers=tenant.headers)
    assert published.json() == {"published_status": "Your recording is now published."}
    shown = http.get(f"{API}/{conference_id}", headers=tenant.headers).json()
    assert shown["recorded"] is True
    assert shown["is_recording_published"] is True
    ann = register_someone(record_settings, tenant, conference_id, "Ann")
    page = http.get(shown["recording_url"].removeprefix(record_settings.base_url),
                    params={"token": ann.enter_token})  # fmt: skip
    assert page.status_code == 200, page.text
    [view] = http.get(f"{API}/{conference_id}/recording_views", headers=tenant.headers).json()[
        "recording_views"
    ]
    assert view["bmid"] == ann.person_id
    unpublished = http.get(f"{API}/{conference_id}/unpublish_recording", headers=tenant.headers)
    assert unpublished.json() == {"published_status": "Your recording is now unpublished."}
    assert (
        http.get(f"{API}/{conference_id}/recording", headers=tenant.headers).json()["published"]
        is False
    )


def test_only_moderators_record(
    server: RoomServer, record_settings: Settings, tenant: Tenant
) -> None:
    conference_id = make_room(record_settings, tenant)
    ann = register_someone(record_settings, tenant, conference_id, "Ann")
    presenter = add_staff(record_settings, tenant, conference_id, "Pat", moderator=False)
    tickets = [
        ann.enter_token,
        ticket(record_settings, tenant, conference_id, "presenter", presenter),
    ]
    for who in tickets:
        with Client(server.ws_url, who) as member:
            member.next_frame()
            for command in ("room.record.start", "room.record.stop"):
                refused = member.send(command)
                assert refused["ok"] is False
                assert refused["error"]["code"] == "forbidden"
    with Client(server.ws_url, ticket(record_settings, tenant, conference_id, "host")) as host:
        assert host.next_frame()["data"]["media"]["recording"] is False


@pytest.fixture
def server_without_janus(settings: Settings) -> Iterator[RoomServer]:
    started = RoomServer(settings, MovableClock(), janus_binary="/nonexistent/janus").start()
    yield started
    started.stop()


def test_without_janus_recording_is_refused_media_unavailable(
    settings: Settings, alice: Tenant, server_without_janus: RoomServer
) -> None:
    conference_id = make_room(settings, alice)
    with Client(
        server_without_janus.ws_url, ticket(settings, alice, conference_id, "host")
    ) as host:
        assert host.next_frame()["data"]["media"]["recording"] is False
        refused = host.send("room.record.start")
        assert refused["ok"] is False
        assert refused["error"]["code"] == "media_unavailable"
        assert "apt-get install janus" in refused["error"]["message"]
        # Nothing was started: stopping is no change, and no event came.
        assert host.send("room.record.stop")["ok"] is True
        assert [e for e in host.events() if e["event"] == "media.recording"] == []


async def _writing_videos(settings: Settings, conference_id: str, count: int) -> None:
    """Once Janus has written into ``count`` video files of the conference's recording."""

    def written() -> int:
        folder = settings.data_dir / "recording" / conference_id
        return sum(1 for path in folder.glob("*/*-video-*.mjr") if path.stat().st_size > 0)

    deadline = time.monotonic() + PROCESSING_SECONDS
    while written() < count:
        assert time.monotonic() < deadline, f"Janus wrote {written()} of {count} videos"
        await asyncio.sleep(0.1)


def test_auto_record_records_from_the_webinars_start_to_its_end_two_feeds_in_a_grid(
    server: RoomServer,
    record_settings: Settings,
    tenant: Tenant,
    http: httpx.Client,
    tmp_path: Any,
) -> None:
    conference_id = make_room(record_settings, tenant, recording_quality=0)
    # Set by name as BigMarker's other settings.
    changed = http.put(f"{API}/{conference_id}", headers=tenant.headers, json={"auto_record": True})
    assert changed.status_code == 200, changed.text
    presenter = add_staff(record_settings, tenant, conference_id, "Pat", moderator=False)

    async def record() -> float:
        presenting = Peer(
            server.ws_url, ticket(record_settings, tenant, conference_id, "presenter", presenter)
        )
        async with _host(server, record_settings, tenant, conference_id) as host, presenting:
            await host.publish()
            await presenting.publish()
            assert (await host.send("room.start"))["ok"] is True
            assert (await host.event("media.recording"))["data"] == {"recording": True}
            # Counted from when Janus writes both cameras: the recording starts
            # after the worker hears of the start, later on a loaded machine.
            await _writing_videos(record_settings, conference_id, 2)
            started = time.monotonic()
            await asyncio.sleep(3)
            assert (await host.send("room.end"))["ok"] is True
            return time.monotonic() - started

    recorded = asyncio.run(record())
    assert _ready_recording(http, tenant, conference_id)["download_ready"] is True
    [row] = ok(
        http, tenant, "webinarsRecordsList", {"alias": alias_of(record_settings, conference_id)}
    )
    assert abs(int(row["duration"]) - recorded) <= 2
    mp4 = tmp_path / "grid.mp4"
    mp4.write_bytes(http.get(row["download_link"].removeprefix(record_settings.base_url)).content)
    probed = _probe(str(mp4))
    assert abs(float(probed["format"]["duration"]) - recorded) <= 2, (probed, recorded)
    video = next(s for s in probed["streams"] if s["codec_type"] == "video")
    # recording_quality 0: 480p, two cameras side by side in it.
    assert (video["width"], video["height"]) == (854, 480)


def test_janus_killed_while_recording_records_again_once_back(
    server: RoomServer,
    record_settings: Settings,
    tenant: Tenant,
    http: httpx.Client,
    tmp_path: Any,
) -> None:
    janus = janus_of(server.app)
    process = janus.process
    assert process is not None
    conference_id = make_room(record_settings, tenant)

    async def record() -> float:
        async with _host(server, record_settings, tenant, conference_id) as host:
            feed_id = await host.publish()
            assert (await host.send("room.record.start"))["ok"] is True
            await host.event("media.recording")
            started = time.monotonic()
            await asyncio.sleep(2)
            killed = process.pid
            assert killed is not None
            os.kill(killed, signal.SIGKILL)
            # A loaded machine takes its time to start Janus again.
            await host.event(
                "media.unpublished", lambda data: data["feed_id"] == feed_id, within=60
            )
            await host.event("media.status", lambda data: data["status"] == "up", within=60)
            # The presenter publishes again, into the room made again, recorded again.
            await host.publish()
            await asyncio.sleep(2)
            assert (await host.send("room.record.stop"))["ok"] is True
            return time.monotonic() - started

    recorded = asyncio.run(record())
    assert _ready_recording(http, tenant, conference_id)["download_ready"] is True
    [row] = ok(
        http, tenant, "webinarsRecordsList", {"alias": alias_of(record_settings, conference_id)}
    )
    mp4 = tmp_path / "again.mp4"
    mp4.write_bytes(http.get(row["download_link"].removeprefix(record_settings.base_url)).content)
    probed = _probe(str(mp4))
    # Both stretches, on one time line: the restart is a black gap between them.
    assert abs(float(probed["format"]["duration"]) - recorded) <= 2, (probed, recorded)


def test_recording_nobody_published_fails_plainly_and_its_recording_is_failed(
    server: RoomServer, record_settings: Settings, tenant: Tenant, http: httpx.Client
) -> None:
    conference_id = make_room(record_settings, tenant)
    with Client(server.ws_url, ticket(record_settings, tenant, conference_id, "host")) as host:
        host.next_frame()
        assert host.send("room.record.start")["ok"] is True
        # Processing for a moment only: with no files there is nothing to wait for.
        assert host.send("room.record.stop")["ok"] is True

    def failed() -> RecordingSession | None:
        async def read(session: AsyncSession) -> RecordingSession | None:
            found = await session.scalars(
                select(RecordingSession).where(RecordingSession.conference_id == conference_id)
            )
            row = found.one()
            return row if row.status == "failed" else None

        return in_database(record_settings, read)

    row = _until(failed, "the session to fail")
    assert "nothing was recorded" in row.error

    async def recordings(session: AsyncSession) -> list[tuple[str, str]]:
        found = await session.scalars(
            select(Recording).where(Recording.conference_id == conference_id)
        )
        return [(r.id, r.status) for r in found]

    # Its one recording is failed; the documents have no failed state: BigMarker
    # has no recording, MyOwnConference lists none.
    assert in_database(record_settings, recordings) == [(row.recording_id, "failed")]
    status = http.get(f"{API}/{conference_id}/recording", headers=tenant.headers)
    assert status.status_code == 404
    alias = alias_of(record_settings, conference_id)
    assert ok(http, tenant, "webinarsRecordsList", {"alias": alias}) == []


def test_janus_follows_a_recording_started_and_stopped_by_another_process(
    server: RoomServer, record_settings: Settings, tenant: Tenant
) -> None:
    """Changes committed elsewhere (a separate worker) are not heard in this
    process: the recorder reads them within its reconciling interval."""
    process = janus_of(server.app).process
    assert process is not None
    conference_id = make_room(record_settings, tenant)
    room = ensure_videoroom(server, conference_id)["room"]

    def janus_records_into() -> str:
        body = {"request": "list", "admin_key": process.room_admin_key}
        for listed in ask_videoroom(process.url, body)["list"]:
            if listed["room"] == room:
                return str(listed["rec_dir"]) if listed["record"] else ""
        return ""

    async def started_elsewhere(session: AsyncSession) -> str:
        row = RecordingSession(account_id=tenant.account_id, conference_id=conference_id)
        session.add(row)
        await session.flush()
        return row.id

    session_id = in_database(record_settings, started_elsewhere)
    folder = str(recording_dir(record_settings, conference_id, session_id))
    _until(lambda: janus_records_into() == folder, "Janus to record", RECONCILE_SECONDS * 3)

    async def stopped_elsewhere(session: AsyncSession) -> None:
        row = await session.get(RecordingSession, session_id)
        assert row is not None
        row.status = "failed"

    in_database(record_settings, stopped_elsewhere)
    _until(lambda: janus_records_into() == "", "Janus to stop", RECONCILE_SECONDS * 3)


def test_videos_one_after_another_share_a_tile_and_those_at_once_get_their_own() -> None:
    def video(name: str, starts: float, seconds: float) -> Track:
        return Track(Path(name), "video", round(starts * 1_000_000), seconds)

    first, again, screen, late = (
        video("camera", 0, 4),
        # The presenter published again after a pause: the same tile.
        video("camera-again", 5, 3),
        # Their screen beside the camera: a tile of its own.
        video("screen", 1, 6),
        video("second-presenter", 7.5, 1),
    )
    assert lanes_of([again, screen, late, first]) == [[first, again], [screen, late]]
