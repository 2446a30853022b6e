"""A presenter's camera for the webcast tests: an aiortc peer publishing video
and audio (aiortc's own test tracks) to the conference's Janus videoroom.

It talks to Janus's API itself, as the server will on a presenter's behalf:
the webcast only reads what Janus has, whoever published it."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack

from tests.room.helpers import WAIT
from webinarium.media.janus_client import VIDEOROOM_PLUGIN, JanusClient


class JanusPublisher:
    def __init__(self, janus_url: str, room: int) -> None:
        self.janus_url = janus_url
        self.room = room
        self.publisher_id: int | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._client: JanusClient | None = None
        self._peer: RTCPeerConnection | None = None
        self._session_id: int | None = None

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(WAIT * 2)

    def publish(self) -> int:
        publisher_id: int = self._run(self._publish())
        return publisher_id

    def close(self) -> None:
        self._run(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(WAIT)

    async def _publish(self) -> int:
        client = self._client = JanusClient(self.janus_url)
        await client.start()
        async with asyncio.timeout(WAIT):
            await client.wait_connected()
        session = await client.request({"janus": "create"})
        self._session_id = int(session["data"]["id"])
        attached = await client.request(
            {"janus": "attach", "session_id": self._session_id, "plugin": VIDEOROOM_PLUGIN}
        )
        handle = {"session_id": self._session_id, "handle_id": int(attached["data"]["id"])}
        join = {"request": "join", "ptype": "publisher", "room": self.room, "display": "Presenter"}
        joined = await client.request({"janus": "message", **handle, "body": join})
        self.publisher_id = int(joined["plugindata"]["data"]["id"])
        peer = self._peer = RTCPeerConnection()
        peer.addTrack(AudioStreamTrack())
        peer.addTrack(VideoStreamTrack())
        await peer.setLocalDescription(await peer.createOffer())
        offer = {"type": "offer", "sdp": peer.localDescription.sdp}
        body = {"request": "publish", "audio": True, "video": True}
        answered = await client.request({"janus": "message", **handle, "body": body, "jsep": offer})
        jsep = answered["jsep"]
        await peer.setRemoteDescription(RTCSessionDescription(jsep["sdp"], jsep["type"]))
        return self.publisher_id

    async def _close(self) -> None:
        if self._peer is not None:
            await self._peer.close()
        if self._client is not None:
            if self._session_id is not None:
                await self._client.request({"janus": "destroy", "session_id": self._session_id})
            await self._client.close()
