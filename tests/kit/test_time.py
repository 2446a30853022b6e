"""kit.time: the wall clock listings show."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from webinarium.kit.time import wall_clock, zone

MOMENTS = [
    datetime(2031, 1, 1, tzinfo=UTC),
    # With microseconds, and around Europe's switches to and from summer time.
    datetime(2031, 3, 30, 0, 59, 59, 123456, tzinfo=UTC),
    datetime(2031, 10, 26, 1, 0, tzinfo=UTC),
]


@pytest.mark.parametrize(
    "zone_name", ["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "UTC-03:30"]
)
def test_wall_clock_is_what_strftime_shows(zone_name: str) -> None:
    for moment in MOMENTS:
        local = moment.astimezone(zone(zone_name))
        assert wall_clock(moment, zone_name) == local.strftime("%Y-%m-%d %H:%M")
        assert wall_clock(moment, zone_name, seconds=True) == local.strftime("%Y-%m-%d %H:%M:%S")


def test_an_unknown_zone_is_refused_every_time() -> None:
    for _ in range(2):
        with pytest.raises(KeyError):
            zone("Mars/Olympus_Mons")
