"""A small asyncio client of Janus's WebSocket API ("janus-protocol").

One connection, one Janus session and one handle on the videoroom plugin (for
the server's own requests: create, listparticipants, kick…), made when first
needed. More handles on the plugin (`attach`) belong to an owner, the media of
one room socket (`media.sessions`): a publisher's or a subscriber's
PeerConnection on Janus. Their asynchronous events (``webrtcup``, ``hangup``,
``detached``, the plugin's events without a transaction) go to their owner's
callback; when the connection drops, every handle is closed with it (Janus
restarted: they are gone) and the client's status listeners hear it.

Every request carries a transaction id and is answered by the message with
that id. The session is kept alive (Janus drops a session
silent for 60 s). When the connection closes (Janus restarted, stopped), every
waiting request fails with `JanusUnavailable`, the session is gone with it, and
the client connects again, with backoff: the next request makes a new session.

One rule for errors: an error answer of Janus or of the plugin is a
`JanusError` with its code and reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

log = logging.getLogger(__name__)

# Janus's session timeout is 60 s: a keepalive well within it.
KEEPALIVE_SECONDS = 25.0
# Reconnecting waits this long after a failure, doubled each time up to the
# longest: a restarting Janus is back within a second; a stopped one is not
# asked in a tight loop.
RECONNECT_FIRST_SECONDS = 0.1
RECONNECT_LONGEST_SECONDS = 5.0
# A request unanswered this long: Janus is wedged, not busy.
REQUEST_SECONDS = 10.0
VIDEOROOM_PLUGIN = "janus.plugin.videoroom"
# Janus's codes for a session or handle it no longer has.
SESSION_GONE = frozenset({458, 459})

Message = dict[str, Any]


class JanusError(Exception):
    """Janus (or its plugin) answered with an error."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"Janus error {code}: {reason}")
        self.code = code
        self.reason = reason


class JanusUnavailable(JanusError):
    """No connection to Janus (not started yet, restarting, gone)."""

    # Not one of Janus's codes (theirs are 4xx): ours, for "not connected".
    CODE = 0

    def __init__(self, reason: str) -> None:
        super().__init__(self.CODE, reason)


@dataclass(frozen=True)
class _Handle:
    session_id: int
    handle_id: int


def _plugin_answer(answer: Message) -> Message:
    """The plugin's data in an answer; its error as a `JanusError`."""
    data: Message = answer.get("plugindata", {}).get("data", {})
    if "error_code" in data:
        raise JanusError(int(data["error_code"]), str(data.get("error", "")))
    return data


EventCallback = Callable[[Message], None]
StatusCallback = Callable[[bool], None]


class PluginHandle:
    """A handle on the videoroom plugin owned by one socket's media: one
    publisher or subscriber PeerConnection on Janus."""

    def __init__(self, client: JanusClient, ids: _Handle, on_event: EventCallback) -> None:
        self.client = client
        self.session_id = ids.session_id
        self.handle_id = ids.handle_id
        self.on_event = on_event
        self.closed = False

    async def message(
        self, body: Message, jsep: Message | None = None
    ) -> tuple[Message, Message | None]:
        """A request of the plugin on this handle (synchronous, or answered by
        its event): the plugin's data and the JSEP that came with it."""
        self._ensure_open()
        message: Message = {
            "janus": "message",
            "session_id": self.session_id,
            "handle_id": self.handle_id,
            "body": body,
        }
        if jsep is not None:
            message["jsep"] = jsep
        answer = await self.client.request(message)
        return _plugin_answer(answer), answer.get("jsep")

    async def trickle(self, candidate: Message | None) -> None:
        """An ICE candidate of the peer's; None: its gathering completed."""
        self._ensure_open()
        await self.client.request(
            {
                "janus": "trickle",
                "session_id": self.session_id,
                "handle_id": self.handle_id,
                "candidate": candidate if candidate is not None else {"completed": True},
            },
            answered_by_ack=True,
        )

    async def detach(self) -> None:
        """Ends the handle (its PeerConnection with it); quiet when already gone."""
        if self.closed:
            return
        self.closed = True
        self.client._handles.pop(self.handle_id, None)
        with contextlib.suppress(JanusError):
            await self.client.request(
                {"janus": "detach", "session_id": self.session_id, "handle_id": self.handle_id}
            )

    def _ensure_open(self) -> None:
        if self.closed:
            raise JanusUnavailable("this Janus handle is gone (Janus restarted)")


class JanusClient:
    def __init__(self, url: str) -> None:
        self.url = url
        self._connection: ClientConnection | None = None
        self._connected = asyncio.Event()
        self._pending: dict[str, asyncio.Future[Message]] = {}
        # The transactions an "ack" answers (keepalives); others' answers follow it.
        self._acked: set[str] = set()
        self._handle: _Handle | None = None
        self._handle_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        # The owned handles by id: their events go to their owners.
        self._handles: dict[int, PluginHandle] = {}
        self._status_listeners: list[StatusCallback] = []

    def listen(self, callback: StatusCallback) -> None:
        """``callback(True)`` once connected, ``callback(False)`` when the
        connection drops (every owned handle closed already)."""
        self._status_listeners.append(callback)

    def _tell(self, connected: bool) -> None:
        for callback in self._status_listeners:
            try:
                callback(connected)
            except Exception:
                log.exception("a Janus status listener failed")

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def wait_connected(self) -> None:
        await self._connected.wait()

    async def videoroom(self, body: Message) -> Message:
        """A synchronous request of the videoroom plugin (create, exists, destroy…):
        the plugin's answer (``plugindata.data``)."""
        for attempt in (1, 2):
            handle = await self._videoroom_handle()
            message = {
                "janus": "message",
                "session_id": handle.session_id,
                "handle_id": handle.handle_id,
                "body": body,
            }
            try:
                answer = await self.request(message)
                break
            except JanusError as error:
                # The session timed out (a keepalive lost): once more on a new one.
                if error.code not in SESSION_GONE or attempt == 2:
                    raise
                self._handle = None
        return _plugin_answer(answer)

    async def attach(self, on_event: EventCallback) -> PluginHandle:
        """A new handle on the videoroom plugin, in the client's session; its
        asynchronous events go to ``on_event``."""
        for attempt in (1, 2):
            session_id = (await self._videoroom_handle()).session_id
            try:
                attached = await self.request(
                    {"janus": "attach", "session_id": session_id, "plugin": VIDEOROOM_PLUGIN}
                )
                break
            except JanusError as error:
                if error.code not in SESSION_GONE or attempt == 2:
                    raise
                self._handle = None
        handle = PluginHandle(self, _Handle(session_id, int(attached["data"]["id"])), on_event)
        self._handles[handle.handle_id] = handle
        return handle

    async def request(self, message: Message, *, answered_by_ack: bool = False) -> Message:
        """Sends ``message`` with a new transaction id; the answer to it (an
        ``ack`` when ``answered_by_ack``: a keepalive, a trickle)."""
        connection = self._connection
        if connection is None:
            raise JanusUnavailable(f"no connection to Janus at {self.url}")
        transaction = secrets.token_hex(8)
        answer: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        self._pending[transaction] = answer
        if answered_by_ack or message["janus"] == "keepalive":
            self._acked.add(transaction)
        try:
            await connection.send(json.dumps({**message, "transaction": transaction}))
            reply = await asyncio.wait_for(answer, REQUEST_SECONDS)
        except websockets.ConnectionClosed:
            raise JanusUnavailable("the connection to Janus closed") from None
        except TimeoutError:
            raise JanusUnavailable(f"Janus did not answer within {REQUEST_SECONDS} s") from None
        finally:
            self._pending.pop(transaction, None)
            self._acked.discard(transaction)
        if reply.get("janus") == "error":
            error = reply.get("error", {})
            raise JanusError(int(error.get("code", 0)), str(error.get("reason", "")))
        return reply

    async def _videoroom_handle(self) -> _Handle:
        async with self._handle_lock:
            if self._handle is None:
                created = await self.request({"janus": "create"})
                session_id = int(created["data"]["id"])
                attached = await self.request(
                    {"janus": "attach", "session_id": session_id, "plugin": VIDEOROOM_PLUGIN}
                )
                self._handle = _Handle(session_id, int(attached["data"]["id"]))
            return self._handle

    async def _run(self) -> None:
        wait = RECONNECT_FIRST_SECONDS
        while True:
            try:
                async with websockets.connect(
                    self.url, subprotocols=[websockets.Subprotocol("janus-protocol")]
                ) as connection:
                    wait = RECONNECT_FIRST_SECONDS
                    await self._serve(connection)
                log.warning("the connection to Janus at %s closed; connecting again", self.url)
            except (OSError, websockets.WebSocketException) as error:
                log.debug("no connection to Janus at %s: %s", self.url, error)
            await asyncio.sleep(wait)
            wait = min(wait * 2, RECONNECT_LONGEST_SECONDS)

    async def _serve(self, connection: ClientConnection) -> None:
        self._connection = connection
        self._connected.set()
        self._tell(True)
        keepalive = asyncio.get_running_loop().create_task(self._keep_alive())
        try:
            async for text in connection:
                self._receive(json.loads(text))
        finally:
            keepalive.cancel()
            # Janus restarted, its sessions are gone; else this one times out
            # unclaimed: either way the next request makes a new one.
            self._connection = None
            self._handle = None
            self._connected.clear()
            for answer in self._pending.values():
                if not answer.done():
                    answer.set_exception(JanusUnavailable("the connection to Janus closed"))
            handles, self._handles = self._handles, {}
            for handle in handles.values():
                handle.closed = True
            self._tell(False)

    def _receive(self, message: Message) -> None:
        answer = self._pending.get(str(message.get("transaction", "")))
        # An "ack" only says a request was taken; its answer follows (a
        # keepalive's, a trickle's is the ack).
        if answer is not None and not answer.done():
            if message.get("janus") == "ack" and message["transaction"] not in self._acked:
                return
            answer.set_result(message)
            return
        # Events of their own (webrtcup, hangup, detached, the plugin's
        # notifications) go to the handle's owner.
        handle = self._handles.get(int(message.get("sender") or 0))
        if handle is None or message.get("janus") == "ack":
            return
        if message.get("janus") == "detached":
            handle.closed = True
            self._handles.pop(handle.handle_id, None)
        try:
            handle.on_event(message)
        except Exception:
            log.exception("the owner of a Janus handle failed on an event")

    async def _keep_alive(self) -> None:
        while True:
            await asyncio.sleep(KEEPALIVE_SECONDS)
            handle = self._handle
            if handle is not None:
                with contextlib.suppress(JanusError):
                    await self.request({"janus": "keepalive", "session_id": handle.session_id})
