"""Boomstream `GET /api/conference/list` (XML, the default format) of an account
with 1,000 conferences, against one raw SQL query with the same XML rendering."""

from __future__ import annotations

import httpx

import harness

CONFERENCES = 1_000
# A list of 1,000 takes tens of milliseconds: 8 clients keep one server busy
# and still finish many calls per round.
LIST_CLIENTS = 8
SUCCESS = "<Status>Success</Status>"


def main() -> None:
    opts = harness.options(__doc__, clients=LIST_CLIENTS)
    with harness.Bench() as bench:
        database = bench.database("boomstream-list")
        tenant = harness.seed_conferences(database, CONFERENCES)
        call = harness.Request(
            "GET", f"/api/conference/list?apikey={tenant.api_key}", expect=SUCCESS
        )
        project = bench.project(database)
        answer = harness.expect_ok(httpx.get(project + call.path, timeout=60)).text
        if answer.count("<conference>") != CONFERENCES:
            raise SystemExit(f"list did not list {CONFERENCES:,}: {answer[:300]}")
        targets = [
            harness.Target("project", project, call),
            harness.Target(
                "ceiling: raw SQL + same rendering",
                bench.raw_sql_ceiling("boomstream_raw_sql", database, tenant),
                call,
            ),
        ]
        harness.compare(f"Boomstream list, {CONFERENCES:,} conferences", targets, opts)


if __name__ == "__main__":
    main()
