"""Schedule rules: when a conference starts if nobody says, and how local times resolve."""

from __future__ import annotations

from datetime import datetime, timedelta

from webinarium.kit.time import zone

DEFAULT_DURATION_MINUTES = 60
MIN_DURATION_MINUTES = 1
# A session fits in one day: MyOwnConference accepts up to 1439 minutes. Dialects
# with a lower limit check it themselves (BigMarker: 720, api/bigmarker/inputs.py).
MAX_DURATION_MINUTES = 1439


def next_half_hour(now: datetime, time_zone: str) -> datetime:
    """The closest upcoming :00 or :30 on the wall clock of ``time_zone``
    (18:47 → 19:00, 21:13 → 21:30, 19:00:00 → 19:00). Zones with odd offsets
    (Kathmandu, +05:45) get a half hour of their own clock, not of UTC's."""
    local = now.astimezone(zone(time_zone))
    floor = local.replace(minute=local.minute - local.minute % 30, second=0, microsecond=0)
    return floor if floor == local else floor + timedelta(minutes=30)


def resolve_local(moment: datetime, time_zone: str) -> datetime:
    """A naive datetime is a wall-clock time in ``time_zone``; an aware one is kept."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone(time_zone))
    return moment
