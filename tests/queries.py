"""Counting the SQL statements the test server runs.

The server runs in this process (see ``server_url`` in conftest), so a listener on
its engine sees every statement it sends. ``QueryCounter.count()`` opens a block:

    with queries.count() as counted:
        http.get(...)
    assert counted.total == 3, counted.report()

Only statements sent while the block is open are counted, so a test's own setup
before it is not. What counts is a statement the application sends to the
database through SQLAlchemy (``before_cursor_execute``): every SELECT, INSERT,
UPDATE and DELETE, a multi-row ``executemany`` once. Transaction control
(BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE) is left out: it does not grow with
rows and differs between drivers. So are the connection's PRAGMAs and the
dialect's first-connect probes, which SQLAlchemy runs without events.

The counter assumes the test waits for each response inside the block: a request
still running when the block closes is counted only up to then.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine, event

# Statements that only delimit transactions; they are not counted.
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def server_engines(app: FastAPI) -> list[Engine]:
    """The engines the application sends its statements through. The one place
    that knows where the app keeps them."""
    return [engine.sync_engine for engine in app.state.database.engines]


@dataclass
class Counted:
    """The statements sent during one block, in order."""

    statements: list[str] = field(default_factory=list)
    # Each statement's parameters as the driver received them, in the same order.
    parameters: list[Any] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.statements)

    def report(self) -> str:
        """The statements, one per line, for an assertion message."""
        lines = (" ".join(s.split())[:200] for s in self.statements)
        return f"{self.total} statements:\n" + "\n".join(f"  {line}" for line in lines)


class QueryCounter:
    def __init__(self, app: FastAPI) -> None:
        self.app = app

    @contextmanager
    def count(self) -> Iterator[Counted]:
        counted = Counted()

        def record(
            _connection: Any,
            _cursor: Any,
            statement: str,
            parameters: Any,
            _context: Any,
            _executemany: bool,
        ) -> None:
            if not statement.lstrip().upper().startswith(_TRANSACTION_CONTROL):
                counted.statements.append(statement)
                counted.parameters.append(parameters)

        engines = server_engines(self.app)
        for engine in engines:
            event.listen(engine, "before_cursor_execute", record)
        try:
            yield counted
        finally:
            for engine in engines:
                event.remove(engine, "before_cursor_execute", record)
