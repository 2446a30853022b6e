"""BigMarker `GET /api/v1/conferences/{id}` against a bare FastAPI endpoint
answering the same JSON document."""

from __future__ import annotations

import httpx

import harness


def main() -> None:
    opts = harness.options(__doc__)
    with harness.Bench() as bench:
        database = bench.database("conference-show")

        tenant, conference_id, _ = harness.seed_conference(database, "Shown conference")
        project = bench.project(database)
        url = f"{project}/api/v1/conferences/{conference_id}"
        body = harness.expect_ok(httpx.get(url, headers=tenant.headers, timeout=60)).json()
        call = harness.Request(
            "GET",
            f"/api/v1/conferences/{conference_id}",
            expect=f'"id":"{conference_id}"',
            headers=tenant.headers,
        )
        targets = [
            harness.Target("project", project, call),
            harness.Target(
                "ceiling: bare FastAPI JSON",
                bench.ceiling("conference_json", body=bench.body_file(body)),
                call,
            ),
        ]
        harness.compare("BigMarker GET /api/v1/conferences/{id}", targets, opts)


if __name__ == "__main__":
    main()
