"""A moment as a page shows it: ``<time datetime="…Z">`` in UTC for the
browser, with the text on the conference's own clock; static/landing.js
rewrites the text in the visitor's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from webinarium.kit.time import iso_utc
from webinarium.pages.i18n import DEFAULT_LANGUAGE, shown_moment


@dataclass(frozen=True)
class ShownTime:
    iso_utc: str
    text: str


def shown_time(moment: datetime, zone_name: str, language: str = DEFAULT_LANGUAGE) -> ShownTime:
    return ShownTime(iso_utc=iso_utc(moment), text=shown_moment(moment, zone_name, language))
