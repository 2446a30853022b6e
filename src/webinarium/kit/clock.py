"""The clock the server's background work reads (the worker's retry times, the
scheduler's due work): the system's in production, one a test moves forward.

Code that waits for a time to come waits on ``changed`` as well as on the real
seconds, so a test that moves a `MovableClock` wakes it at once instead of
sleeping until the time has really come.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from webinarium.kit.signals import LoopSignal
from webinarium.kit.time import utcnow


class Clock(Protocol):
    # Sends the new time whenever the clock jumps (never for a clock that only runs).
    changed: LoopSignal[datetime]

    def now(self) -> datetime: ...


class SystemClock:
    def __init__(self) -> None:
        self.changed: LoopSignal[datetime] = LoopSignal()

    def now(self) -> datetime:
        return utcnow()


class MovableClock:
    """The system's time plus an offset that only grows (`advance`): what the
    server does "now" (a job asked for at once, a row's ``created_at``) is never
    ahead of it, and a test moves it to a reminder's time or past a retry's."""

    def __init__(self) -> None:
        self._offset = timedelta()
        self.changed: LoopSignal[datetime] = LoopSignal()

    def now(self) -> datetime:
        return utcnow() + self._offset

    def advance(self, by: timedelta) -> datetime:
        if by < timedelta():
            raise ValueError("the clock only moves forward")
        self._offset += by
        moment = self.now()
        self.changed.send(moment)
        return moment

    def advance_to(self, moment: datetime) -> datetime:
        """Moves to ``moment`` (or stays, if it is already past)."""
        return self.advance(max(moment - self.now(), timedelta()))
