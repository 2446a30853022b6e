"""Time helpers: everything is stored in UTC, shown in a zone chosen by the caller."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utcnow() -> datetime:
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; raises ``KeyError`` for unknown names."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise KeyError(name) from exc


def is_zone(name: str) -> bool:
    try:
        zone(name)
    except KeyError:
        return False
    return True
