"""The report's SVG charts as pure functions: axis ticks, empty data, one
point, escaping, and well-formed SVG (parsed here)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from webinarium.reports.charts import (
    Bar,
    Span,
    bar_chart,
    line_chart,
    time_ticks,
    timeline,
    value_ticks,
)

SVG = "{http://www.w3.org/2000/svg}"
START = datetime(2026, 3, 2, 9, 3, 17, tzinfo=UTC)


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_time_ticks_fall_on_round_times_of_the_zone() -> None:
    # 09:03:17 UTC is 14:33:17 in Kolkata (+05:30): ten-minute ticks from 14:40.
    ticks = time_ticks(START, START + timedelta(minutes=50), "Asia/Kolkata")
    assert [label for _, label in ticks] == ["14:40", "14:50", "15:00", "15:10", "15:20"]
    assert ticks[0][0] == datetime(2026, 3, 2, 9, 10, tzinfo=UTC)
    assert all(b - a == timedelta(minutes=10) for (a, _), (b, _) in pairwise(ticks))
    # Kathmandu (+05:45): the same window, ticks at its own round minutes.
    nepal = time_ticks(START, START + timedelta(minutes=50), "Asia/Kathmandu")
    assert nepal[0][1] == "14:50"


def test_time_ticks_show_seconds_under_a_minute_and_stay_few() -> None:
    ticks = time_ticks(START, START + timedelta(seconds=7), "UTC")
    assert [label for _, label in ticks] == ["09:03:18", "09:03:20", "09:03:22", "09:03:24"]
    for hours in (1, 3, 9, 30):
        many = time_ticks(START, START + timedelta(hours=hours), "Europe/Berlin")
        assert 2 <= len(many) <= 6
        assert all(START <= at <= START + timedelta(hours=hours) for at, _ in many)


def test_value_ticks_reach_a_round_top() -> None:
    assert value_ticks(0) == [0, 1]
    assert value_ticks(1) == [0, 1]
    assert value_ticks(7) == [0, 2, 4, 6, 8]
    assert value_ticks(23) == [0, 5, 10, 15, 20, 25]
    assert value_ticks(10_000) == [0, 2000, 4000, 6000, 8000, 10000]


def test_line_chart_has_one_vertex_per_point_and_its_axes() -> None:
    points = [(START + timedelta(seconds=10 * i), count) for i, count in enumerate([0, 2, 5, 3])]
    svg = line_chart(points, chart_id="viewers", title="Viewers", description="d", zone_name="UTC")
    root = parsed(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "viewers-title viewers-desc"
    (line,) = root.iter(f"{SVG}polyline")
    vertices = [tuple(map(float, v.split(","))) for v in (line.get("points") or "").split()]
    assert len(vertices) == 4
    # Left to right in time; the highest count (5) is the highest vertex (smallest y).
    assert [x for x, _ in vertices] == sorted(x for x, _ in vertices)
    assert min(vertices, key=lambda v: v[1]) == vertices[2]
    # The count axis: 0 to 5 (a tick per viewer up to five).
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert labels == ["0", "1", "2", "3", "4", "5"]


def test_line_chart_of_one_point_marks_it() -> None:
    root = parsed(
        line_chart([(START, 1)], chart_id="c", title="t", description="d", zone_name="UTC")
    )
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    (line,) = root.iter(f"{SVG}polyline")
    assert len((line.get("points") or "").split()) == 1


def test_empty_charts_say_so() -> None:
    for svg in (
        line_chart([], chart_id="a", title="t", description="d", zone_name="UTC", empty="None yet"),
        timeline([], chart_id="b", title="t", description="d", zone_name="UTC", empty="None yet"),
        bar_chart([], chart_id="c", title="t", description="d", empty="None yet"),
    ):
        root = parsed(svg)
        assert not list(root.iter(f"{SVG}polyline"))
        assert not list(root.iter(f"{SVG}rect"))
        assert [t.text for t in root.iter(f"{SVG}text")] == ["None yet"]


def test_timeline_draws_a_bar_per_span_in_time() -> None:
    spans = [
        Span("Ann", START, START + timedelta(minutes=10)),
        Span("Bea", START + timedelta(minutes=5), START + timedelta(minutes=20)),
        Span("Ann", START + timedelta(minutes=15), START + timedelta(minutes=15)),
    ]
    root = parsed(timeline(spans, chart_id="t", title="t", description="d", zone_name="UTC"))
    bars = list(root.iter(f"{SVG}rect"))
    assert len(bars) == 3
    xs = [float(bar.get("x") or 0) for bar in bars]
    widths = [float(bar.get("width") or 0) for bar in bars]
    assert xs[0] < xs[1] < xs[2]
    # Ann's first stay is 10 minutes of the 20 shown, Bea's 15; an instant still shows.
    assert widths[1] / widths[0] == 1.5
    assert widths[2] == 2
    assert xs[1] + widths[1] == max(x + w for x, w in zip(xs, widths, strict=True))


def test_bar_chart_lengths_follow_the_values() -> None:
    root = parsed(
        bar_chart(
            [Bar("Red", 1), Bar("Green", 4), Bar("Blue", 0)],
            chart_id="p",
            title="t",
            description="d",
        )
    )
    bars = list(root.iter(f"{SVG}rect"))
    assert [bar.get("data-value") for bar in bars] == ["1", "4", "0"]
    widths = [float(bar.get("width") or 0) for bar in bars]
    assert widths[1] == 4 * widths[0]
    assert widths[2] == 0
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "bar-value"]
    assert values == ["1", "4", "0"]


def test_labels_are_escaped_and_long_ones_shortened() -> None:
    name = '<script>alert("x")</script> & a very long name indeed'
    svg = str(
        bar_chart([Bar(name, 3)], chart_id="e", title=f"Of {name}", description=name)
        + timeline(
            [Span(name, START, START + timedelta(minutes=1), "from 09:03")],
            chart_id="f",
            title="t",
            description="d",
            zone_name="UTC",
        )
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    for chart in re.findall(r"<svg.*?</svg>", svg):
        root = parsed(chart)
        titles = [t.text or "" for t in root.iter(f"{SVG}title")]
        assert any(name in title for title in titles)  # the whole name in the tooltip
        shown = [t.text or "" for t in root.iter(f"{SVG}text") if t.get("class") == "row-label"]
        assert shown == [name[:25] + "…"]


def test_the_same_data_draws_the_same_svg() -> None:
    points = [(START + timedelta(minutes=i), i % 3) for i in range(50)]

    def draw() -> str:
        return str(line_chart(points, chart_id="s", title="t", description="d", zone_name="UTC"))

    assert draw() == draw()
