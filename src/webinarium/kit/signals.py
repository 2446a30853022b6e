"""A signal across event loops: what one thread or loop commits reaches every
listener of the process, each called on its own event loop (the app's) — the
way committed room events reach the hubs (`live.journal.announcer`) and
committed fetches the fetchers (`files.signals.fetch_requests`)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class LoopSignal(Generic[T]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[tuple[asyncio.AbstractEventLoop, Callable[[T], None]]] = []

    def listen(self, loop: asyncio.AbstractEventLoop, listener: Callable[[T], None]) -> None:
        with self._lock:
            self._listeners.append((loop, listener))

    def forget(self, listener: Callable[[T], None]) -> None:
        with self._lock:
            self._listeners = [(lp, ls) for lp, ls in self._listeners if ls != listener]

    def send(self, value: T) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for loop, listener in listeners:
            if not loop.is_closed():
                loop.call_soon_threadsafe(listener, value)
