"""How a committed `fetch_later` reaches the fetchers of this process, on their
own event loops, whatever thread committed it (the pattern of live.journal's
announcer). A process with no fetcher (the CLI) leaves the file ``fetching``;
the next server to start fetches it (files/tasks.py)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

Listener = Callable[[str], None]


class FetchRequests:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[tuple[asyncio.AbstractEventLoop, Listener]] = []

    def listen(self, loop: asyncio.AbstractEventLoop, listener: Listener) -> None:
        with self._lock:
            self._listeners.append((loop, listener))

    def forget(self, listener: Listener) -> None:
        with self._lock:
            self._listeners = [(lp, ls) for lp, ls in self._listeners if ls != listener]

    def request(self, file_id: str) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for loop, listener in listeners:
            if not loop.is_closed():
                loop.call_soon_threadsafe(listener, file_id)


fetch_requests = FetchRequests()
