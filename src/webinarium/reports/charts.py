"""Charts of the console's webinar report, drawn as SVG on the server: no
script, the same picture for every browser, readable by a screen reader
(``role="img"``, a ``<title>`` and a ``<desc>``; the page shows the same data
as a table beside each chart).

Pure functions over plain data, deterministic: the same data draws the same
text. Every label is escaped (names are what people typed); the result is
`Markup`, safe to put in a template as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from markupsafe import Markup, escape

from webinarium.kit.text import xml_safe
from webinarium.kit.time import on_clock

WIDTH = 640
# Room on the left for the value axis, under the plot for the time axis.
LEFT = 44
RIGHT = 28
TOP = 12
AXIS = 28
PLOT_HEIGHT = 180
# A bar chart's and a timeline's rows; room on the left for their labels.
ROW = 22
# A timeline's rows: many, so thinner.
SPAN_ROW = 15
LABEL_WIDTH = 180
LABEL_CHARACTERS = 26
# Tick steps on a time axis a reader recognises, in seconds.
TIME_STEPS = (
    1, 2, 5, 10, 15, 30,
    60, 120, 300, 600, 900, 1800,
    3600, 7200, 10800, 21600, 43200, 86400,
)  # fmt: skip
MAX_TIME_TICKS = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


@dataclass(frozen=True)
class Span:
    """One row of a timeline: ``start`` to ``end``; ``detail`` is its tooltip."""

    label: str
    start: datetime
    end: datetime
    detail: str = ""


def _text(value: object) -> str:
    return str(escape(xml_safe(str(value))))


def _short(label: str, characters: int = LABEL_CHARACTERS) -> str:
    return label if len(label) <= characters else label[: characters - 1] + "…"


def _number(value: float) -> str:
    """Coordinates to a tenth of a pixel, without a needless ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(chart_id: str, title: str, description: str, height: int, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_text(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{_text(chart_id)}-title {_text(chart_id)}-desc">'
        f'<title id="{_text(chart_id)}-title">{_text(title)}</title>'
        f'<desc id="{_text(chart_id)}-desc">{_text(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _empty(chart_id: str, title: str, description: str, message: str) -> Markup:
    height = 60
    body = [
        f'<text class="chart-empty" x="{WIDTH // 2}" y="{height // 2}" '
        f'text-anchor="middle">{_text(message)}</text>'
    ]
    return _svg(chart_id, title, description, height, body)


def time_ticks(
    start: datetime, end: datetime, zone_name: str, max_ticks: int = MAX_TIME_TICKS
) -> list[tuple[datetime, str]]:
    """Ticks between ``start`` and ``end`` (both included) at round times of
    zone ``zone_name``'s clock, at most ``max_ticks``, each with its label
    ("14:05", or "14:05:30" when the step is under a minute)."""
    seconds = max((end - start).total_seconds(), 0)
    step = next((s for s in TIME_STEPS if seconds / s <= max_ticks - 1), TIME_STEPS[-1])
    # Round on the zone's clock: seconds since the local midnight, up to a step.
    local = on_clock(start, zone_name)
    since = (local - local.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds()
    first = start + timedelta(seconds=(-since) % step)
    shape = "%H:%M:%S" if step < 60 else "%H:%M"
    ticks: list[tuple[datetime, str]] = []
    tick = first
    while tick <= end and len(ticks) < max_ticks:
        ticks.append((tick, on_clock(tick, zone_name).strftime(shape)))
        tick += timedelta(seconds=step)
    return ticks


def value_ticks(most: float, max_ticks: int = 5) -> list[int]:
    """Whole ticks from 0 to a round top at or above ``most`` (1, 2 or 5 times
    a power of ten apart), at most ``max_ticks`` + 1 of them."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            candidate = step * factor
            if most <= candidate * max_ticks:
                top = max(candidate, -(-int(most) // candidate) * candidate)
                return list(range(0, top + 1, candidate))
        step *= 10


def _time_axis(
    start: datetime,
    end: datetime,
    zone_name: str,
    x_of: Callable[[datetime], float],
    baseline: float,
    *,
    above: bool = False,
    grid_to: float | None = None,
    left: float = LEFT,
) -> list[str]:
    """A time axis along ``baseline``, its labels under it (or ``above``), each
    tick's grid line drawn up to ``grid_to`` when given."""
    y = _number(baseline)
    parts = [f'<line class="axis" x1="{_number(left)}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>']
    tick_end = _number(baseline - 4 if above else baseline + 4)
    label_y = _number(baseline - 8 if above else baseline + 16)
    for tick, label in time_ticks(start, end, zone_name):
        x = _number(x_of(tick))
        if grid_to is not None:
            parts.append(f'<line class="grid" x1="{x}" y1="{_number(grid_to)}" x2="{x}" y2="{y}"/>')
        parts.append(
            f'<line class="tick" x1="{x}" y1="{y}" x2="{x}" y2="{tick_end}"/>'
            f'<text class="tick-label" x="{x}" y="{label_y}" '
            f'text-anchor="middle">{_text(label)}</text>'
        )
    return parts


def line_chart(
    points: Sequence[tuple[datetime, int]],
    *,
    chart_id: str,
    title: str,
    description: str,
    zone_name: str,
    empty: str = "No data yet",
) -> Markup:
    """A line through ``points`` (time, count), one vertex a point, over a time
    axis on zone ``zone_name``'s clock and a count axis from 0."""
    if not points:
        return _empty(chart_id, title, description, empty)
    height = TOP + PLOT_HEIGHT + AXIS
    start, end = points[0][0], points[-1][0]
    span = (end - start).total_seconds() or 1.0
    plot_width = WIDTH - LEFT - RIGHT
    ticks = value_ticks(max(count for _, count in points))
    top = ticks[-1] or 1

    def x_of(moment: datetime) -> float:
        if end == start:
            return LEFT + plot_width / 2
        return LEFT + plot_width * (moment - start).total_seconds() / span

    def y_of(count: float) -> float:
        return TOP + PLOT_HEIGHT * (1 - count / top)

    body = []
    for value in ticks:
        y = _number(y_of(value))
        body.append(
            f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>'
            f'<text class="tick-label" x="{LEFT - 6}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle">{value}</text>'
        )
    body += _time_axis(start, end, zone_name, x_of, height - AXIS)
    vertices = " ".join(f"{_number(x_of(at))},{_number(y_of(count))}" for at, count in points)
    body.append(f'<polyline class="series" fill="none" points="{vertices}"/>')
    if len(points) == 1:
        x, y = _number(x_of(start)), _number(y_of(points[0][1]))
        body.append(f'<circle class="series-point" cx="{x}" cy="{y}" r="3"/>')
    return _svg(chart_id, title, description, height, body)


def timeline(
    spans: Sequence[Span],
    *,
    chart_id: str,
    title: str,
    description: str,
    zone_name: str,
    empty: str = "No data yet",
) -> Markup:
    """One row per span, a bar from its start to its end (a Gantt chart), over
    a time axis from the earliest start to the latest end."""
    if not spans:
        return _empty(chart_id, title, description, empty)
    start = min(span.start for span in spans)
    end = max(span.end for span in spans)
    # A time axis above the rows and one under them: a long list stays readable.
    top = TOP + AXIS
    height = top + SPAN_ROW * len(spans) + AXIS
    left = LABEL_WIDTH
    plot_width = WIDTH - left - RIGHT
    seconds = (end - start).total_seconds() or 1.0

    def x_of(moment: datetime) -> float:
        return left + plot_width * (moment - start).total_seconds() / seconds

    body = _time_axis(start, end, zone_name, x_of, top, above=True, left=left)
    body += _time_axis(start, end, zone_name, x_of, height - AXIS, grid_to=top, left=left)
    for row, span in enumerate(spans):
        y = top + row * SPAN_ROW
        x = x_of(span.start)
        # A stay of an instant still shows: two pixels at least.
        width = max(x_of(span.end) - x, 2)
        tooltip = f"{span.label}: {span.detail}" if span.detail else span.label
        body.append(
            f'<g class="span"><title>{_text(tooltip)}</title>'
            f'<text class="row-label" x="{left - 6}" y="{_number(y + SPAN_ROW / 2)}" '
            f'text-anchor="end" dominant-baseline="middle">{_text(_short(span.label))}</text>'
            f'<rect class="bar" x="{_number(x)}" y="{_number(y + 2)}" '
            f'width="{_number(width)}" height="{SPAN_ROW - 4}"/></g>'
        )
    return _svg(chart_id, title, description, height, body)


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    empty: str = "No data yet",
) -> Markup:
    """Horizontal bars, one row a bar, its value written at its end; lengths
    proportional to the values, the longest filling the width."""
    if not bars:
        return _empty(chart_id, title, description, empty)
    height = TOP + ROW * len(bars) + TOP
    left = LABEL_WIDTH
    # Room at the right for the value written after the longest bar.
    plot_width = WIDTH - left - RIGHT - 48
    most = max(bar.value for bar in bars) or 1
    body = []
    for row, bar in enumerate(bars):
        y = TOP + row * ROW
        width = plot_width * bar.value / most
        value = _number(bar.value)
        body.append(
            f'<g class="bar-row"><title>{_text(bar.label)}: {value}</title>'
            f'<text class="row-label" x="{left - 6}" y="{_number(y + ROW / 2)}" '
            f'text-anchor="end" dominant-baseline="middle">{_text(_short(bar.label))}</text>'
            f'<rect class="bar" x="{left}" y="{_number(y + 4)}" '
            f'width="{_number(width)}" height="{ROW - 8}" data-value="{value}"/>'
            f'<text class="bar-value" x="{_number(left + width + 6)}" '
            f'y="{_number(y + ROW / 2)}" dominant-baseline="middle">{value}</text></g>'
        )
    return _svg(chart_id, title, description, height, body)
