"""The broker: how every process serving a room hears the room's events.

A committed event (`live.journal.announcer`) is published to the broker by the
process that committed it; the broker hands it to every subscriber of its
room, in this process and in the others. The hub of each room (`room.hub`)
puts the events back in ``seq`` order and drops repeats, so a broker need not
guarantee either; a broker that may have lost events (its connection dropped)
asks its subscribers to ``resync``: they read from the database what they
have not had.

`InProcessBroker` serves one process: publishing is calling the room's
subscribers. `RedisBroker` serves several processes over Redis pub/sub.
`broker_for(settings)` picks the broker the settings name
(``WEBINARIUM_BROKER_URL``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from typing import Any, Protocol

import redis.asyncio as redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from webinarium.kit.tasks import cancel_and_wait
from webinarium.live.journal import Announced
from webinarium.settings import Settings

log = logging.getLogger(__name__)


class Subscriber(Protocol):
    def receive(self, event: Announced) -> None:
        """An event of the room (maybe again, maybe out of order)."""

    def resync(self) -> None:
        """Events of the room may have been lost: read what came after the last
        one received from the database."""


class Broker(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def ping(self) -> bool:
        """Whether the broker answers now (/readyz)."""

    def publish(self, event: Announced) -> None:
        """Hands a committed event to its room's subscribers, wherever they are."""

    async def subscribe(self, conference_id: str, subscriber: Subscriber) -> None:
        """From its return, every event published anywhere reaches ``subscriber``
        (or a ``resync`` tells it to read what it missed)."""

    def unsubscribe(self, conference_id: str, subscriber: Subscriber) -> None: ...


class _Subscribers:
    """The subscribers of each room in this process."""

    def __init__(self) -> None:
        self.rooms: dict[str, list[Subscriber]] = {}

    def add(self, conference_id: str, subscriber: Subscriber) -> None:
        self.rooms.setdefault(conference_id, []).append(subscriber)

    def remove(self, conference_id: str, subscriber: Subscriber) -> None:
        subscribers = self.rooms.get(conference_id, [])
        if subscriber in subscribers:
            subscribers.remove(subscriber)
        if not subscribers:
            self.rooms.pop(conference_id, None)

    def deliver(self, event: Announced) -> None:
        for subscriber in list(self.rooms.get(event.conference_id, ())):
            subscriber.receive(event)

    def resync(self, conference_id: str) -> None:
        for subscriber in list(self.rooms.get(conference_id, ())):
            subscriber.resync()


class InProcessBroker:
    """One process: a room's subscribers are called as the event is published."""

    def __init__(self) -> None:
        self._subscribers = _Subscribers()

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        self._subscribers.rooms.clear()

    async def ping(self) -> bool:
        return True

    def publish(self, event: Announced) -> None:
        self._subscribers.deliver(event)

    async def subscribe(self, conference_id: str, subscriber: Subscriber) -> None:
        self._subscribers.add(conference_id, subscriber)

    def unsubscribe(self, conference_id: str, subscriber: Subscriber) -> None:
        self._subscribers.remove(conference_id, subscriber)


# Waits between reconnecting attempts, doubling from the first to the last.
RECONNECT_FIRST_SECONDS = 0.1
RECONNECT_LAST_SECONDS = 5.0
# How long a hub that starts waits for Redis to confirm its subscription.
SUBSCRIBE_WAIT_SECONDS = 5.0
# A batch of publishes that Redis refuses is tried this many times.
PUBLISH_ATTEMPTS = 5


class RedisBroker:
    """Several processes: Redis pub/sub, one channel per room.

    A process subscribes to a room's channel while a hub of the room lives in
    it (SUBSCRIBE with the first local subscriber, UNSUBSCRIBE after the
    last), so each process hears only the rooms it serves. Events committed
    here reach the local subscribers at once and the other processes through
    Redis; a process skips its own messages. One task publishes, in order, in
    pipelined batches; one task reads the subscription.

    Redis pub/sub keeps nothing: a process that loses its connection
    reconnects, subscribes again, and every subscription Redis confirms (but
    the first, which a starting hub waits for) tells the room's subscribers to
    ``resync``: they read from the database what they missed. An event whose
    publish failed is tried again, then dropped: the other processes read it
    from the database when the room's next event arrives (`room.hub`)."""

    def __init__(self, url: str, channel_prefix: str) -> None:
        self._client = redis.Redis.from_url(url)
        self._prefix = f"{channel_prefix}room:"
        # Messages of this process come back from Redis: skipped.
        self._origin = uuid.uuid4().hex
        self._subscribers = _Subscribers()
        self._outbox: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self._pubsub: PubSub | None = None  # while connected
        self._subscribed: set[str] = set()
        # Subscribing and unsubscribing run one at a time, so a room's last
        # UNSUBSCRIBE and the next SUBSCRIBE reach Redis in their order.
        self._commands = asyncio.Lock()
        self._confirmations: dict[str, asyncio.Future[None]] = {}
        self._has_rooms = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._spawn(self._read())
        self._spawn(self._publish_all())

    async def close(self) -> None:
        await cancel_and_wait(list(self._tasks))
        self._subscribers.rooms.clear()
        await self._client.aclose()

    async def ping(self) -> bool:
        try:
            return bool(await self._client.ping())
        except (RedisError, OSError) as error:
            log.warning("Redis does not answer a ping (%s)", error)
            return False

    def _spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _channel(self, conference_id: str) -> str:
        return self._prefix + conference_id

    # Publishing

    def publish(self, event: Announced) -> None:
        self._subscribers.deliver(event)
        header = {
            "origin": self._origin,
            "conference_id": event.conference_id,
            "seq": event.seq,
            "event": event.event,
            "audience": event.audience,
            "member_id": event.member_id,
        }
        # The frame, made once by the journal, travels as it is; the event's
        # data is read back from it.
        message = json.dumps(header, separators=(",", ":")) + "\n" + event.frame
        self._outbox.put_nowait((self._channel(event.conference_id), message))

    async def _publish_all(self) -> None:
        while True:
            batch = [await self._outbox.get()]
            while not self._outbox.empty():
                batch.append(self._outbox.get_nowait())
            await self._publish_batch(batch)

    async def _publish_batch(self, batch: list[tuple[str, str]]) -> None:
        wait = RECONNECT_FIRST_SECONDS
        for attempt in range(1, PUBLISH_ATTEMPTS + 1):
            try:
                async with self._client.pipeline(transaction=False) as pipe:
                    for channel, message in batch:
                        pipe.publish(channel, message)
                    await pipe.execute()
                return
            except (RedisError, OSError) as error:
                if attempt == PUBLISH_ATTEMPTS:
                    log.error("Redis refused %d room events: dropped (%s)", len(batch), error)
                    return
                log.warning("publishing to Redis failed (%s); trying again", error)
                await asyncio.sleep(wait)
                wait = min(wait * 2, RECONNECT_LAST_SECONDS)

    # Subscribing

    async def subscribe(self, conference_id: str, subscriber: Subscriber) -> None:
        self._subscribers.add(conference_id, subscriber)
        self._has_rooms.set()
        confirmed = await self._follow(conference_id)
        if confirmed is not None:
            try:
                async with asyncio.timeout(SUBSCRIBE_WAIT_SECONDS):
                    await asyncio.shield(confirmed)
            except TimeoutError:
                # The reader reconnects if the connection is gone; its
                # subscription then resyncs the room.
                log.warning("Redis did not confirm the subscription to room %s", conference_id)

    def unsubscribe(self, conference_id: str, subscriber: Subscriber) -> None:
        self._subscribers.remove(conference_id, subscriber)
        if conference_id not in self._subscribers.rooms:
            self._spawn(self._unfollow(conference_id))

    async def _follow(self, conference_id: str) -> asyncio.Future[None] | None:
        """Subscribes to the room's channel if this process has not; the
        confirmation to wait for, if a SUBSCRIBE was sent."""
        channel = self._channel(conference_id)
        async with self._commands:
            pubsub = self._pubsub
            if pubsub is None or channel in self._subscribed:
                # Not connected: the reader subscribes to it on connecting.
                return self._confirmations.get(channel)
            confirmed = asyncio.get_running_loop().create_future()
            self._confirmations[channel] = confirmed
            self._subscribed.add(channel)
            try:
                await pubsub.subscribe(channel)
            except (RedisError, OSError) as error:
                log.warning("subscribing to room %s failed (%s)", conference_id, error)
                return None
            return confirmed

    async def _unfollow(self, conference_id: str) -> None:
        channel = self._channel(conference_id)
        async with self._commands:
            pubsub = self._pubsub
            if conference_id in self._subscribers.rooms or channel not in self._subscribed:
                return
            self._subscribed.discard(channel)
            if pubsub is not None:
                try:
                    await pubsub.unsubscribe(channel)
                except (RedisError, OSError) as error:
                    log.warning("unsubscribing from room %s failed (%s)", conference_id, error)

    # Reading

    async def _read(self) -> None:
        wait = RECONNECT_FIRST_SECONDS
        while True:
            await self._has_rooms.wait()
            pubsub = self._client.pubsub()
            try:
                await self._connect(pubsub)
                wait = RECONNECT_FIRST_SECONDS
                while True:
                    message = await pubsub.get_message(timeout=None)
                    if message is not None:
                        self._handle(message)
            except (RedisError, OSError) as error:
                log.warning("the Redis broker lost its connection (%s); reconnecting", error)
            finally:
                self._pubsub = None
                self._subscribed.clear()
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
            if not self._subscribers.rooms:
                self._has_rooms.clear()
            await asyncio.sleep(wait)
            wait = min(wait * 2, RECONNECT_LAST_SECONDS)

    async def _connect(self, pubsub: PubSub) -> None:
        """Subscribes to every room this process serves; from then on,
        subscribing goes through ``pubsub``."""
        async with self._commands:
            channels = {self._channel(conference_id) for conference_id in self._subscribers.rooms}
            await pubsub.ping()
            if channels:
                await pubsub.subscribe(*channels)
            self._subscribed = channels
            self._pubsub = pubsub

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "subscribe":
            channel = message["channel"].decode()
            confirmed = self._confirmations.pop(channel, None)
            if confirmed is not None and not confirmed.done():
                confirmed.set_result(None)
            else:
                self._subscribers.resync(channel.removeprefix(self._prefix))
        elif kind == "message":
            header_line, frame = message["data"].decode().split("\n", 1)
            header = json.loads(header_line)
            if header["origin"] == self._origin:
                return
            self._subscribers.deliver(
                Announced(
                    conference_id=header["conference_id"],
                    seq=header["seq"],
                    event=header["event"],
                    audience=header["audience"],
                    member_id=header["member_id"],
                    data=json.loads(frame)["data"],
                    frame=frame,
                )
            )


def broker_for(settings: Settings) -> Broker:
    url = settings.broker_url
    if not url:
        return InProcessBroker()
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("WEBINARIUM_BROKER_URL: a redis://, rediss:// or unix:// URL, or empty")
    return RedisBroker(url, settings.broker_channel_prefix)
