"""Time helpers: everything is stored in UTC, shown in a zone chosen by the caller."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# "UTC+05:45", "UTC-03:00": a fixed offset, for dialects that only know one
# (MyOwnConference's profile stores its time zone as minutes from GMT).
_FIXED = re.compile(r"UTC([+-])(\d{2}):(\d{2})")


def utcnow() -> datetime:
    return datetime.now(UTC)


# Listings ask for the zone of every row they show: one object per name, kept.
# Only names that name a zone are kept (a refusal raises), so the cache holds at
# most the IANA names and the fixed offsets.
@functools.lru_cache(maxsize=4096)
def zone(name: str) -> tzinfo:
    """The IANA zone called ``name``, or a fixed offset written "UTC+05:45";
    raises ``KeyError`` for anything else."""
    fixed = _FIXED.fullmatch(name)
    if fixed:
        sign, hours, minutes = fixed.groups()
        offset = timedelta(hours=int(hours), minutes=int(minutes))
        if offset > timedelta(hours=14) or int(minutes) >= 60:
            raise KeyError(name)
        return timezone(-offset if sign == "-" else offset)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise KeyError(name) from exc


def wall_clock(moment: datetime, zone_name: str, *, seconds: bool = False) -> str:
    """``moment`` on the clock of zone ``zone_name``: "YYYY-MM-DD HH:MM", or with
    ":SS". Cut from ``isoformat``, which costs half of ``strftime``: listings
    format several times per row."""
    shown = moment.astimezone(zone(zone_name)).isoformat(" ")
    return shown[:19] if seconds else shown[:16]


def fixed_offset_zone(minutes: int) -> str:
    """The zone name of a fixed offset from UTC: 330 → "UTC+05:30"."""
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def offset_minutes(name: str, at: datetime | None = None) -> int:
    """Minutes from UTC of zone ``name`` at ``at`` (now by default)."""
    moment = (at or utcnow()).astimezone(zone(name))
    offset = moment.utcoffset() or timedelta()
    return int(offset.total_seconds() // 60)


def is_zone(name: str) -> bool:
    try:
        zone(name)
    except KeyError:
        return False
    return True
