"""Webcast mode: attendees watch an HLS stream instead of the SFU's streams.

Who watches HLS (`watches_hls`): never the staff (they are on the SFU, and
publish there); attendees when the conference's ``webcast_mode`` is
``required``, or ``automatic`` with more people in the room than
``WEBINARIUM_WEBCAST_AUDIENCE``; with ``optional`` the attendee chooses (the
snapshot offers the stream, marked ``"optional": true``).

The stream (`Webcast`): Janus forwards the presenter's audio and video
(videoroom ``rtp_forward``, the room's secret) to two loopback UDP ports; one
ffmpeg reads them (an SDP file) and writes HLS (H.264 + AAC, 2 s segments, a
rolling playlist) into ``<files_root>/webcasts/<conference_id>/``. The server
serves that folder (`media.webcast_route`) to members holding a signed URL.

Which process runs it: any process with a room hub for the conference whose
members watch HLS asks for one; the one that holds an exclusive ``flock`` on
the folder's ``.lock`` runs it (the file store is shared by the processes of a
deployment), the others retry now and then, so one ffmpeg runs per conference
and another process takes over when the holder stops. It forwards the first
Janus publisher with video (the presenter's camera or screen) and stops when
no publisher is left, when the room ends, or when the process's hub for the
room stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import logging
import shutil
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member
from webinarium.conferences.schemas import settings_of
from webinarium.kit.clock import Clock
from webinarium.kit.signed_links import sign_link
from webinarium.live import service as live
from webinarium.media.janus import Janus
from webinarium.media.janus_client import VIDEOROOM_PLUGIN, JanusError, JanusUnavailable
from webinarium.media.rooms import Videorooms, videoroom_id, videoroom_secret
from webinarium.models import Account, Conference
from webinarium.settings import Settings

log = logging.getLogger(__name__)

LINK_PURPOSE = "webcast"
PLAYLIST = "index.m3u8"
SEGMENT_SECONDS = 2
# Segments kept in the rolling playlist (older ones deleted): 12 s to catch up.
PLAYLIST_SEGMENTS = 6
# Players start this many segments behind the live edge (hls.js's
# liveSyncDurationCount and Safari's default): the stream's delay, about.
PLAYER_SEGMENTS_BEHIND = 3
DELAY_SECONDS = SEGMENT_SECONDS * PLAYER_SEGMENTS_BEHIND
# How often the runner looks at the room's publishers: a new presenter is on
# the stream within a second or two.
POLL_SECONDS = 1.0
# A process that did not get the lock tries again this often (the holder may
# have stopped).
LOCK_RETRY_SECONDS = 5.0
# ffmpeg writes the playlist every segment: one silent this long (it never got a
# keyframe, the forwarded RTP stopped) is started again, with a new forwarder.
STALLED_SECONDS = 5 * SEGMENT_SECONDS + 5
# ffmpeg, stopped, writes its last segment; one still running after this is killed.
STOP_SECONDS = 5.0
# Payload types the forwarders rewrite to, as the SDP given to ffmpeg says.
AUDIO_PT, VIDEO_PT = 111, 96
RTPMAPS = {"opus": "opus/48000/2", "vp8": "VP8/90000", "vp9": "VP9/90000", "h264": "H264/90000"}


def watches_hls(conference: Conference, member: Member, audience: int, threshold: int) -> bool:
    """Whether ``member`` is given the HLS stream, with ``audience`` in the room."""
    if member.staff:
        return False
    mode = settings_of(conference).webcast_mode
    return mode in ("required", "optional") or (mode == "automatic" and audience > threshold)


def folder_of(settings: Settings, conference_id: str) -> Path:
    return settings.files_root / "webcasts" / conference_id


def playlist_url(settings: Settings, conference_id: str, member_id: str, now: datetime) -> str:
    """The member's own link to the playlist: the token is in the path, so the
    segments' relative URIs in the playlist carry it too."""
    token = sign_link(
        settings.secret_key,
        LINK_PURPOSE,
        {"conference": conference_id, "member": member_id},
        lifetime=timedelta(seconds=settings.webcast_link_seconds),
        now=now,
    )
    return f"/room/webcast/{token}/{PLAYLIST}"


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class Source:
    """A publisher's streams to forward: (mid, codec) of its first audio and video."""

    publisher_id: int
    audio: tuple[str, str] | None
    video: tuple[str, str]


def sdp_for(source: Source, audio_port: int, video_port: int) -> str:
    lines = ["v=0", "o=- 0 0 IN IP4 127.0.0.1", "s=webinarium webcast", "c=IN IP4 127.0.0.1"]
    lines.append("t=0 0")
    if source.audio is not None:
        lines += [f"m=audio {audio_port} RTP/AVP {AUDIO_PT}"]
        lines += [f"a=rtpmap:{AUDIO_PT} {RTPMAPS[source.audio[1]]}"]
    lines += [f"m=video {video_port} RTP/AVP {VIDEO_PT}"]
    lines += [f"a=rtpmap:{VIDEO_PT} {RTPMAPS[source.video[1]]}"]
    if source.video[1] == "h264":
        lines += [f"a=fmtp:{VIDEO_PT} packetization-mode=1"]
    return "\r\n".join(lines) + "\r\n"


def ffmpeg_arguments(folder: Path, has_audio: bool) -> list[str]:
    audio = ["-map", "0:a:0", "-c:a", "aac", "-b:a", "96k", "-ar", "48000"] if has_audio else []
    return [
        *("-hide_banner", "-loglevel", "warning", "-nostdin"),
        *("-protocol_whitelist", "file,udp,rtp", "-analyzeduration", "2000000"),
        *("-i", str(folder / "stream.sdp")),
        *("-map", "0:v:0", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency"),
        *("-pix_fmt", "yuv420p"),
        # A keyframe at every segment boundary: segments of the length asked.
        *("-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})"),
        *audio,
        *("-f", "hls", "-hls_time", str(SEGMENT_SECONDS)),
        *("-hls_list_size", str(PLAYLIST_SEGMENTS)),
        # Numbered from the clock's seconds: a later stream (the next presenter)
        # never reuses a name a player may have cached.
        *("-hls_flags", "delete_segments+omit_endlist", "-hls_start_number_source", "epoch"),
        *("-hls_segment_filename", str(folder / "segment-%d.ts")),
        str(folder / PLAYLIST),
    ]


class Webcast:
    """One conference's stream in this process (while it holds the lock)."""

    def __init__(self, webcasts: Webcasts, conference: Conference) -> None:
        self.webcasts = webcasts
        self.conference_id = conference.id
        # What ensure_videoroom needs: a conference's id and title.
        self.conference = Conference(id=conference.id, title=conference.title)
        self.folder = folder_of(webcasts.settings, conference.id)
        self.task = asyncio.get_running_loop().create_task(self._run())
        self.task.add_done_callback(self._said_why_it_ended)
        self._ffmpeg: asyncio.subprocess.Process | None = None
        self._forwarded: Source | None = None
        self._forwarders: list[int] = []
        self._started_at = 0.0

    def _said_why_it_ended(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("the webcast of %s failed", self.conference_id, exc_info=task.exception())

    async def _run(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / ".lock").open("w") as lock:
            # Another process's lock is a file lock, no event of ours: polled.
            while not _locked(lock):  # noqa: ASYNC110
                await asyncio.sleep(LOCK_RETRY_SECONDS)
            try:
                while True:
                    try:
                        await self._follow_publishers()
                    except JanusError as error:
                        # Janus restarting: its publishers come back, and so will the stream.
                        log.info("webcast of %s waits for Janus: %s", self.conference_id, error)
                        await self._stop_stream()
                    await asyncio.sleep(POLL_SECONDS)
            finally:
                await asyncio.shield(self._stop_stream())

    async def _follow_publishers(self) -> None:
        client = self.webcasts.janus.client
        if client is None:
            raise JanusUnavailable("no Janus")
        room = await self.webcasts.videorooms.ensure_videoroom(self.conference)
        answer = await client.videoroom({"request": "listparticipants", "room": room})
        publishing = {int(p["id"]) for p in answer.get("participants", []) if p.get("publisher")}
        if self._forwarded is not None and (
            self._forwarded.publisher_id not in publishing or not self._ffmpeg_writing()
        ):
            await self._stop_stream()
        if self._forwarded is None and publishing:
            source = await self._first_source(room)
            if source is not None:
                await self._start_stream(room, source)

    def _ffmpeg_writing(self) -> bool:
        if self._ffmpeg is None or self._ffmpeg.returncode is not None:
            return False
        playlist = self.folder / PLAYLIST
        last_written = playlist.stat().st_mtime if playlist.exists() else 0.0
        return time.time() - max(last_written, self._started_at) < STALLED_SECONDS

    async def _first_source(self, room: int) -> Source | None:
        """The first publisher with video, and its streams' mids and codecs: only
        a participant's ``joined`` answer lists them, so a handle of our own
        joins the room (not publishing, unseen) and leaves."""
        client = self.webcasts.janus.client
        assert client is not None
        session = await client.request({"janus": "create"})
        session_id = int(session["data"]["id"])
        try:
            attached = await client.request(
                {"janus": "attach", "session_id": session_id, "plugin": VIDEOROOM_PLUGIN}
            )
            handle = {"session_id": session_id, "handle_id": int(attached["data"]["id"])}
            join = {"request": "join", "ptype": "publisher", "room": room}
            joined = await client.request({"janus": "message", **handle, "body": join})
            data = joined.get("plugindata", {}).get("data", {})
            if "error_code" in data:
                raise JanusError(int(data["error_code"]), str(data.get("error", "")))
            for publisher in data.get("publishers", []):
                source = _source_of(publisher)
                if source is not None:
                    return source
            return None
        finally:
            with contextlib.suppress(JanusError):
                await client.request({"janus": "destroy", "session_id": session_id})

    async def _start_stream(self, room: int, source: Source) -> None:
        client = self.webcasts.janus.client
        assert client is not None
        secret = videoroom_secret(self.webcasts.settings.secret_key, self.conference_id)
        # A keyframe from the publisher every segment: ffmpeg starts on one (the
        # forwarder's first packets are seldom one), and a segment starts with one.
        await client.videoroom(
            {"request": "edit", "room": room, "secret": secret, "new_fir_freq": SEGMENT_SECONDS}
        )
        audio_port, video_port = _free_udp_port(), _free_udp_port()
        self._started_at = time.time()
        (self.folder / "stream.sdp").write_text(sdp_for(source, audio_port, video_port))
        # ffmpeg's output, the current one's only: for whoever looks into a
        # stream that does not come (the child keeps the file open, not we).
        with (self.folder / "ffmpeg.log").open("wb") as ffmpeg_log:
            ffmpeg = self._ffmpeg = await asyncio.create_subprocess_exec(
                self.webcasts.settings.ffmpeg_binary,
                *ffmpeg_arguments(self.folder, source.audio is not None),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=ffmpeg_log,
            )
        streams = [{"mid": source.video[0], "port": video_port, "pt": VIDEO_PT}]
        if source.audio is not None:
            streams.append({"mid": source.audio[0], "port": audio_port, "pt": AUDIO_PT})
        forward: dict[str, Any] = {
            "request": "rtp_forward",
            "room": room,
            "publisher_id": source.publisher_id,
            "secret": secret,
            "host": "127.0.0.1",
            "host_family": "ipv4",
            "streams": streams,
        }
        if self.webcasts.janus.room_admin_key:
            forward["admin_key"] = self.webcasts.janus.room_admin_key
        self._forwarded = source
        answer = await client.videoroom(forward)
        self._forwarders = [int(f["stream_id"]) for f in answer.get("forwarders", [])]
        log.info(
            "webcast of %s: publisher %s forwarded to ffmpeg (pid %s)",
            self.conference_id,
            source.publisher_id,
            ffmpeg.pid,
        )

    async def _stop_stream(self) -> None:
        """ffmpeg stopped, the forwarders stopped, the stream's files deleted: a
        player then finds no playlist (404) and waits for the next presenter,
        instead of the last seconds of the one gone."""
        ffmpeg, self._ffmpeg = self._ffmpeg, None
        if ffmpeg is not None and ffmpeg.returncode is None:
            ffmpeg.terminate()
            try:
                await asyncio.wait_for(ffmpeg.wait(), STOP_SECONDS)
            except TimeoutError:
                ffmpeg.kill()
                await ffmpeg.wait()
        source, self._forwarded = self._forwarded, None
        forwarders, self._forwarders = self._forwarders, []
        client = self.webcasts.janus.client
        secret_key = self.webcasts.settings.secret_key
        if source is not None and client is not None:
            room = videoroom_id(secret_key, self.conference_id)
            secret = videoroom_secret(secret_key, self.conference_id)
            for stream_id in forwarders:
                # The publisher gone (or Janus restarted), its forwarders went with it.
                with contextlib.suppress(JanusError):
                    await client.videoroom(
                        {
                            "request": "stop_rtp_forward",
                            "room": room,
                            "publisher_id": source.publisher_id,
                            "stream_id": stream_id,
                            "secret": secret,
                        }
                    )
        for path in (self.folder / PLAYLIST, *self.folder.glob("segment-*.ts")):
            path.unlink(missing_ok=True)


def _locked(lock: IO[str]) -> bool:
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _source_of(publisher: dict[str, Any]) -> Source | None:
    audio = video = None
    for stream in publisher.get("streams", []):
        if stream.get("disabled") or str(stream.get("codec")) not in RTPMAPS:
            continue
        mid, codec = str(stream["mid"]), str(stream["codec"])
        if stream.get("type") == "audio" and audio is None:
            audio = (mid, codec)
        elif stream.get("type") == "video" and video is None:
            video = (mid, codec)
    if video is None:
        return None
    return Source(int(publisher["id"]), audio, video)


class Webcasts:
    """The webcasts this process runs (or waits to run), one per conference."""

    def __init__(
        self, settings: Settings, janus: Janus, videorooms: Videorooms, clock: Clock
    ) -> None:
        self.settings = settings
        # What a playlist link's lifetime counts from.
        self.clock = clock
        self.janus = janus
        self.videorooms = videorooms
        self._running: dict[str, Webcast] = {}
        # Per conference: whether its attendees were last told to watch HLS.
        self._told: dict[str, bool] = {}
        self._stopping: set[asyncio.Task[None]] = set()

    @property
    def available(self) -> bool:
        return (
            self.janus.client is not None and shutil.which(self.settings.ffmpeg_binary) is not None
        )

    async def snapshot(
        self,
        session: AsyncSession,
        account: Account,
        conference: Conference,
        member: Member,
    ) -> dict[str, Any] | None:
        """The snapshot's ``media.webcast``: the member's stream, or None (the SFU)."""
        audience = await live.present_count(session, account, conference)
        return self.for_member(conference, member, audience)

    def for_member(
        self, conference: Conference, member: Member, audience: int
    ) -> dict[str, Any] | None:
        # Without Janus or ffmpeg there is no stream to send anyone to.
        if not self.available or not watches_hls(
            conference, member, audience, self.settings.webcast_audience
        ):
            return None
        self.ensure(conference)
        webcast: dict[str, Any] = {
            "playlist_url": playlist_url(
                self.settings, conference.id, member.member_id, self.clock.now()
            ),
            "delay_seconds": DELAY_SECONDS,
        }
        if settings_of(conference).webcast_mode == "optional":
            webcast["optional"] = True
        return webcast

    def ensure(self, conference: Conference) -> None:
        """The conference's stream runs here, or waits for another process's lock."""
        if conference.id in self._running:
            return
        self._running[conference.id] = Webcast(self, conference)

    async def audience_changed(
        self,
        conference: Conference,
        audience: int,
        members: list[Member],
        send: Callable[[Member, str], None],
    ) -> None:
        """After a ``presence.count``: when the attendees switch between the SFU
        and HLS (the automatic mode's threshold crossed), each attendee of this
        process is sent ``media.webcast`` (a frame of its own: the URL is theirs)."""
        attendee = Member("", "", "attendee", None)
        on = watches_hls(conference, attendee, audience, self.settings.webcast_audience)
        # Sockets learn the mode from their snapshot: only a change is told
        # (one a process that started meanwhile sees again is told twice, harmlessly).
        if self._told.get(conference.id, False) == on:
            return
        self._told[conference.id] = on
        if not on:
            # Everyone back on the SFU: no one to encode for.
            self._stop_running(conference.id)
        for member in members:
            if member.staff:
                continue
            data = self.for_member(conference, member, audience)
            frame = {"event": "media.webcast", "data": data}
            send(member, json.dumps(frame, separators=(",", ":")))

    def stop(self, conference_id: str) -> None:
        """The room ended, or this process's hub for it stopped: ffmpeg and the
        forwarders stop (in the background; `close` waits for them)."""
        self._told.pop(conference_id, None)
        self._stop_running(conference_id)

    def _stop_running(self, conference_id: str) -> None:
        webcast = self._running.pop(conference_id, None)
        if webcast is not None:
            webcast.task.cancel()
            self._stopping.add(webcast.task)
            webcast.task.add_done_callback(self._stopping.discard)

    async def close(self) -> None:
        for conference_id in list(self._running):
            self.stop(conference_id)
        await asyncio.gather(*self._stopping, return_exceptions=True)
