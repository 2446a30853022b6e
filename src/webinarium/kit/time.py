"""Time helpers: everything is stored in UTC, shown in a zone chosen by the caller.

The one reading of a time a client sends is here (`parse_moment`, `parse_day`),
with the range every dialect accepts: from 1970-01-01 00:00:00 to 2100-12-31
23:59:59, as written (on the clock it is written on; Unix seconds are UTC). A
time outside it is refused, so that no later step (a zone's offset, a duration
added, an early entry taken off) can leave what ``datetime`` and the databases
hold. Only the digits 0-9 are digits: ``str.isdigit`` and ``int`` also take "²"
and Arabic-Indic digits.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# "UTC+05:45", "UTC-03:00": a fixed offset, for dialects that only know one
# (MyOwnConference's profile stores its time zone as minutes from GMT).
_FIXED = re.compile(r"UTC([+-])([0-9]{2}):([0-9]{2})")


# The accepted range, as written (see the module's docstring).
EARLIEST = datetime(1970, 1, 1)
LATEST = datetime(2100, 12, 31, 23, 59, 59)
RANGE_TEXT = "between 1970-01-01 00:00 and 2100-12-31 23:59"
MAX_UNIX_SECONDS = int(LATEST.replace(tzinfo=UTC).timestamp())
# The largest offset from UTC any zone has (Kiribati's +14:00).
MAX_OFFSET = timedelta(hours=14)

_UNIX_SECONDS = re.compile(r"[0-9]{1,12}")
# Month and day of one to three digits: BigMarker's own example is "2024-010-30".
_DATE = r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,3})-(?P<day>[0-9]{1,3})"
# "2030-01-01 15:00", "2030-01-01T15:00:00.5+02:00", "2030-01-01 15:00:00Z"…
_MOMENT = re.compile(
    _DATE + r"(?:[T ](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]{1,6})[0-9]*)?)?"
    r" ?(?P<offset>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?",
    re.IGNORECASE,
)
# A date written day first: "31.12.1980", "31/12/1980".
_DAY_FIRST = re.compile(r"(?P<day>[0-9]{1,2})[./](?P<month>[0-9]{1,2})[./](?P<year>[0-9]{4})")


class TimeRefused(ValueError):
    """A time that is not one, or is outside the accepted range; the message says
    what is accepted (each caller puts the parameter's name before it)."""


def _offset(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text.upper() == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    if offset > MAX_OFFSET or int(digits[2:] or 0) >= 60:
        raise ValueError(text)
    return timezone(-offset if text[0] == "-" else offset)


def in_range(moment: datetime) -> bool:
    """Whether the date and time ``moment`` is written as (on its own clock) are
    in the accepted range."""
    return EARLIEST <= moment.replace(tzinfo=None) <= LATEST


def unix_moment(text: str) -> datetime:
    """Unix seconds written in 0-9, within the accepted range."""
    text = text.strip()
    if not _UNIX_SECONDS.fullmatch(text) or int(text) > MAX_UNIX_SECONDS:
        raise TimeRefused(f"must be Unix seconds from 0 to {MAX_UNIX_SECONDS}")
    return datetime.fromtimestamp(int(text), UTC)


def parse_moment(text: str, *, example: str = "2030-01-01 15:00") -> datetime:
    """The one reading of a time a client sends: Unix seconds (UTC), or a date and
    time "YYYY-MM-DD HH:MM[:SS]" or ISO 8601 ("T", fractions, "Z" or an offset).
    Without an offset it is a wall-clock time, returned naive: the caller knows
    the zone it is read in. A date alone is its midnight. Raises `TimeRefused`."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return unix_moment(text)
    found = _MOMENT.fullmatch(text) if text.isascii() else None
    refusal = f'must be a date and time like "{example}", {RANGE_TEXT}'
    if found is None:
        raise TimeRefused(refusal)
    parts = found.groupdict()
    try:
        moment = datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            int((parts["fraction"] or "0").ljust(6, "0")),
            tzinfo=_offset(parts["offset"]),
        )
    except ValueError:  # no such day or hour, or no such offset
        raise TimeRefused(refusal) from None
    if not in_range(moment):
        raise TimeRefused(refusal)
    return moment


def parse_day(
    text: str,
    *,
    earliest: date = EARLIEST.date(),
    latest: date = LATEST.date(),
    day_first: bool = False,
) -> date:
    """A date: "YYYY-MM-DD" (a date and time is read by its date), and with
    ``day_first`` also "DD.MM.YYYY" and "DD/MM/YYYY" (dates of birth, as forms in
    Europe write them; elsewhere "01.04.2031" is ambiguous). Between ``earliest``
    and ``latest`` (the accepted range unless told); raises `TimeRefused`."""
    text = text.strip()
    refusal = f'must be a date like "2030-01-31", between {earliest} and {latest}'
    found = _MOMENT.fullmatch(text) if text.isascii() else None
    if found is None and day_first and text.isascii():
        found = _DAY_FIRST.fullmatch(text)
    if found is None:
        raise TimeRefused(refusal)
    try:
        day = date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        raise TimeRefused(refusal) from None
    if not earliest <= day <= latest:
        raise TimeRefused(refusal)
    return day


def is_date_alone(text: str) -> bool:
    """Whether ``text`` is written "YYYY-MM-DD", with no time of day."""
    text = text.strip()
    found = _MOMENT.fullmatch(text) if text.isascii() else None
    return found is not None and found["hour"] is None


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
        if offset > MAX_OFFSET or int(minutes) >= 60:
            raise KeyError(name)
        return timezone(-offset if sign == "-" else offset)
    try:
        return ZoneInfo(name)
    # OSError: a folder of the zone database ("America"), a name too long for a file.
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise KeyError(name) from exc


# Rows stored before the range was enforced may hold times within hours of what
# ``datetime`` can hold (year 1, year 9999). Showing them must not fail: the two
# functions below are total.


def on_clock(moment: datetime, zone_name: str) -> datetime:
    """``moment`` on the clock of zone ``zone_name``; on UTC's when the zone's
    offset would take it past what ``datetime`` holds."""
    try:
        return moment.astimezone(zone(zone_name))
    except OverflowError:
        return moment.astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """``moment`` to the second in UTC: "2022-11-21T05:50:32Z"."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_on_clock(moment: datetime, zone_name: str) -> str:
    """``moment`` to the second on zone ``zone_name``'s clock, with its offset:
    "2022-11-21T13:50:32+08:00" (how BigMarker's reports write their times)."""
    return on_clock(moment, zone_name).isoformat(timespec="seconds")


def shifted(moment: datetime, delta: timedelta) -> datetime:
    """``moment + delta``, held at the first or last moment ``datetime`` holds."""
    try:
        return moment + delta
    except OverflowError:
        limit = datetime.max if delta > timedelta() else datetime.min
        return limit.replace(tzinfo=moment.tzinfo)


def wall_clock(moment: datetime, zone_name: str, *, seconds: bool = False) -> str:
    """``moment`` on the clock of zone ``zone_name``: "YYYY-MM-DD HH:MM", or with
    ":SS". Cut from ``isoformat``, which costs half of ``strftime``: listings
    format several times per row."""
    shown = on_clock(moment, zone_name).isoformat(" ")
    return shown[:19] if seconds else shown[:16]


def fixed_offset_zone(minutes: int) -> str:
    """The zone name of a fixed offset from UTC: 330 → "UTC+05:30"."""
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def offset_minutes(name: str, at: datetime | None = None) -> int:
    """Minutes from UTC of zone ``name`` at ``at`` (now by default)."""
    moment = on_clock(at or utcnow(), name)
    offset = moment.utcoffset() or timedelta()
    return int(offset.total_seconds() // 60)


def is_zone(name: str) -> bool:
    try:
        zone(name)
    except KeyError:
        return False
    return True
