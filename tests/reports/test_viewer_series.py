"""Concurrent viewers over time (`reports.summary.viewer_series`), a pure
sweep over each person's merged stays, checked against counting by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from webinarium.reports.attendance import Interval
from webinarium.reports.summary import MAX_SAMPLES, sample_step, viewer_series

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def by_hand(stays: list[list[Interval]], moment: datetime) -> int:
    return sum(1 for person in stays for start, end in person if start <= moment < end)


def test_no_stays_no_samples() -> None:
    series = viewer_series([])
    assert (series.samples, series.peak, series.peak_at) == ([], 0, None)
    assert viewer_series([[(at(5), at(5))]]).samples == []  # a stay of an instant


def test_peak_and_samples_of_a_small_room() -> None:
    stays = [
        [(at(0), at(30)), (at(40), at(50))],  # Ann, twice
        [(at(10), at(45))],  # Bea
        [(at(30), at(35))],  # Cid enters as Ann leaves: never three
    ]
    series = viewer_series(stays)
    assert series.step_seconds == 1
    assert (series.peak, series.peak_at) == (2, at(10))
    assert len(series.samples) == 50
    for sample in series.samples:
        assert sample.viewers == by_hand(stays, sample.at)
    assert [s.at for s in series.samples] == [at(i) for i in range(50)]


def test_a_sample_keeps_a_peak_shorter_than_its_step() -> None:
    # An hour in fifteen-second steps; a crowd of three for two seconds.
    stays = [[(at(0), at(3600))], [(at(100), at(102))], [(at(101), at(103))]]
    series = viewer_series(stays)
    assert series.step_seconds == sample_step(timedelta(hours=1)) == 15
    assert len(series.samples) == 240 == MAX_SAMPLES
    (crowded,) = [s for s in series.samples if s.viewers == 3]
    assert crowded.at == at(90)
    assert (series.peak, series.peak_at) == (3, at(101))
    assert all(s.viewers == 1 for s in series.samples if s is not crowded)


def test_samples_start_at_round_times() -> None:
    stays = [[(at(7.25), at(9.5))], [(at(8.75), at(12))]]
    series = viewer_series(stays)
    assert series.step_seconds == 1
    assert [s.at for s in series.samples] == [at(i) for i in range(7, 12)]
    assert [s.viewers for s in series.samples] == [1, 2, 2, 1, 1]
    assert (series.peak, series.peak_at) == (2, at(8.75))
