"""MyOwnConference `webinarsList` (every field) of an account with 1,000
webinars, against one raw SQL query with the same rendering, and against the
same answer sent again (the body alone: JSON encoding and HTTP)."""

from __future__ import annotations

import json

import httpx

import harness

WEBINARS = 1_000
# A list of 1,000 takes tens of milliseconds: 8 clients keep one server busy
# and still finish many calls per round.
LIST_CLIENTS = 8


def main() -> None:
    opts = harness.options(__doc__, clients=LIST_CLIENTS)
    with harness.Bench() as bench:
        database = bench.database("moc-webinars")
        tenant = harness.seed_conferences(database, WEBINARS)
        project = bench.project(database)
        form = {"request": json.dumps({"key": tenant.api_key, "action": "webinarsList"})}
        body = harness.expect_ok(httpx.post(project + "/", data=form, timeout=60)).json()
        if len(body["response"]) != WEBINARS:
            raise SystemExit(f"webinarsList did not list {WEBINARS:,}: {str(body)[:300]}")
        # Every answer lists the webinars; an error names no alias.
        call = harness.Request("POST", "/", expect='"alias":"', form=form)
        targets = [
            harness.Target("project", project, call),
            harness.Target(
                "ceiling: raw SQL + same rendering",
                bench.raw_sql_ceiling("moc_webinars_raw_sql", database, tenant),
                call,
            ),
            harness.Target(
                "ceiling: the body alone",
                bench.ceiling("moc_webinars_body", body=bench.body_file(body)),
                call,
            ),
        ]
        harness.compare(f"MyOwnConference webinarsList, {WEBINARS:,} webinars", targets, opts)


if __name__ == "__main__":
    main()
