"""The hub of a room in this process: its sockets, the events it hands them in
``seq`` order, and the timers of presence.

`Rooms` (one per app) keeps a hub per room that has sockets here. A hub
subscribes to its room on the broker and puts what arrives back in order: a
room's numbers have no gaps (`live.journal`), so a hub that receives N+1 while
it waits for N reads N (committed already) from the table, and a number seen
twice is dropped. Each event is serialised once, by the process that stored
it; a hub sends the same text to every socket whose member may see it.

Presence: a member is one however many sockets they have, on however many
processes (`live.processes`). When the last socket of a member here closes,
this process lets go of them only after the grace period
(``room_exit_grace_seconds``) unless a socket of theirs comes back; they leave
if no other process holds one. `Rooms` says every
``room_heartbeat_seconds`` that this process is alive and counts out the
members of processes that stopped or are gone. ``presence.count`` is the
room's, counted from the database: stored when it differs from the last one
stored by any process, at most once per ``room_count_interval_seconds``.

The attendance monitor (`attention.service`): every
``room_attention_poll_seconds`` a hub looks whether a check is due in its room
(or one expired) and, if so, has it made; of several processes serving the
room one makes each round.

Each socket has a queue and a task that sends from it, so a slow client never
holds the others up; a client too slow to keep a bounded queue is disconnected
(1013) and resumes with ``since``.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.websockets import WebSocket

from webinarium.access.admission import Member
from webinarium.accounts.service import get_account
from webinarium.attention import service as attention
from webinarium.conferences.service import get_conference
from webinarium.kit.clock import Clock
from webinarium.kit.db import Database
from webinarium.kit.ids import new_id
from webinarium.kit.logs import detached_context
from webinarium.kit.tasks import cancel_and_wait
from webinarium.kit.time import utcnow
from webinarium.live import journal, processes
from webinarium.live import service as live
from webinarium.live.journal import Announced
from webinarium.media.webcast import Webcasts
from webinarium.models import Account, Conference
from webinarium.ops.metrics import Metrics
from webinarium.room.allowance import Allowance, allowance_for
from webinarium.room.broker import Broker
from webinarium.settings import Settings

log = logging.getLogger(__name__)

# Frames waiting for a slow socket before it is disconnected.
QUEUE_LIMIT = 2000
# Close codes (docs/room-protocol.md).
BANNED = 4403
ENDED = 4409
TOO_SLOW = 1013


@dataclass(frozen=True)
class Close:
    code: int
    reason: str


def _personal_frame(event: Announced, connection: Connection) -> str:
    """The event's frame for this socket: room.ended carries the exit address
    of the member's ticket where it has one (BigMarker's ``exit_uri``)."""
    if event.event != "room.ended" or connection.exit_url is None:
        return event.frame
    frame = json.loads(event.frame)
    frame["data"] = {**frame["data"], "exit_url": connection.exit_url}
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


class Connection:
    """One socket of a member: what it has been sent, and what waits to be."""

    def __init__(
        self, websocket: WebSocket, member: Member, sent: Counter, exit_url: str | None = None
    ) -> None:
        self.websocket = websocket
        self.member = member
        # This process's count of frames sent to sockets (ops/metrics.py).
        self._sent = sent
        # Where this socket's member goes at room.ended, if their ticket says.
        self.exit_url = exit_url
        # Frames waiting to be sent, and the future the sender waits on while
        # there are none: a deque and one future hold a fraction of what an
        # asyncio.Queue (four deques) holds for every idle socket.
        self._frames: collections.deque[str | Close] = collections.deque()
        self._wakeup: asyncio.Future[None] | None = None
        # Until the socket has its snapshot (or replay), events wait here.
        self._early: list[tuple[int, str]] | None = []
        self._closing = False
        # A close that waits for the reply to the command being run (the
        # command that ended the room gets its reply before the socket closes).
        self._commanding = False
        self._deferred: Close | None = None
        self.sender = asyncio.create_task(self._send_all())

    def event(self, seq: int, frame: str) -> None:
        if self._early is not None:
            self._early.append((seq, frame))
        else:
            self.send(frame)

    @property
    def live(self) -> bool:
        """Whether the socket has had its snapshot (or replay)."""
        return self._early is None

    def go_live(self, current_to: int) -> None:
        """The snapshot (or replay) sent was current to ``current_to``: send what
        came after it, then every event as it comes."""
        early, self._early = self._early or [], None
        for seq, frame in early:
            if seq > current_to:
                self.send(frame)

    def send(self, frame: str) -> None:
        if self._closing:
            return
        if len(self._frames) >= QUEUE_LIMIT:
            self.close(TOO_SLOW, "too slow: reconnect with since")
            return
        self._put(frame)

    def close(self, code: int, reason: str) -> None:
        if self._commanding:
            self._deferred = self._deferred or Close(code, reason)
        elif not self._closing:
            self._closing = True
            self._put(Close(code, reason))

    def _put(self, item: str | Close) -> None:
        self._frames.append(item)
        if self._wakeup is not None and not self._wakeup.done():
            self._wakeup.set_result(None)

    def commanding(self) -> None:
        """A command of this socket's is running: a close waits for its reply."""
        self._commanding = True

    def reply(self, frame: str) -> None:
        """The reply to the running command, then any close that waited for it."""
        self._commanding = False
        self.send(frame)
        if self._deferred is not None:
            self.close(self._deferred.code, self._deferred.reason)

    async def _send_all(self) -> None:
        try:
            while True:
                while not self._frames:
                    self._wakeup = asyncio.get_running_loop().create_future()
                    await self._wakeup
                self._wakeup = None
                item = self._frames.popleft()
                if isinstance(item, Close):
                    await self.websocket.close(item.code, item.reason)
                    return
                await self.websocket.send_text(item)
                self._sent.inc()
        except Exception:
            # The client went away; its receive loop sees the disconnect.
            log.debug("sending to a room socket failed", exc_info=True)


Work = Callable[[AsyncSession, Account, Conference], Awaitable[None]]


class Hub:
    def __init__(self, rooms: Rooms, account_id: str, conference_id: str) -> None:
        self.rooms = rooms
        self.account_id = account_id
        self.conference_id = conference_id
        self.sockets: dict[str, set[Connection]] = {}
        self._exits: dict[str, asyncio.Task[None]] = {}
        self._next_seq: int | None = None
        self._pending: dict[int, Announced] = {}
        self._catching_up = False
        self._catch_up_task: asyncio.Task[None] | None = None
        self._resync_task: asyncio.Task[None] | None = None
        self._count_task: asyncio.Task[None] | None = None
        self._count_dirty = False
        self._last_count_at = 0.0
        self._attention_task: asyncio.Task[None] | None = None
        self._webcast_task: asyncio.Task[None] | None = None

    # Starting and stopping

    async def start(self) -> None:
        """Subscribes, then learns where the room's numbers stand (what arrives
        meanwhile waits)."""
        await self.rooms.broker.subscribe(self.conference_id, self)

        async def read(session: AsyncSession, account: Account, conference: Conference) -> None:
            self._next_seq = await journal.last_seq(session, account, conference) + 1

        await self.rooms.run(self, read, write=False)
        self._drain()
        self._attention_task = asyncio.create_task(self._watch_attention())

    def idle(self) -> bool:
        return not self.sockets and not self._exits

    def stop(self) -> None:
        self.rooms.broker.unsubscribe(self.conference_id, self)
        if self._count_task is not None:
            self._count_task.cancel()
        if self._attention_task is not None:
            self._attention_task.cancel()
        if self.rooms.webcasts is not None:
            self.rooms.webcasts.stop(self.conference_id)

    # Sockets

    def attach(self, connection: Connection) -> None:
        member_id = connection.member.member_id
        self.sockets.setdefault(member_id, set()).add(connection)
        exit_task = self._exits.pop(member_id, None)
        if exit_task is not None:
            exit_task.cancel()

    def detach(self, connection: Connection) -> None:
        member = connection.member
        connections = self.sockets.get(member.member_id, set())
        connections.discard(connection)
        if not connections:
            self.sockets.pop(member.member_id, None)
            self._schedule_exit(member)

    def _schedule_exit(self, member: Member) -> None:
        if member.member_id not in self._exits:
            self._exits[member.member_id] = asyncio.create_task(self._exit_later(member))

    async def _exit_later(self, member: Member) -> None:
        await asyncio.sleep(self.rooms.settings.room_exit_grace_seconds)

        async def release(session: AsyncSession, account: Account, conference: Conference) -> None:
            await live.release(
                session, account, conference, member, process_id=self.rooms.process_id
            )

        try:
            if member.member_id not in self.sockets:
                await self.rooms.run(self, release)
        except Exception:
            log.exception("a member's exit from room %s failed", self.conference_id)
        finally:
            if self._exits.get(member.member_id) is asyncio.current_task():
                del self._exits[member.member_id]
            self.rooms.release(self)

    async def allow_message(self, member: Member) -> bool:
        """Takes one of the member's chat allowance (`room.allowance`, shared by
        the processes); False when there is none."""
        return await self.rooms.allowance.take(self.conference_id, member.member_id)

    async def refund_message(self, member: Member) -> None:
        """A message refused for another reason (a lock) costs nothing."""
        await self.rooms.allowance.give_back(self.conference_id, member.member_id)

    # Events

    def receive(self, event: Announced) -> None:
        """An event from the broker: in order, once."""
        if self._next_seq is not None and event.seq < self._next_seq:
            return
        self._pending[event.seq] = event
        self._drain()

    def _drain(self) -> None:
        if self._next_seq is None:
            return
        for seq in [s for s in self._pending if s < self._next_seq]:
            del self._pending[seq]
        while self._next_seq in self._pending:
            self._deliver(self._pending.pop(self._next_seq))
            self._next_seq += 1
        if self._pending and not self._catching_up:
            self._catching_up = True
            self._catch_up_task = asyncio.create_task(self._catch_up())

    async def _catch_up(self) -> None:
        """Events missing before one that arrived are committed: read them."""
        missing: list[Announced] = []

        async def read(session: AsyncSession, account: Account, conference: Conference) -> None:
            if not self._pending:
                return  # delivered meanwhile (a resync read them)
            first = self._next_seq or 1
            rows = await journal.events_after(
                session, account, conference, first - 1, limit=max(self._pending) - first
            )
            missing.extend(journal.announced(row) for row in rows)

        try:
            await self.rooms.run(self, read, write=False)
        except Exception:
            log.exception("catching up room %s failed", self.conference_id)
        finally:
            self._catching_up = False
        for event in missing:
            self.receive(event)

    def resync(self) -> None:
        """The broker may have lost events (its connection dropped): read every
        event past the last one delivered."""
        if self._next_seq is None:
            return  # starting: `start` reads where the room stands
        if self._resync_task is None or self._resync_task.done():
            self._resync_task = asyncio.create_task(self._read_past_delivered())

    async def _read_past_delivered(self) -> None:
        missing: list[Announced] = []

        async def read(session: AsyncSession, account: Account, conference: Conference) -> None:
            delivered = (self._next_seq or 1) - 1
            rows = await journal.events_after(session, account, conference, delivered)
            missing.extend(journal.announced(row) for row in rows)

        try:
            await self.rooms.run(self, read, write=False)
        except Exception:
            log.exception("resyncing room %s failed", self.conference_id)
        for event in missing:
            self.receive(event)

    def _deliver(self, event: Announced) -> None:
        for connections in list(self.sockets.values()):
            for connection in connections:
                if event.visible_to(connection.member):
                    connection.event(event.seq, _personal_frame(event, connection))
        if event.event == "member.banned":
            for connection in self.sockets.get(str(event.data.get("member_id")), ()):
                connection.close(BANNED, "banned from this room")
        elif event.event == "room.ended":
            for connections in self.sockets.values():
                for connection in connections:
                    connection.close(ENDED, "the room has ended")
        elif event.event in ("presence.joined", "presence.left"):
            self._count_changed()
        # Webcast mode (media/webcast.py): the stream stops with the room; the
        # audience's size may move the attendees between the SFU and HLS.
        if event.event == "room.ended" and self.rooms.webcasts is not None:
            self.rooms.webcasts.stop(self.conference_id)
        elif (
            event.event == "presence.count"
            and self.rooms.webcasts is not None
            and self.rooms.webcasts.available
        ):
            self._webcast_task = asyncio.create_task(
                self._audience_changed(self.rooms.webcasts, int(event.data.get("count", 0)))
            )

    async def _audience_changed(self, webcasts: Webcasts, audience: int) -> None:
        async def tell(session: AsyncSession, account: Account, conference: Conference) -> None:
            members = [next(iter(c)).member for c in self.sockets.values() if c]
            await webcasts.audience_changed(conference, audience, members, self._send_to)

        try:
            await self.rooms.run(self, tell, write=False)
        except Exception:
            log.exception("telling room %s's attendees how to watch failed", self.conference_id)

    def _send_to(self, member: Member, frame: str) -> None:
        for connection in self.sockets.get(member.member_id, ()):
            # One still waiting for its snapshot learns it from there.
            if connection.live:
                connection.send(frame)

    # presence.count

    def _count_changed(self) -> None:
        self._count_dirty = True
        if self._count_task is None or self._count_task.done():
            self._count_task = asyncio.create_task(self._send_count())

    async def _send_count(self) -> None:
        """Asks the room's count to be stored (`live.count_presence`): at most
        once per interval from this process; another process that stored one
        lately makes it wait."""
        interval = self.rooms.settings.room_count_interval_seconds
        while self._count_dirty:
            wait = self._last_count_at + interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._count_dirty = False
            self._last_count_at = time.monotonic()
            later = 0.0

            async def count(
                session: AsyncSession, account: Account, conference: Conference
            ) -> None:
                nonlocal later
                later = await live.count_presence(session, account, conference, interval=interval)

            try:
                await self.rooms.run(self, count)
            except Exception:
                log.exception("counting room %s failed", self.conference_id)
            if later > 0:
                self._count_dirty = True
                self._last_count_at = time.monotonic() + later - interval

    # The attendance monitor

    async def _watch_attention(self) -> None:
        """Looks (a read) whether the monitor has work in this room; does it
        (a write) only then."""
        settings = self.rooms.settings
        scale = settings.room_attention_time_scale
        while True:
            await asyncio.sleep(settings.room_attention_poll_seconds)
            is_due = False

            async def look(session: AsyncSession, account: Account, conference: Conference) -> None:
                nonlocal is_due
                is_due = await attention.due(session, account, conference, utcnow(), scale)

            async def work(session: AsyncSession, account: Account, conference: Conference) -> None:
                await attention.run(session, account, conference, utcnow(), scale)

            try:
                await self.rooms.run(self, look, write=False)
                if is_due:
                    await self.rooms.run(self, work)
            except Exception:
                log.exception("the attendance monitor of room %s failed", self.conference_id)


class Rooms:
    """The hubs of this process's rooms, the broker, the chat allowance, the
    database they use, and this process's part in presence (`live.processes`):
    its id, made here, and its heartbeat, which runs while it has sockets."""

    def __init__(
        self, database: Database, settings: Settings, broker: Broker, clock: Clock, metrics: Metrics
    ) -> None:
        self.database = database
        # What the room's sockets count (frames in and out).
        self.metrics = metrics
        self.settings = settings
        self.broker = broker
        # What a TURN credential's expiry counts from (media/ice.py).
        self.clock = clock
        self.allowance: Allowance = allowance_for(settings)
        # This process's webcasts (media/webcast.py), given by the app once Janus is set up.
        self.webcasts: Webcasts | None = None
        self.process_id = new_id()
        self._hubs: dict[str, Hub] = {}
        self._starting: dict[str, asyncio.Future[Hub]] = {}
        self._heartbeat: asyncio.Task[None] | None = None
        # Whether this process has a row (from its first socket on).
        self._registered = False
        # Registering and saying this process stopped run one at a time, in order.
        self._process_row = asyncio.Lock()

    async def hub(self, account_id: str, conference_id: str) -> Hub:
        """The room's hub, started on first use; asked for each socket, so this
        process's heartbeat runs from then on."""
        await self._serve_rooms()
        hub = self._hubs.get(conference_id)
        if hub is not None:
            return hub
        starting = self._starting.get(conference_id)
        if starting is not None:
            return await asyncio.shield(starting)
        future: asyncio.Future[Hub] = asyncio.get_running_loop().create_future()
        self._starting[conference_id] = future
        hub = Hub(self, account_id, conference_id)
        try:
            await hub.start()
        except BaseException as error:
            hub.stop()
            future.set_exception(error)
            future.exception()  # retrieved: the waiters raise it
            raise
        finally:
            del self._starting[conference_id]
        self._hubs[conference_id] = hub
        future.set_result(hub)
        return hub

    def counts(self) -> tuple[int, int]:
        """The rooms this process serves sockets of, and the sockets open in them."""
        sockets = sum(len(c) for hub in self._hubs.values() for c in hub.sockets.values())
        return len(self._hubs), sockets

    def release(self, hub: Hub) -> None:
        """Drops a hub with no sockets and no pending exits."""
        if hub.idle() and self._hubs.get(hub.conference_id) is hub:
            del self._hubs[hub.conference_id]
            hub.stop()

    def publish(self, event: Announced) -> None:
        self.broker.publish(event)

    async def run(self, hub: Hub, work: Work, *, write: bool = True) -> None:
        """``work`` in one unit of work on the hub's room (read-write, or read-only)."""
        unit = self.database.transaction() if write else self.database.read()
        async with unit as session:
            account = await get_account(session, hub.account_id)
            conference = await get_conference(session, account, hub.conference_id)
            await work(session, account, conference)

    # This process's part in presence

    def _holds_for(self) -> timedelta:
        """How long this process's holdings count after a heartbeat: it may be
        silent for the timeout, then its members have their grace period."""
        settings = self.settings
        return timedelta(
            seconds=settings.room_process_timeout_seconds + settings.room_exit_grace_seconds
        )

    async def _serve_rooms(self) -> None:
        """Before this process enters a member: its row, and its heartbeat."""
        if self._heartbeat is not None:
            return
        async with self._process_row:
            if self._heartbeat is not None:
                return
            async with self.database.transaction() as session:
                await processes.register(session, self.process_id, utcnow(), self._holds_for())
            self._registered = True
            self._heartbeat = asyncio.create_task(self._beat(), context=detached_context())

    async def _beat(self) -> None:
        """Every ``room_heartbeat_seconds`` while this process has sockets: it is
        alive, and the members of processes that are gone are counted out.
        Without sockets it rests, writing nothing, until the next one: its last
        heartbeat holds the members whose exit is still to come here past the
        grace period in which that exit is due."""
        while True:
            await asyncio.sleep(self.settings.room_heartbeat_seconds)
            if not self._starting and not any(hub.sockets for hub in self._hubs.values()):
                self._heartbeat = None
                return
            try:
                async with self.database.transaction() as session:
                    now = utcnow()
                    alive = await processes.beat(session, self.process_id, now, self._holds_for())
                    if not alive:
                        await processes.register(session, self.process_id, now, self._holds_for())
                    unheld = await processes.unheld(session, now)
                if not alive:
                    await self._enter_again()
                for member in unheld:
                    async with self.database.transaction() as session:
                        await processes.count_out(session, member, now)
            except Exception:
                log.exception("the room heartbeat of process %s failed", self.process_id)

    async def _enter_again(self) -> None:
        """This process was taken for gone (its heartbeat late past the
        timeout) and its members may have been counted out: those it holds
        sockets of enter again."""
        log.warning("process %s was taken for gone: its members enter again", self.process_id)
        for hub in list(self._hubs.values()):
            for connections in list(hub.sockets.values()):
                member = next(iter(connections)).member

                async def enter(
                    session: AsyncSession,
                    account: Account,
                    conference: Conference,
                    member: Member = member,
                ) -> None:
                    await live.enter(
                        session, account, conference, member, process_id=self.process_id
                    )

                await self.run(hub, enter)

    async def _say_stopped(self) -> None:
        """The process stops: it holds nobody from the end of the grace period,
        and its members who do not come back (to another process) leave then,
        through another process's heartbeat (or the next run's)."""
        grace = timedelta(seconds=self.settings.room_exit_grace_seconds)
        async with self._process_row:
            try:
                async with self.database.transaction() as session:
                    await processes.beat(session, self.process_id, utcnow(), grace)
            except Exception:
                log.exception("process %s could not say it stopped", self.process_id)

    async def close(self) -> None:
        heartbeat, self._heartbeat = self._heartbeat, None
        for hub in list(self._hubs.values()):
            hub.stop()
            await cancel_and_wait(list(hub._exits.values()))
        self._hubs.clear()
        await cancel_and_wait([heartbeat])
        if self._registered:
            await self._say_stopped()
        await self.allowance.close()
