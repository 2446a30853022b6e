"""Publishes a synthetic camera and microphone to a Janus videoroom directly (aiortc):
stands in for tests/media/peer.py (part "signal") until that is merged."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from typing import Any

import websockets
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack


class DirectPublisher:
    def __init__(self, janus_url: str, room: int) -> None:
        self.url = janus_url
        self.room = room
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._ids = itertools.count()

    def publish(self) -> None:
        asyncio.run_coroutine_threadsafe(self._publish(), self.loop).result(30)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)

    async def _ask(self, message: dict[str, Any], wait_event: bool = False) -> dict[str, Any]:
        transaction = str(next(self._ids))
        await self.ws.send(json.dumps({**message, "transaction": transaction}))
        while True:
            answer = json.loads(await self.ws.recv())
            if answer.get("transaction") != transaction:
                continue
            if answer.get("janus") == "ack" and wait_event:
                continue
            return answer  # type: ignore[no-any-return]

    async def _publish(self) -> None:
        self.ws = await websockets.connect(
            self.url, subprotocols=[websockets.Subprotocol("janus-protocol")]
        )
        session = (await self._ask({"janus": "create"}))["data"]["id"]
        handle = (
            await self._ask(
                {"janus": "attach", "session_id": session, "plugin": "janus.plugin.videoroom"}
            )
        )["data"]["id"]
        self.session, self.handle = session, handle
        self.pc = RTCPeerConnection()
        self.pc.addTrack(VideoStreamTrack())
        self.pc.addTrack(AudioStreamTrack())
        await self.pc.setLocalDescription(await self.pc.createOffer())
        body = {"request": "joinandconfigure", "ptype": "publisher", "room": self.room}
        answer = await self._ask(
            {
                "janus": "message",
                "session_id": session,
                "handle_id": handle,
                "body": body,
                "jsep": {"type": "offer", "sdp": self.pc.localDescription.sdp},
            },
            wait_event=True,
        )
        jsep = answer["jsep"]
        await self.pc.setRemoteDescription(RTCSessionDescription(jsep["sdp"], jsep["type"]))
        self._keep = asyncio.get_running_loop().create_task(self._keepalive())

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(20)
            await self.ws.send(
                json.dumps({"janus": "keepalive", "session_id": self.session, "transaction": "k"})
            )

    async def _close(self) -> None:
        self._keep.cancel()
        await self.pc.close()
        await self.ws.close()
