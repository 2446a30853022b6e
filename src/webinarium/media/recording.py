"""Recording a conference: Janus records its videoroom, and after the stop one
MP4 is made of it (docs/media.md, "Recording").

- **The truth is the database**: a `RecordingSession` in status ``recording``
  says the conference is being recorded. ``room.record.start`` / ``stop``
  (moderators), or the webinar's start (setting ``auto_record``) and end (worker
  reactions), change it in their transaction and journal ``media.recording``
  {"recording": bool}.
- **Janus follows it**: each serve process's `Recorder` hears the
  ``media.recording`` events committed in the process (`live.journal.announcer`)
  and asks Janus, with the room's secret, to record into the session's own
  folder (``edit`` ``new_rec_dir``, then ``enable_recording``) or to stop. The
  command never waits for Janus inside its unit of work.
- **Post-processing** is the worker's job ``recording.process``, enqueued by the
  stop, which also adds the session's recording in ``processing``
  (`recordings.service.add_processing`), so the APIs list it at once: once
  Janus has closed the ``.mjr`` files, ``janus-pp-rec`` turns each into a
  plain media file and ffmpeg makes one MP4 (H.264 + AAC) — one feed: its
  video and audio; several: a grid (xstack) with their audio mixed — which
  `recordings.service.store_recording` makes that recording ready; when it
  cannot be made, the recording is ``failed`` and the session keeps why. A job
  is a row: a restart runs it again; a session already made is not made twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import shutil
import tempfile
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from weakref import WeakKeyDictionary

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.errors import AccountNotFound
from webinarium.accounts.service import get_account
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.schemas import settings_of
from webinarium.conferences.service import get_conference
from webinarium.events.types import ConferenceCancelled, ConferenceEnded, ConferenceStarted
from webinarium.files.store import FileStore
from webinarium.kit.db import Database
from webinarium.kit.errors import Unavailable
from webinarium.kit.tasks import cancel_and_wait
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.time import utcnow
from webinarium.live import journal
from webinarium.live.journal import Announced
from webinarium.media.janus import NO_JANUS, Janus, JanusStatus
from webinarium.media.janus_client import JanusError, JanusUnavailable
from webinarium.media.janus_process import INSTALL_HINT
from webinarium.media.rooms import Videorooms, videoroom_id, videoroom_secret
from webinarium.media.sessions import MediaRefused
from webinarium.models import Account, Conference, OutboxEvent, Recording, RecordingSession
from webinarium.recordings.service import add_processing, fail_recording, store_recording
from webinarium.room.hub import Hub, Rooms
from webinarium.settings import Settings
from webinarium.worker.jobs import Done, GiveUp, JobContext, Outcome, WorkerContext, enqueue

log = logging.getLogger(__name__)

PROCESS_JOB = "recording.process"
RECORDING, PROCESSING, READY, FAILED = "recording", "processing", "ready", "failed"
EVENT = "media.recording"
# The videoroom plugin's answer for a room Janus does not have (restarted, never
# used): nothing is recorded there, so nothing to stop.
NO_SUCH_ROOM = 426
# How often it reads which conferences are being recorded, for changes
# committed in other processes (those of this one are heard at once).
RECONCILE_SECONDS = 5.0
# Janus closes a feed's files when recording stops; they are taken once none
# has changed for this long. Files still written after the longest wait (the
# request to stop did not reach Janus) are taken as they are.
SETTLE_SECONDS = 1.5
SETTLE_LONGEST_SECONDS = 30.0
# janus-pp-rec and ffmpeg on a webinar's files: generous, they are real work.
TOOL_SECONDS = 3 * 3600
# The recording's size by the conference's recording_quality (MyOwnConference's
# recordQuality: 480p, 720p, 1080p, 2K).
FRAME_SIZES = {0: (854, 480), 1: (1280, 720), 2: (1920, 1080), 3: (2048, 1080)}
FRAME_RATE = 25
# Janus's file names: videoroom-<room>-user-<id>-<µs>-<audio|video|data>-<mindex>.mjr
_MJR_NAME = re.compile(r"^videoroom-\d+-user-.+-\d+-(?P<kind>audio|video)-\d+\.mjr$")
# janus-pp-rec's target for each codec it writes.
_TARGETS = {
    "opus": "opus",
    "pcmu": "wav",
    "pcma": "wav",
    "g722": "wav",
    "l16": "wav",
    "vp8": "webm",
    "vp9": "webm",
    "h264": "mkv",
    "h265": "mkv",
    "av1": "mp4",
}


class RecordingFailed(Exception):
    """janus-pp-rec or ffmpeg could not make the MP4 (or there was nothing to make it of)."""


# The conference's recording state (database)


def recording_dir(settings: Settings, conference_id: str, session_id: str) -> Path:
    """Where Janus writes a session's ``.mjr`` files: under the data directory
    (absolute: Janus runs elsewhere). An existing Janus (WEBINARIUM_JANUS_URL)
    must see the same path."""
    return (settings.data_dir / "recording" / conference_id / session_id).resolve()


async def current_session(
    session: AsyncSession, account: Account, conference: Conference
) -> RecordingSession | None:
    """The conference's session being recorded now, if any."""
    ensure_owned(account, conference)
    found = await session.scalars(
        select(RecordingSession)
        .where(RecordingSession.account_id == account.id)
        .where(RecordingSession.conference_id == conference.id)
        .where(RecordingSession.status == RECORDING)
        .limit(1)
    )
    return found.first()


async def is_recording(session: AsyncSession, account: Account, conference: Conference) -> bool:
    return await current_session(session, account, conference) is not None


async def start_recording(
    session: AsyncSession, account: Account, conference: Conference
) -> RecordingSession | None:
    """Starts a session, journals ``media.recording`` true; None when the
    conference is being recorded already (nothing changes, nothing is sent)."""
    # One at a time per room: two moderators starting at once make one session.
    await journal.hold_numbers(session, conference)
    if await current_session(session, account, conference) is not None:
        return None
    recording = RecordingSession(account_id=account.id, conference_id=conference.id)
    session.add(recording)
    await session.flush()
    await journal.record(session, conference, EVENT, {"recording": True})
    return recording


async def stop_recording(
    session: AsyncSession, account: Account, conference: Conference
) -> RecordingSession | None:
    """Stops the session being recorded: ``media.recording`` false, its
    recording listed as processing, and the job that makes its MP4. None when
    nothing is being recorded."""
    await journal.hold_numbers(session, conference)
    recording = await current_session(session, account, conference)
    if recording is None:
        return None
    recording.status = PROCESSING
    recording.stopped_at = utcnow()
    # In the stop's transaction: from the moment it is stopped, never unlisted.
    recording.recording_id = (await add_processing(session, account, conference)).id
    await session.flush()
    await journal.record(session, conference, EVENT, {"recording": False})
    enqueue(session, PROCESS_JOB, account_id=account.id, ref_id=recording.id)
    return recording


# The room's commands (room/gateway.py's COMMANDS)


class CommandContext(Protocol):
    """What a room command is given (`room.gateway.Context`)."""

    @property
    def session(self) -> AsyncSession: ...
    @property
    def account(self) -> Account: ...
    @property
    def conference(self) -> Conference: ...
    @property
    def hub(self) -> Hub: ...


async def record_start(ctx: CommandContext, _: object) -> None:
    """``room.record.start`` (moderators): refused ``media_unavailable`` without
    a Janus that is up, since nothing could be recorded."""
    recorder_of(ctx.hub.rooms).ensure_up()
    await start_recording(ctx.session, ctx.account, ctx.conference)


async def record_stop(ctx: CommandContext, _: object) -> None:
    """``room.record.stop`` (moderators): stopping what is not recorded is no change."""
    await stop_recording(ctx.session, ctx.account, ctx.conference)


# The webinar's start and end (the worker's reactions, worker/wiring.py)


async def record_with_the_webinar(
    session: AsyncSession, event: OutboxEvent, context: WorkerContext
) -> None:
    """A webinar with ``auto_record`` is recorded from its start; every webinar's
    recording stops at its end (or cancellation)."""
    starts = event.type == ConferenceStarted.type
    if not starts and event.type not in (ConferenceEnded.type, ConferenceCancelled.type):
        return
    try:
        account = await get_account(session, event.account_id)
        conference = await get_conference(session, account, event.payload["conference_id"])
    except (AccountNotFound, ConferenceNotFound):
        return
    if not starts:
        await stop_recording(session, account, conference)
    elif settings_of(conference).auto_record:
        await start_recording(session, account, conference)


# Janus follows the database (serve)

_recorders: WeakKeyDictionary[Rooms, Recorder] = WeakKeyDictionary()


def recorder_of(rooms: Rooms) -> Recorder:
    """The recorder serving with ``rooms`` (the gateway gives commands its rooms,
    not the app); none in an app started without one: no Janus either."""
    recorder = _recorders.get(rooms)
    if recorder is None:
        raise _unavailable(f"recording needs Janus: {INSTALL_HINT}")
    return recorder


def _unavailable(message: str) -> MediaRefused:
    return MediaRefused("media_unavailable", message)


class Recorder:
    def __init__(
        self, database: Database, settings: Settings, janus: Janus, videorooms: Videorooms
    ) -> None:
        self.database = database
        self.settings = settings
        self.janus = janus
        self.videorooms = videorooms
        self._locks: dict[str, asyncio.Lock] = {}
        # The conferences this process last told Janus to record.
        self._told: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._rooms: Rooms | None = None

    def serve(self, rooms: Rooms) -> None:
        """From now on, recording changes committed in this process reach Janus,
        and every recording is given to Janus again whenever it comes (back) up."""
        self._rooms = rooms
        _recorders[rooms] = self
        loop = asyncio.get_running_loop()
        journal.announcer.listen(loop, self.heard)
        if self.janus.client is not None:
            self.janus.client.listen(self._janus_connected)
            if self.janus.client.connected:
                self._spawn(self._reconcile_logged())
        self._spawn(self._watch_janus())

    async def close(self) -> None:
        journal.announcer.forget(self.heard)
        if self._rooms is not None:
            _recorders.pop(self._rooms, None)
        await cancel_and_wait(list(self._tasks))

    def ensure_up(self) -> None:
        status = self.janus.status
        if status == JanusStatus.UNAVAILABLE:
            raise _unavailable(f"recording needs Janus: {INSTALL_HINT}")
        if status != JanusStatus.UP:
            raise _unavailable("Janus is down or restarting: try again in a moment")

    def heard(self, item: Announced) -> None:
        if item.event != EVENT:
            return
        self._spawn(self.follow(item.conference_id))

    def _spawn(self, work: Coroutine[None, None, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _janus_connected(self, connected: bool) -> None:
        """A Janus that (re)starts has no rooms and records nothing: every
        recording in progress is given to it at once (the publishers publish
        again into their rooms; their new files join the session's folder).
        Also after a restart of the server."""
        if connected:
            self._spawn(self._reconcile_logged())
        else:
            self._told.clear()  # a new Janus knows nothing we told the old one

    async def _watch_janus(self) -> None:
        """Janus follows changes committed in other processes too (a separate
        ``webinarium worker`` starting or ending a webinar, another serve
        process), within `RECONCILE_SECONDS`."""
        while True:
            await asyncio.sleep(RECONCILE_SECONDS)
            if self.janus.status == JanusStatus.UP:
                await self._reconcile_logged()

    async def _reconcile_logged(self) -> None:
        try:
            await self._reconcile()
        except Unavailable as error:
            log.warning("recordings not given to Janus yet: %s", error)

    async def _reconcile(self) -> None:
        """Follows every conference whose recording in Janus differs from the
        database: read from Janus where it lists the rooms (a restart it came
        back from unseen leaves rooms missing), else from what this process
        last told it."""
        async with self.database.read() as session:
            found = await session.execute(
                select(RecordingSession.conference_id, RecordingSession.id).where(
                    RecordingSession.status == RECORDING
                )
            )
            recorded: dict[str, str] = {row.conference_id: row.id for row in found}
        in_janus = await self._rooms_recording()
        for conference_id, session_id in recorded.items():
            if in_janus is None:
                differs = conference_id not in self._told
            else:
                room = videoroom_id(self.settings.secret_key, conference_id)
                folder = str(recording_dir(self.settings, conference_id, session_id))
                differs = in_janus.get(room) != folder
            if differs:
                await self.follow(conference_id)
        for conference_id in self._told - set(recorded):
            await self.follow(conference_id)

    async def follow(self, conference_id: str) -> None:
        """Makes Janus record the conference as the database says, now. One
        change at a time per conference, each reading the latest state, so a
        quick start and stop end stopped."""
        lock = self._locks.setdefault(conference_id, asyncio.Lock())
        async with lock:
            try:
                async with self.database.read() as session:
                    conference = await session.get(Conference, conference_id)
                    if conference is None:
                        return
                    account = await get_account(session, conference.account_id)
                    recording = await current_session(session, account, conference)
            except Unavailable as error:
                log.warning("recording of %s not changed in Janus: %s", conference_id, error)
                return
            try:
                if recording is None:
                    await self._stop(conference)
                    self._told.discard(conference_id)
                else:
                    await self._record(conference, recording)
                    self._told.add(conference_id)
            except JanusError as error:
                # Down or restarting: its files stopped with it; the post-processing
                # takes what was written.
                log.warning("recording of %s not changed in Janus: %s", conference_id, error)

    async def _record(self, conference: Conference, recording: RecordingSession) -> None:
        room = await self.videorooms.ensure_videoroom(conference)
        secret = videoroom_secret(self.settings.secret_key, conference.id)
        folder = recording_dir(self.settings, conference.id, recording.id)
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        recording_into = await self._recording_into(room)
        if recording_into == str(folder):
            return  # told already (by another process): its files go on undisturbed
        if recording_into != "":
            # Recording elsewhere (a stop that did not reach Janus), or unknown:
            # off first, else the publishers would go on writing the old folder.
            await self._enable(room, secret, record=False)
        await self._videoroom({"request": "edit", "room": room, "secret": secret,
                               "new_rec_dir": str(folder)})  # fmt: skip
        await self._enable(room, secret, record=True)

    async def _recording_into(self, room: int) -> str | None:
        """The folder Janus records the room into; "" when it records nothing;
        None when Janus does not say (below)."""
        rooms = await self._rooms_recording()
        return None if rooms is None else rooms.get(room)

    async def _rooms_recording(self) -> dict[int, str] | None:
        """Janus's rooms: the folder each records into ("" when not recording);
        None when Janus cannot say (no connection; it lists private rooms only
        to whoever gives its admin key, and the server may not have it)."""
        client = self.janus.client
        if client is None or not self.janus.room_admin_key:
            return None
        try:
            answer = await client.videoroom(
                {"request": "list", "admin_key": self.janus.room_admin_key}
            )
        except JanusError:
            return None
        return {
            int(listed["room"]): str(listed.get("rec_dir") or "") if listed.get("record") else ""
            for listed in answer.get("list", [])
        }

    async def _stop(self, conference: Conference) -> None:
        room = videoroom_id(self.settings.secret_key, conference.id)
        secret = videoroom_secret(self.settings.secret_key, conference.id)
        try:
            await self._enable(room, secret, record=False)
        except JanusError as error:
            if error.code != NO_SUCH_ROOM:
                raise

    async def _enable(self, room: int, secret: str, *, record: bool) -> None:
        body = {"request": "enable_recording", "room": room, "secret": secret, "record": record}
        await self._videoroom(body)

    async def _videoroom(self, body: dict[str, object]) -> None:
        client = self.janus.client
        if client is None:
            raise JanusUnavailable(NO_JANUS)
        await client.videoroom(body)


# Post-processing (the worker's job)


async def process_recording(context: JobContext, session_id: str) -> Outcome:
    """The job ``recording.process``: the stopped session's MP4, stored as the
    conference's recording."""
    settings = context.settings
    async with context.database.read() as session:
        recording = await session.get(RecordingSession, session_id)
        if recording is None or recording.status != PROCESSING:
            return Done()
        conference_id = recording.conference_id
        conference = await session.get(Conference, conference_id)
        quality = settings_of(conference).recording_quality if conference else 1
    folder = recording_dir(settings, conference_id, session_id)
    await _settled(folder)
    # Beside the session's folder (Janus may never have made it: nothing recorded).
    await asyncio.to_thread(folder.parent.mkdir, parents=True, exist_ok=True)
    work = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="mp4-", dir=folder.parent))
    try:
        try:
            mp4 = await make_mp4(folder, work, FRAME_SIZES.get(quality, FRAME_SIZES[1]))
        except RecordingFailed as error:
            log.warning("recording session %s failed: %s", session_id, error)
            await _fail(context.database, session_id, str(error))
            return GiveUp(str(error))
        async with context.database.transaction() as session:
            recording = await session.get(RecordingSession, session_id, with_for_update=True)
            if recording is None or recording.status != PROCESSING:
                return Done()
            account = await get_account(session, recording.account_id)
            conference = await get_conference(session, account, recording.conference_id)
            stored = await store_recording(
                session,
                account,
                conference,
                mp4,
                store=FileStore.of(settings),
                base_url=settings.base_url,
                processing=await _processing_of(session, recording),
            )
            recording.status = READY
            recording.recording_id = stored.id
    finally:
        await asyncio.to_thread(shutil.rmtree, work, True)
    # Kept in the file store now: Janus's files are no longer needed.
    await asyncio.to_thread(shutil.rmtree, folder, True)
    return Done()


async def _processing_of(session: AsyncSession, recording: RecordingSession) -> Recording | None:
    """The session's recording in ``processing``; None for a session stopped
    before stops added one, or whose recording was deleted meanwhile (then
    `store_recording` adds one)."""
    if recording.recording_id is None:
        return None
    return await session.get(Recording, recording.recording_id, with_for_update=True)


async def _fail(database: Database, session_id: str, reason: str) -> None:
    async with database.transaction() as session:
        recording = await session.get(RecordingSession, session_id, with_for_update=True)
        if recording is None or recording.status != PROCESSING:
            return
        recording.status = FAILED
        recording.error = reason[:500]
        processing = await _processing_of(session, recording)
        if processing is not None:
            account = await get_account(session, recording.account_id)
            await fail_recording(session, account, processing)


async def _settled(folder: Path) -> None:
    """Returns once no ``.mjr`` file in ``folder`` has changed for `SETTLE_SECONDS`
    (or after `SETTLE_LONGEST_SECONDS`)."""
    deadline = time.monotonic() + SETTLE_LONGEST_SECONDS
    while time.monotonic() < deadline:
        quiet = time.time() - await asyncio.to_thread(_last_change, folder)
        if quiet >= SETTLE_SECONDS:
            return
        await asyncio.sleep(SETTLE_SECONDS - quiet)


def _mjr_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.mjr"))


def _last_change(folder: Path) -> float:
    return max((path.stat().st_mtime for path in _mjr_files(folder)), default=0.0)


@dataclass(frozen=True)
class Track:
    """One converted media file of a feed: its kind, when its first packet was
    written (Janus's clock, µs: its place on the recording's time line) and,
    for a video, how long it lasts."""

    path: Path
    kind: str  # "audio" | "video"
    first_at: int
    seconds: float = 0.0

    def starts(self, origin: int) -> float:
        return (self.first_at - origin) / 1_000_000


async def make_mp4(folder: Path, work: Path, size: tuple[int, int]) -> Path:
    """One MP4 of the ``.mjr`` files in ``folder``, made in ``work``."""
    tracks: list[Track] = []
    for source in await asyncio.to_thread(_mjr_files, folder):
        match = _MJR_NAME.match(source.name)
        if match is None:
            continue
        track = await _convert(source, work, match["kind"])
        if track is not None:
            tracks.append(track)
    if not tracks:
        raise RecordingFailed("nothing was recorded: no feed was published while recording")
    target = work / "recording.mp4"
    await _run("ffmpeg", *ffmpeg_arguments(tracks, size, target))
    return target


async def _convert(source: Path, work: Path, kind: str) -> Track | None:
    """The ``.mjr`` file as a media file (janus-pp-rec); None for an empty one."""
    header = json.loads(await _run("janus-pp-rec", "--json", str(source)) or "{}")
    extension = _TARGETS.get(str(header.get("c", "")).lower())
    if extension is None or "u" not in header:
        return None  # a codec we cannot convert, or no packet was written
    target = work / f"{source.stem}.{extension}"
    await _run("janus-pp-rec", str(source), str(target))
    if not target.exists() or target.stat().st_size == 0:
        return None
    seconds = 0.0
    if kind == "video":
        probed = await _run(
            "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
            str(target),
        )  # fmt: skip
        seconds = float(probed.strip() or 0)
    return Track(target, kind, int(header["u"]), seconds)


def lanes_of(videos: list[Track]) -> list[list[Track]]:
    """The grid's tiles: videos one after the other in a tile as long as they
    do not overlap (a presenter who published again, Janus restarted), a tile
    of its own for each video seen at the same time as others."""
    origin = min((t.first_at for t in videos), default=0)
    lanes: list[list[Track]] = []
    for track in sorted(videos, key=lambda t: t.first_at):
        for lane in lanes:
            last = lane[-1]
            if last.starts(origin) + last.seconds <= track.starts(origin):
                lane.append(track)
                break
        else:
            lanes.append([track])
    return lanes


def ffmpeg_arguments(tracks: list[Track], size: tuple[int, int], target: Path) -> list[str]:
    """ffmpeg's arguments: every track placed at its time on one time line; the
    videos in a grid of tiles (`lanes_of`; one tile: the whole frame), scaled
    into them keeping their shape; the audio of every feed mixed."""
    origin = min(t.first_at for t in tracks)
    width, height = size
    arguments = ["-hide_banner", "-loglevel", "error", "-y"]
    for track in tracks:
        arguments += ["-i", str(track.path)]
    index = {id(track): i for i, track in enumerate(tracks)}
    lanes = lanes_of([t for t in tracks if t.kind == "video"])
    audios = [t for t in tracks if t.kind == "audio"]
    columns = math.ceil(math.sqrt(len(lanes))) if lanes else 1
    rows = math.ceil(len(lanes) / columns) if lanes else 1
    tile_w, tile_h = _even(width // columns), _even(height // rows)
    graph: list[str] = []
    for n, lane in enumerate(lanes):
        lane_ends = 0.0
        parts = []
        for k, track in enumerate(lane):
            # Black until it starts: from the recording's start, or the end of
            # the video before it in the tile.
            gap = max(track.starts(origin) - lane_ends, 0.0)
            lane_ends = track.starts(origin) + track.seconds
            graph.append(
                f"[{index[id(track)]}:v]setpts=PTS-STARTPTS,fps={FRAME_RATE},"
                f"scale={tile_w}:{tile_h}:force_original_aspect_ratio=decrease,"
                f"pad={tile_w}:{tile_h}:(ow-iw)/2:(oh-ih)/2,setsar=1,"
                f"tpad=start_duration={gap:.3f}:color=black[v{n}p{k}]"
            )
            parts.append(f"[v{n}p{k}]")
        if len(parts) > 1:
            graph.append(f"{''.join(parts)}concat=n={len(parts)}:v=1:a=0[v{n}]")
        else:
            graph[-1] = graph[-1].replace(f"[v{n}p0]", f"[v{n}]")
    if len(lanes) > 1:
        layout = "|".join(
            f"{(n % columns) * tile_w}_{(n // columns) * tile_h}" for n in range(len(lanes))
        )
        inputs = "".join(f"[v{n}]" for n in range(len(lanes)))
        graph.append(
            f"{inputs}xstack=inputs={len(lanes)}:layout={layout}:fill=black,"
            f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2[video]"
        )
    elif lanes:
        graph.append(f"[v0]pad={width}:{height}:(ow-iw)/2:(oh-ih)/2[video]")
    else:
        # Voices only: a black picture as long as they are.
        graph.append(f"color=c=black:s={width}x{height}:r={FRAME_RATE}[video]")
    for n, track in enumerate(audios):
        delay = round(track.starts(origin) * 1000)
        graph.append(f"[{index[id(track)]}:a]asetpts=PTS-STARTPTS,adelay={delay}:all=1[a{n}]")
    if audios:
        inputs = "".join(f"[a{n}]" for n in range(len(audios)))
        graph.append(f"{inputs}amix=inputs={len(audios)}:duration=longest:normalize=0[audio]")
    arguments += ["-filter_complex", ";".join(graph), "-map", "[video]"]
    if audios:
        arguments += ["-map", "[audio]", "-c:a", "aac", "-b:a", "128k"]
    if not lanes:
        arguments += ["-shortest"]
    arguments += ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]
    arguments += ["-movflags", "+faststart", str(target)]
    return arguments


def _even(value: int) -> int:
    # H.264 in 4:2:0 takes even sizes only.
    return value - value % 2


async def _run(program: str, *arguments: str) -> str:
    """The program's output; `RecordingFailed` when it is missing or fails."""
    binary = shutil.which(program)
    if binary is None:
        raise RecordingFailed(f"{program} is not installed (apt-get install janus-tools ffmpeg)")
    process = await asyncio.create_subprocess_exec(
        binary,
        *arguments,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(TOOL_SECONDS):
            out, err = await process.communicate()
    except TimeoutError:
        process.kill()
        await process.wait()
        raise RecordingFailed(f"{program} took longer than {TOOL_SECONDS} s") from None
    if process.returncode != 0:
        message = err.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise RecordingFailed(f"{program} failed ({process.returncode}): {message[0]}")
    return out.decode(errors="replace")
