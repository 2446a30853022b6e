"""What the recordings domain hands out besides its rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# A recording's status: its MP4 being made, made (the only one watched and
# counted), or not made (its recording session keeps why).
PROCESSING, READY, FAILED = "processing", "ready", "failed"


@dataclass(frozen=True)
class Watched:
    """One person's on-demand views of a conference's recordings."""

    views: int
    seconds: int
    first_at: datetime
