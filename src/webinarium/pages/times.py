"""A moment as a page shows it: ``<time datetime="…Z">`` in UTC for the
browser, with the text on the conference's own clock; static/landing.js
rewrites the text in the visitor's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from webinarium.kit.time import iso_utc, on_clock


@dataclass(frozen=True)
class ShownTime:
    iso_utc: str
    text: str


def shown_time(moment: datetime, zone_name: str) -> ShownTime:
    local = on_clock(moment, zone_name)
    return ShownTime(
        iso_utc=iso_utc(moment),
        text=f"{local:%A %d %B %Y, %H:%M} ({zone_name})",
    )
