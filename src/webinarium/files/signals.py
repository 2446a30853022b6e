"""How a committed `fetch_later` reaches the fetchers of this process, on their
own event loops, whatever thread committed it (`kit.signals`). A process with
no fetcher (the CLI) leaves the file ``fetching``; the next server to start
fetches it (files/tasks.py)."""

from __future__ import annotations

from webinarium.kit.signals import LoopSignal

# The id of each file to fetch.
fetch_requests: LoopSignal[str] = LoopSignal()
