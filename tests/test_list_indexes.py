"""The hot listings read their rows through indexes, never a full scan.

Each listing is called over HTTP while the server's statements are recorded
(the engine listener of tests/queries.py); every recorded statement is then
explained on the same database.

On SQLite (`EXPLAIN QUERY PLAN`) a statement must not scan a table that grows
with the account (conferences, registrations, what conferences are described
with) without an index, nor read all the account's rows of one where it names a
conference, parent, series or channel, and a paged statement must read its
order from an index (no temporary B-tree for ORDER BY). SQLite's planner has no
statistics here (no ANALYZE), so its plans are the same for 3 rows and for
100,000.

On PostgreSQL (`EXPLAIN`, with `enable_seqscan` off, since a planner may
rightly seq-scan tables this small) no plan may contain a sequential scan of
those tables; which index it picks is left to its statistics.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference import helpers as myownconference
from tests.conftest import Tenant, in_database
from tests.queries import Counted, QueryCounter
from webinarium.settings import Settings

API = "/api/v1"
# The tables that grow with an account's life.
BIG_TABLES = (
    "conferences",
    "registrations",
    "conference_tags",
    "presenters",
    "custom_fields",
    "webhook_subscriptions",
)
ADA = {"email": "ada@example.test", "first_name": "Ada", "last_name": "Lovelace"}
# SQLite reading a table through an index by the account alone.
ACCOUNT_WIDE = re.compile(r"SEARCH (\w+) USING (?:COVERING )?INDEX \w+ \(account_id=\?\)$")


def plans(settings: Settings, counted: Counted) -> list[tuple[str, list[str]]]:
    """Each SELECT the server sent and the lines of its plan."""
    sent = [
        (statement, parameters)
        for statement, parameters in zip(counted.statements, counted.parameters, strict=True)
        if statement.lstrip().upper().startswith("SELECT")
    ]

    async def explain(session: AsyncSession) -> list[tuple[str, list[str]]]:
        connection = await session.connection()
        postgresql = connection.dialect.name == "postgresql"
        if postgresql:
            await connection.execute(text("SET LOCAL enable_seqscan = off"))
        prefix = "EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN "
        explained = []
        for statement, parameters in sent:
            rows = await connection.exec_driver_sql(prefix + statement, parameters)
            # SQLite answers (id, parent, notused, detail); PostgreSQL one line a row.
            explained.append((statement, [str(row[-1]) for row in rows]))
        return explained

    return in_database(settings, explain)


def full_scans(plan: list[str]) -> list[str]:
    """The lines of a plan that read a big table without an index."""
    found = []
    for line in plan:
        for table in BIG_TABLES:
            sqlite_scan = line.startswith(f"SCAN {table}") and "INDEX" not in line
            if sqlite_scan or f"Seq Scan on {table}" in line:
                found.append(line)
    return found


def account_wide_reads(statement: str, plan: list[str]) -> list[str]:
    """The lines of a plan that read all the account's rows of a table although
    the statement names the few it wants (by conference, parent, series or
    channel): they would grow with the account, not with the answer."""
    found = []
    for line in plan:
        match = ACCOUNT_WIDE.match(line)
        narrowed = match and re.search(
            rf"\b{match[1]}\.(conference_id|parent_id|series_id|channel_id) (=|IN)", statement
        )
        if narrowed:
            found.append(line)
    return found


def sorts_without_index(statement: str, plan: list[str]) -> bool:
    """A paged statement that sorts its rows instead of reading them in order."""
    paged = " LIMIT " in statement.upper()
    return paged and any("TEMP B-TREE FOR ORDER BY" in line for line in plan)


@pytest.fixture
def world(http: httpx.Client, fresh_tenant: Tenant) -> dict[str, str]:
    """A webinar with a registrant, a recurring webinar and a series."""
    webinar = create_conference(http, fresh_tenant, start_time="2031-01-01 10:00")
    recurring = create_conference(
        http,
        fresh_tenant,
        schedule_type="multiple_times",
        recurring_start_times=["2031-02-01 10:00", "2031-02-08 10:00"],
    )
    series = create_conference(http, fresh_tenant, conference_type="series")
    registrant = {"id": webinar["id"], **ADA}
    registered = http.put(
        f"{API}/conferences/register", headers=fresh_tenant.headers, json=registrant
    )
    assert registered.status_code == 200, registered.text
    return {"webinar": webinar["id"], "recurring": recurring["id"], "series": series["id"]}


LISTINGS: dict[str, Callable[[httpx.Client, Tenant, dict[str, str]], Any]] = {
    "bigmarker conferences": lambda http, t, ids: http.get(f"{API}/conferences", headers=t.headers),
    "bigmarker past conferences": lambda http, t, ids: http.get(
        f"{API}/conferences", headers=t.headers, params={"type": "past"}
    ),
    "bigmarker all conferences with series": lambda http, t, ids: http.get(
        f"{API}/conferences", headers=t.headers, params={"type": "all", "include_series": "true"}
    ),
    "bigmarker recurring sessions": lambda http, t, ids: http.get(
        f"{API}/conferences/recurring/{ids['recurring']}", headers=t.headers
    ),
    "bigmarker associated sessions": lambda http, t, ids: http.get(
        f"{API}/conferences/get_associated_sessions/{ids['series']}", headers=t.headers
    ),
    "bigmarker channel conferences": lambda http, t, ids: http.get(
        f"{API}/channels/{t.channel_id}/conferences", headers=t.headers
    ),
    "bigmarker registrants": lambda http, t, ids: http.get(
        f"{API}/conferences/registrations/{ids['webinar']}", headers=t.headers
    ),
    "myownconference webinarsList": lambda http, t, ids: myownconference.ok(
        http, t, "webinarsList"
    ),
    "boomstream list": lambda http, t, ids: boomstream.ok(http, t, "list"),
}


@pytest.mark.parametrize("listing", LISTINGS)
def test_hot_listings_read_through_indexes(
    listing: str,
    queries: QueryCounter,
    settings: Settings,
    http: httpx.Client,
    fresh_tenant: Tenant,
    world: dict[str, str],
) -> None:
    with queries.count() as counted:
        response = LISTINGS[listing](http, fresh_tenant, world)
    if isinstance(response, httpx.Response):
        assert response.status_code == 200, response.text
    explained = plans(settings, counted)
    assert explained, "the listing sent no statement"
    for statement, plan in explained:
        shown = " ".join(statement.split())[:300] + "\n  " + "\n  ".join(plan)
        assert not full_scans(plan), shown
        assert not account_wide_reads(statement, plan), shown
        assert not sorts_without_index(statement, plan), shown
