"""A WebRTC peer that speaks OUR room socket (never Janus's API), for the media
tests and benches: aiortc publishes a synthetic camera and receives feeds
through the server's Janus, as a page does.

API (asyncio; keep it stable, add, do not rename)::

    async with Peer(ws_url, ticket) as peer:         # connects; peer.snapshot is the room.snapshot
        reply = await peer.send("chat.send", {...})   # any command: its reply frame {"re","ok",...}
        frame = await peer.event("media.published", lambda data: ...)  # waits (within=WAIT s)
        feed_id = await peer.publish()                # camera 320x240 @ 15 fps + audio
                                                      # (keywords: kind, audio, video, width,
                                                      # height, fps); returns once
                                                      # media.published came
        watch = await peer.subscribe(feed_id)         # a `Watch`
        await watch.frames_at_least(10)               # decoded video frames; watch.width/height
        await peer.unsubscribe(watch)
        await peer.unpublish(feed_id)                 # its PeerConnection closed too

- ``Peer.publish`` raises `Refused` (``.code``, ``.message``) when the server
  refuses; ``Peer.send`` returns refusals as they are (``ok: false``).
- ``peer.feeds``: the publishing PeerConnections by feed id; ``peer.events``:
  every event frame received, in order (nothing is taken out of it).
- ``peer.closed``: set once the server closed the socket.
- A ``Watch`` counts decoded video frames (``frames``) and audio frames
  (``audio_frames``), and keeps the last video frame's ``width``/``height``.
"""

from __future__ import annotations

import asyncio
import fractions
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import av
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)
from aiortc.mediastreams import AudioStreamTrack
from websockets.asyncio.client import ClientConnection, connect

WAIT = 20.0


class Refused(Exception):
    """The server refused a command the peer gave."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class SyntheticCamera(VideoStreamTrack):
    """A moving colour pattern, ``width`` x ``height`` at ``fps``."""

    def __init__(self, width: int = 320, height: int = 240, fps: int = 15) -> None:
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        self._count = 0
        self._start: float | None = None

    async def recv(self) -> av.VideoFrame:
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._count / self.fps
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        frame = av.VideoFrame(self.width, self.height, "yuv420p")
        shade = (self._count * 8) % 256
        for index, plane in enumerate(frame.planes):
            plane.update(bytes([(shade + 80 * index) % 256]) * plane.buffer_size)
        frame.pts = self._count
        frame.time_base = fractions.Fraction(1, self.fps)
        self._count += 1
        return frame


@dataclass
class Watch:
    """A subscription: the server's id for it and what was received."""

    subscription: str
    feed_id: str
    pc: RTCPeerConnection
    frames: int = 0
    audio_frames: int = 0
    width: int = 0
    height: int = 0
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def frames_at_least(self, count: int, within: float = WAIT) -> int:
        """Waits (at most ``within`` seconds) until ``count`` video frames were
        decoded; how many were."""
        async with asyncio.timeout(within):
            while self.frames < count:
                self._changed.clear()
                await self._changed.wait()
        return self.frames

    async def _consume(self, track: MediaStreamTrack) -> None:
        while True:
            frame = await track.recv()
            if track.kind == "video":
                self.frames += 1
                self.width, self.height = frame.width, frame.height
            else:
                self.audio_frames += 1
            self._changed.set()

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.pc.close()


class Peer:
    def __init__(self, ws_url: str, ticket: str) -> None:
        self.url = f"{ws_url}?ticket={ticket}"
        self.snapshot: dict[str, Any] = {}
        self.events: list[dict[str, Any]] = []
        self.feeds: dict[str, RTCPeerConnection] = {}
        self.watches: list[Watch] = []
        self.closed = asyncio.Event()
        self._ws: ClientConnection | None = None
        self._ids = itertools.count(1)
        self._replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._arrived = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Peer:
        await self.connect()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def connect(self) -> None:
        self._ws = await connect(self.url, open_timeout=WAIT, max_size=None)
        self._reader = asyncio.get_running_loop().create_task(self._read())
        self.snapshot = (await self.event("room.snapshot"))["data"]

    @property
    def ice_servers(self) -> list[RTCIceServer]:
        servers = self.snapshot.get("media", {}).get("ice_servers", [])
        return [
            RTCIceServer(urls=s["urls"], username=s.get("username"), credential=s.get("credential"))
            for s in servers
        ]

    async def send(self, cmd: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """Gives a command; its reply frame."""
        assert self._ws is not None
        command_id = next(self._ids)
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[command_id] = reply
        await self._ws.send(json.dumps({"id": command_id, "cmd": cmd, "data": data or {}}))
        async with asyncio.timeout(WAIT):
            return await reply

    async def ask(self, cmd: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """Gives a command; its reply's data, or `Refused`."""
        reply = await self.send(cmd, data)
        if not reply["ok"]:
            raise Refused(reply["error"]["code"], reply["error"]["message"])
        answer: dict[str, Any] = reply.get("data") or {}
        return answer

    async def event(
        self,
        name: str,
        where: Callable[[dict[str, Any]], bool] = lambda _: True,
        *,
        after: int = 0,
        within: float = WAIT,
    ) -> dict[str, Any]:
        """The first event ``name`` (from index ``after`` of ``events``) whose
        data passes ``where``, waiting for it (at most ``within`` seconds)."""
        async with asyncio.timeout(within):
            while True:
                for frame in self.events[after:]:
                    if frame.get("event") == name and where(frame.get("data") or {}):
                        return frame
                self._arrived.clear()
                await self._arrived.wait()

    async def publish(
        self,
        kind: str = "camera",
        *,
        audio: bool = True,
        video: bool = True,
        width: int = 320,
        height: int = 240,
        fps: int = 15,
    ) -> str:
        """Publishes a synthetic camera (and silence); the feed's id."""
        pc = RTCPeerConnection(RTCConfiguration(iceServers=self.ice_servers))
        if video:
            pc.addTransceiver(SyntheticCamera(width, height, fps), direction="sendonly")
        if audio:
            pc.addTransceiver(AudioStreamTrack(), direction="sendonly")
        try:
            await pc.setLocalDescription(await pc.createOffer())
            answer = await self.ask(
                "media.publish",
                {"sdp": pc.localDescription.sdp, "kind": kind, "audio": audio, "video": video},
            )
            await pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], "answer"))
            # aiortc puts its candidates in the offer: gathering is complete.
            feed_id = str(answer["feed_id"])
            await self.ask("media.ice", {"feed_id": feed_id, "candidate": None})
            # Announced once its media reaches Janus: from then on it can be watched.
            await self.event("media.published", lambda data: data["feed_id"] == feed_id)
        except BaseException:
            await pc.close()
            raise
        self.feeds[feed_id] = pc
        return feed_id

    async def unpublish(self, feed_id: str) -> None:
        await self.ask("media.unpublish", {"feed_id": feed_id})
        pc = self.feeds.pop(feed_id, None)
        if pc is not None:
            await pc.close()

    async def subscribe(self, feed_id: str) -> Watch:
        offer = await self.ask("media.subscribe", {"feed_id": feed_id})
        pc = RTCPeerConnection(RTCConfiguration(iceServers=self.ice_servers))
        watch = Watch(offer["subscription"], feed_id, pc)

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            watch._tasks.append(asyncio.get_running_loop().create_task(watch._consume(track)))

        try:
            await pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
            await pc.setLocalDescription(await pc.createAnswer())
            await self.ask(
                "media.answer", {"subscription": watch.subscription, "sdp": pc.localDescription.sdp}
            )
        except BaseException:
            await watch.close()
            raise
        self.watches.append(watch)
        return watch

    async def unsubscribe(self, watch: Watch) -> None:
        await self.ask("media.unsubscribe", {"subscription": watch.subscription})
        self.watches.remove(watch)
        await watch.close()

    async def close(self) -> None:
        for watch in self.watches:
            await watch.close()
        self.watches.clear()
        for pc in self.feeds.values():
            await pc.close()
        self.feeds.clear()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for text in self._ws:
                frame = json.loads(text)
                reply = self._replies.pop(frame.get("re"), None) if "re" in frame else None
                if reply is not None and not reply.done():
                    reply.set_result(frame)
                elif "event" in frame:
                    self.events.append(frame)
                self._arrived.set()
        finally:
            self.closed.set()
            self._arrived.set()
