"""What the recordings domain hands out besides its rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Watched:
    """One person's on-demand views of a conference's recordings."""

    views: int
    seconds: int
    first_at: datetime
