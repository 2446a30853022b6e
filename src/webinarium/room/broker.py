"""The broker: how every process serving a room hears the room's events.

A committed event (`live.journal.announcer`) is published to the broker by the
process that committed it; the broker hands it to every subscriber of its
room, in this process and (with Redis, the next step) in the others. The hub
of each room (`room.hub`) puts the events back in ``seq`` order and drops
repeats, so a broker need not guarantee either.

`InProcessBroker` serves one process: publishing is calling the room's
subscribers. `broker_for(settings)` picks the broker the settings name
(``WEBINARIUM_BROKER_URL``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from webinarium.live.journal import Announced
from webinarium.settings import Settings

Subscriber = Callable[[Announced], None]


class Broker(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...

    def publish(self, event: Announced) -> None:
        """Hands a committed event to its room's subscribers, wherever they are."""

    def subscribe(self, conference_id: str, subscriber: Subscriber) -> None: ...

    def unsubscribe(self, conference_id: str, subscriber: Subscriber) -> None: ...


class InProcessBroker:
    """One process: a room's subscribers are called as the event is published."""

    def __init__(self) -> None:
        self._rooms: dict[str, list[Subscriber]] = {}

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        self._rooms.clear()

    def publish(self, event: Announced) -> None:
        for subscriber in list(self._rooms.get(event.conference_id, ())):
            subscriber(event)

    def subscribe(self, conference_id: str, subscriber: Subscriber) -> None:
        self._rooms.setdefault(conference_id, []).append(subscriber)

    def unsubscribe(self, conference_id: str, subscriber: Subscriber) -> None:
        subscribers = self._rooms.get(conference_id, [])
        if subscriber in subscribers:
            subscribers.remove(subscriber)
        if not subscribers:
            self._rooms.pop(conference_id, None)


def broker_for(settings: Settings) -> Broker:
    if settings.broker_url:
        raise ValueError(
            "WEBINARIUM_BROKER_URL: only the in-process broker exists yet; leave it empty"
        )
    return InProcessBroker()
