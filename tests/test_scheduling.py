"""The half-hour rule for conferences created without a start time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from webinarium.conferences.scheduling import next_half_hour


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("18:47", "19:00"),
        ("21:13", "21:30"),
        ("19:00", "19:00"),
        ("23:31", "00:00"),
    ],
)
def test_next_half_hour_on_the_conference_clock(now: str, expected: str) -> None:
    hour, minute = map(int, now.split(":"))
    moment = datetime(2030, 3, 4, hour, minute, tzinfo=UTC)
    assert next_half_hour(moment, "UTC").strftime("%H:%M") == expected


def test_next_half_hour_follows_zones_with_odd_offsets() -> None:
    # 12:00 UTC is 17:45 in Kathmandu (+05:45): the next half hour there is 18:00.
    moment = datetime(2030, 3, 4, 12, 0, tzinfo=UTC)
    local = next_half_hour(moment, "Asia/Kathmandu")
    assert local.strftime("%H:%M") == "18:00"
    assert local.astimezone(UTC).strftime("%H:%M") == "12:15"
