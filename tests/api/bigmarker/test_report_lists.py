"""The CSV form of BigMarker's report lists (`api.bigmarker.report_lists`):
the columns in order, values as a spreadsheet should show them, and text that
starts like a formula kept as text."""

from __future__ import annotations

import csv
import io

from webinarium.api.bigmarker.report_lists import csv_response


def _table(rows: list[dict[str, object]], columns: list[str]) -> list[list[str]]:
    response = csv_response(rows, columns, "chats-01ab")
    assert response.media_type == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="chats-01ab.csv"'
    return list(csv.reader(io.StringIO(bytes(response.body).decode())))


def test_columns_in_order_and_values_as_text() -> None:
    rows: list[dict[str, object]] = [
        {"chat": 'Hello, "world"\nsecond line', "bmid": "p1", "count": -3, "ok": True},
        {"bmid": "p2", "chat": None, "count": 2.5, "ok": False, "tags": ["a", "b"]},
    ]

    table = _table(rows, ["bmid", "chat", "count", "ok", "tags"])

    assert table == [
        ["bmid", "chat", "count", "ok", "tags"],
        ["p1", 'Hello, "world"\nsecond line', "-3", "true", ""],
        ["p2", "", "2.5", "false", '["a","b"]'],
    ]


def test_text_that_starts_like_a_formula_stays_text() -> None:
    rows: list[dict[str, object]] = [
        {"chat": '=HYPERLINK("http://evil.test")'},
        {"chat": "+1 great talk"},
        {"chat": "-- me too"},
        {"chat": "@host question"},
        {"chat": "fine = good"},
    ]

    cells = [row[0] for row in _table(rows, ["chat"])[1:]]

    assert cells == [
        '\'=HYPERLINK("http://evil.test")',
        "'+1 great talk",
        "'-- me too",
        "'@host question",
        "fine = good",
    ]


def test_a_file_name_keeps_only_safe_characters() -> None:
    response = csv_response([], ["a"], 'x"; evil=1/../y')
    assert response.headers["content-disposition"] == 'attachment; filename="xevil1y.csv"'
