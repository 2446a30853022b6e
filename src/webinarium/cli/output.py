"""How the client commands print: a table (rich) by default, one JSON document
with ``--json``, CSV with ``--csv`` (lists), and the progress of ``--all`` on
stderr when stderr is a terminal."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel

# Piped output is not wrapped at 80 columns: a row stays one line.
PIPED_WIDTH = 10_000


def data_of(value: Any) -> Any:
    """An answer as plain JSON data: a model as the fields the server sent
    (extra ones included), lists and dicts element by element."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True, by_alias=True)
    if isinstance(value, list | tuple):
        return [data_of(item) for item in value]
    if isinstance(value, dict):
        return {key: data_of(item) for key, item in value.items()}
    return value


def cell(value: Any) -> str:
    """One value in a table or CSV cell: nothing for null, JSON's words for
    booleans, compact JSON for lists and objects."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])


def _console() -> Any:
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else PIPED_WIDTH, highlight=False)


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """Rows under the given columns; "(none)" on stderr when there is no row."""
    from rich import box
    from rich.table import Table

    if not rows:
        sys.stderr.write("(none)\n")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell(row.get(column)) for column in columns), style=None)
    _console().print(table)


def print_object(data: Any) -> None:
    """One answer as a two-column table (field, value); a bare value as it is."""
    from rich import box
    from rich.table import Table

    if not isinstance(data, dict):
        sys.stdout.write(cell(data) + "\n")
        return
    table = Table("field", "value", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for key, value in data.items():
        table.add_row(key, cell(value))
    _console().print(table)


def with_progress(items: Iterable[Any], label: str) -> Iterator[Any]:
    """``items`` as they come, counted on stderr when stderr is a terminal
    (nothing is drawn when it is piped or redirected)."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}: {task.completed} fetched"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)
        for item in items:
            progress.advance(task)
            yield item
