"""kit.time: the wall clock listings show."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from webinarium.kit.time import (
    EARLIEST,
    LATEST,
    MAX_UNIX_SECONDS,
    TimeRefused,
    is_date_alone,
    offset_minutes,
    on_clock,
    parse_day,
    parse_moment,
    shifted,
    wall_clock,
    zone,
)

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


# The one reading of a time a client sends (issue 10, item 5).


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2030-01-01 15:00", datetime(2030, 1, 1, 15, 0)),
        ("2030-1-5 3:04:05", datetime(2030, 1, 5, 3, 4, 5)),
        ("2030-01-01T15:00:00.25", datetime(2030, 1, 1, 15, 0, 0, 250000)),
        ("2030-01-01", datetime(2030, 1, 1)),
        ("2024-010-30", datetime(2024, 10, 30)),  # BigMarker's own example
        ("2030-01-01T15:00Z", datetime(2030, 1, 1, 15, 0, tzinfo=UTC)),
        (
            "2030-01-01 15:00:00+05:45",
            datetime(2030, 1, 1, 15, 0, tzinfo=timezone(timedelta(hours=5, minutes=45))),
        ),
        ("2030-01-01T15:00-0300", datetime(2030, 1, 1, 15, tzinfo=timezone(timedelta(hours=-3)))),
        ("1548893746", datetime(2019, 1, 31, 0, 15, 46, tzinfo=UTC)),
        ("0", datetime(1970, 1, 1, tzinfo=UTC)),
        (str(MAX_UNIX_SECONDS), datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("1970-01-01 00:00", EARLIEST),
        ("2100-12-31 23:59:59", LATEST),
        # The range is read on the clock a time is written on.
        (
            "2100-12-31T23:59:59-12:00",
            datetime(2100, 12, 31, 23, 59, 59, tzinfo=timezone(-timedelta(hours=12))),
        ),
    ],
)
def test_parse_moment_reads(text: str, expected: datetime) -> None:
    parsed = parse_moment(text)
    assert parsed == expected
    assert parsed.tzinfo == expected.tzinfo


@pytest.mark.parametrize(
    "text",
    [
        "9999-12-31 23:59",
        "0001-01-01 00:00",
        "1969-12-31 23:59:59",
        "2101-01-01 00:00",
        str(MAX_UNIX_SECONDS + 1),
        "99999999999999",
        "-1",
        "²",
        "١٢٣",  # Arabic-Indic digits, which int() reads as 123
        "٢٠٣٠-٠١-٠١ ١٠:٠٠",
        "2030-01-01 15:00+15:00",
        "2030-01-01 15:00+02:60",
        "2030-02-30 10:00",
        "2030-01-01 24:00",
        "2030-01-01 15",
        "1_000",
        "tomorrow",
        "",
    ],
)
def test_parse_moment_refuses(text: str) -> None:
    with pytest.raises(TimeRefused, match="must be"):
        parse_moment(text)


def test_parse_day_reads_dates_within_the_range_it_is_given() -> None:
    assert parse_day("2030-01-31") == date(2030, 1, 31)
    assert parse_day("2030-01-31 10:00:00") == date(2030, 1, 31)
    assert parse_day("2100-12-31") == date(2100, 12, 31)
    for refused in ("2101-01-01", "1969-12-31", "9999-12-31", "٢٠٣٠-٠١-٠١", "31.01.2030"):
        with pytest.raises(TimeRefused):
            parse_day(refused)
    born = {"earliest": date(1900, 1, 1), "latest": date(2020, 1, 1), "day_first": True}
    assert parse_day("31.12.1950", **born) == date(1950, 12, 31)
    assert parse_day("31/12/1950", **born) == date(1950, 12, 31)
    for refused in ("1899-12-31", "2020-01-02", "01.01.0001"):
        with pytest.raises(TimeRefused):
            parse_day(refused, **born)


def test_is_date_alone() -> None:
    assert is_date_alone("2030-01-31")
    assert is_date_alone("2024-010-30")
    assert not is_date_alone("2030-01-31 10:00")
    assert not is_date_alone("1548893746")
    assert not is_date_alone("٢٠٣٠-٠١-٠١")


# Rows stored before the range was enforced are shown, never a failure.


def test_the_first_and_last_moments_datetime_holds_are_shown_on_any_clock() -> None:
    first = datetime.min.replace(tzinfo=UTC)
    last = datetime.max.replace(tzinfo=UTC)
    assert wall_clock(first, "Pacific/Honolulu") == "0001-01-01 00:00"
    assert wall_clock(last, "Asia/Tokyo", seconds=True) == "9999-12-31 23:59:59"
    assert wall_clock(last, "Pacific/Honolulu") == "9999-12-31 13:59"
    assert offset_minutes("UTC+14:00", last) == 0
    assert on_clock(first, "UTC-10:00") == first


def test_shifted_holds_at_the_limits() -> None:
    first = datetime.min.replace(tzinfo=UTC)
    last = datetime.max.replace(tzinfo=UTC)
    assert shifted(first, -timedelta(hours=1)) == first
    assert shifted(last, timedelta(days=3)) == last
    assert shifted(first, timedelta(hours=1)) == first + timedelta(hours=1)
