"""One rule for BigMarker's report lists: the page of rows in the document's
envelope (its paging fields and list key), or — with ``?format=csv``, an
addition — the same rows as a CSV file with the same columns.

Report routes declare `FORMAT` among their parameters and answer
``report_list(...)``; what a row holds is the route's business, the order of
its keys is the order of the CSV's columns."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Response

from webinarium.api.params import Params
from webinarium.api.reads import Param
from webinarium.kit.errors import InvalidInput
from webinarium.kit.pagination import Page

FORMAT = Param(
    "format",
    choices=("json", "csv"),
    description="csv: the same rows as a CSV file with the same columns (an addition)",
)
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
# What makes a spreadsheet read a cell as a formula (OWASP's "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def wants_csv(params: Params) -> bool:
    value = (params.text("format") or "json").strip().lower()
    if value not in FORMAT.choices:
        raise InvalidInput(f"format must be json or csv, not {value[:20]!r}")
    return value == "csv"


def report_list(
    params: Params,
    page: Page[Mapping[str, Any]],
    *,
    list_key: str,
    columns: Sequence[str],
    paging: Mapping[str, Any] | None = None,
    file_name: str,
) -> dict[str, Any] | Response:
    """The JSON envelope — ``paging`` (the document's own paging fields, in its
    order; by default ``per_page``, ``current_page``, ``total_entries``,
    ``total_pages``) then the rows under ``list_key`` — or, for ``format=csv``,
    the page's rows as ``file_name``.csv, ``columns`` as the header row."""
    if wants_csv(params):
        return csv_response([dict(row) for row in page.items], columns, file_name)
    envelope = dict(paging) if paging is not None else paging_fields(page)
    envelope[list_key] = [dict(row) for row in page.items]
    return envelope


def paging_fields(page: Page[Any]) -> dict[str, Any]:
    """The paging fields most of BigMarker's reports answer, in their order."""
    return {
        "per_page": page.request.per_page,
        "current_page": page.request.page,
        "total_entries": page.total,
        "total_pages": page.total_pages,
    }


def csv_response(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], file_name: str
) -> Response:
    """Rows as CSV: one column per name, a value that is a list or an object
    written as its JSON, None as an empty cell. A leading ``=``, ``+``, ``-`` or
    ``@`` is quoted with an apostrophe, so a spreadsheet shows a chat line that
    starts like a formula as text instead of running it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    safe_name = "".join(c for c in file_name if c.isalnum() or c in "-_") or "report"
    return Response(
        out.getvalue(),
        media_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{safe_name}.csv"'},
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text
