"""The chat allowance: how many messages (and questions) a member may send.

A burst of ``room_chat_burst`` at once, then one more every
``room_chat_refill_seconds``: a token bucket, kept as the one moment its
member's allowance is whole again (`spend`, the rule, written once). Where
that moment is kept depends on the broker: in this process with the
in-process broker (`LocalAllowance`), in Redis when several processes serve the
rooms (`RedisAllowance`), so a member's allowance is one whichever process
their sockets reach. `allowance_for(settings)` picks it as `broker_for` picks
the broker.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Protocol

import redis.asyncio as redis
from redis.exceptions import RedisError, WatchError

from webinarium.settings import Settings

log = logging.getLogger(__name__)

Clock = Callable[[], float]
# Members kept by a local allowance before those whose allowance is whole
# again are dropped.
LOCAL_KEEP = 10_000
# A Redis that does not answer in this long is as good as away.
REDIS_WAIT_SECONDS = 1.0


def spend(whole_at: float | None, now: float, cost: float, capacity: float) -> float | None:
    """The moment the allowance is whole again after spending ``cost`` seconds
    of it (one message costs the refill; a negative cost gives one back), or
    None when that would take more than ``capacity`` (the burst's worth)."""
    after = max(whole_at or now, now) + cost
    if cost > 0 and after - now > capacity:
        return None
    return max(after, now)


class Allowance(Protocol):
    async def take(self, conference_id: str, member_id: str) -> bool:
        """Takes one message of the member's allowance; False when none is left."""

    async def give_back(self, conference_id: str, member_id: str) -> None:
        """Gives back a message taken for one that was refused (a lock)."""

    async def close(self) -> None: ...


class LocalAllowance:
    """This process's members' allowances, in memory."""

    def __init__(self, settings: Settings, clock: Clock = time.monotonic) -> None:
        self._cost = settings.room_chat_refill_seconds
        self._capacity = settings.room_chat_burst * settings.room_chat_refill_seconds
        self._clock = clock
        self._whole_at: dict[tuple[str, str], float] = {}

    async def take(self, conference_id: str, member_id: str) -> bool:
        return self._spend((conference_id, member_id), self._cost)

    async def give_back(self, conference_id: str, member_id: str) -> None:
        self._spend((conference_id, member_id), -self._cost)

    def _spend(self, key: tuple[str, str], cost: float) -> bool:
        now = self._clock()
        after = spend(self._whole_at.get(key), now, cost, self._capacity)
        if after is None:
            return False
        if len(self._whole_at) >= LOCAL_KEEP:
            self._whole_at = {k: at for k, at in self._whole_at.items() if at > now}
        self._whole_at[key] = after
        return True

    async def close(self) -> None:
        self._whole_at.clear()


class RedisAllowance:
    """Every process's members' allowances, in Redis: one key per member and
    room (``<prefix>chat:<conference id>:<member id>``) holding the moment the
    allowance is whole again, expiring then. A change is an optimistic
    transaction (WATCH, read, `spend`, MULTI/SET/EXEC, again if another
    process changed the key meanwhile). While Redis cannot be reached, each
    process keeps the allowances itself (`LocalAllowance`): the chat goes on."""

    def __init__(self, url: str, prefix: str, settings: Settings, clock: Clock = time.time) -> None:
        self._client = redis.Redis.from_url(
            url, socket_timeout=REDIS_WAIT_SECONDS, socket_connect_timeout=REDIS_WAIT_SECONDS
        )
        self._prefix = f"{prefix}chat:"
        self._cost = settings.room_chat_refill_seconds
        self._capacity = settings.room_chat_burst * settings.room_chat_refill_seconds
        # Wall-clock time: the processes' clocks agree, their monotonic ones do not.
        self._clock = clock
        self._fallback = LocalAllowance(settings)

    async def take(self, conference_id: str, member_id: str) -> bool:
        try:
            return await self._spend(conference_id, member_id, self._cost)
        except (RedisError, OSError) as error:
            log.warning("the chat allowance in Redis failed (%s): kept here", error)
            return await self._fallback.take(conference_id, member_id)

    async def give_back(self, conference_id: str, member_id: str) -> None:
        try:
            await self._spend(conference_id, member_id, -self._cost)
        except (RedisError, OSError) as error:
            log.warning("the chat allowance in Redis failed (%s): kept here", error)
            await self._fallback.give_back(conference_id, member_id)

    async def _spend(self, conference_id: str, member_id: str, cost: float) -> bool:
        key = f"{self._prefix}{conference_id}:{member_id}"
        async with self._client.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(key)
                    stored = await pipe.get(key)
                    now = self._clock()
                    after = spend(
                        float(stored) if stored is not None else None, now, cost, self._capacity
                    )
                    if after is None:
                        return False
                    pipe.multi()  # type: ignore[no-untyped-call]
                    if after > now:
                        pipe.set(key, repr(after), px=math.ceil((after - now) * 1000))
                    else:
                        pipe.delete(key)
                    await pipe.execute()
                    return True
                except WatchError:
                    continue

    async def close(self) -> None:
        await self._client.aclose()


def allowance_for(settings: Settings) -> Allowance:
    """In Redis when the broker is Redis's (`room.broker.broker_for`), else here."""
    if settings.broker_url:
        return RedisAllowance(settings.broker_url, settings.broker_channel_prefix, settings)
    return LocalAllowance(settings)
