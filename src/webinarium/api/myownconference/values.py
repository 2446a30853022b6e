"""MyOwnConference value conventions: YES/NO flags in any case, numbers as
strings, times "YYYY-MM-DD HH:MM:SS" on the profile's clock."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator

from webinarium.kit.time import zone

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _yes_no(value: Any) -> Any:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("yes", "y", "true", "1", "on"):
            return True
        if word in ("no", "n", "false", "0", "off"):
            return False
        raise ValueError("must be YES or NO")
    return value


YesNo = Annotated[bool, BeforeValidator(_yes_no)]


def yes_no(flag: bool) -> str:
    return "YES" if flag else "NO"


def local_time(moment: datetime | None, time_zone: str) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(zone(time_zone)).strftime(TIME_FORMAT)
