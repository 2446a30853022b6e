"""The chat allowance's rule, in this process and in Redis alike: a burst, then
one more per refill, never more than the burst saved up; a message given back
is one to send again. Time is the test's clock."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.room.conftest import RedisServer
from webinarium.room.allowance import Allowance, LocalAllowance, RedisAllowance
from webinarium.settings import Settings

BURST = 3
REFILL = 2.0


class Clock:
    def __init__(self) -> None:
        # Wall-clock-like, as Redis keys expire on Redis's own clock.
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


async def _takes(allowance: Allowance, count: int) -> list[bool]:
    return [await allowance.take("room", "ann") for _ in range(count)]


async def _walk(allowance: Allowance, clock: Clock) -> None:
    assert await _takes(allowance, BURST + 1) == [True] * BURST + [False]
    # Another member, or the same member in another room, has their own.
    assert await allowance.take("room", "bea") is True
    assert await allowance.take("other room", "ann") is True
    clock.now += REFILL
    assert await _takes(allowance, 2) == [True, False]
    await allowance.give_back("room", "ann")
    assert await _takes(allowance, 2) == [True, False]
    clock.now += REFILL / 2
    assert await allowance.take("room", "ann") is False
    # Long quiet saves up one burst, no more.
    clock.now += 100 * REFILL
    assert await _takes(allowance, BURST + 1) == [True] * BURST + [False]
    await allowance.close()


@pytest.fixture
def allowance_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"room_chat_burst": BURST, "room_chat_refill_seconds": REFILL}
    )


def test_the_allowance_kept_in_this_process(allowance_settings: Settings) -> None:
    clock = Clock()
    asyncio.run(_walk(LocalAllowance(allowance_settings, clock), clock))


def test_the_allowance_kept_in_redis(
    allowance_settings: Settings, shared_redis: RedisServer
) -> None:
    clock = Clock()
    prefix = f"test-{uuid.uuid4().hex}:"

    async def walk() -> None:
        await _walk(RedisAllowance(shared_redis.url, prefix, allowance_settings, clock), clock)

    asyncio.run(walk())
