"""BigMarker `GET /api/v1/conferences?per_page=25` (the first page of upcoming
conferences) in an account with 100,000 conferences against the same in an
account with 100: two servers on two fresh databases. The figure is the ratio
of the two; the goal is a list whose time does not grow with the account."""

from __future__ import annotations

import httpx

import harness

SMALL, LARGE = 100, 100_000
# One call takes up to hundreds of milliseconds at 100,000: 8 clients keep the
# server busy and still finish many calls per round.
LIST_CLIENTS = 8


def seeded(bench: harness.Bench, count: int) -> harness.Target:
    database = bench.database(f"conferences-{count}")

    tenant = harness.seed_conferences(database, count)

    list_page = harness.Request(
        "GET", "/api/v1/conferences?per_page=25", expect='"conferences":[{', headers=tenant.headers
    )
    url = bench.project(database)
    first = harness.expect_ok(httpx.get(url + list_page.path, headers=tenant.headers, timeout=60))
    if len(first.json()["conferences"]) != 25:
        raise SystemExit(f"expected a page of 25: {first.text[:300]}")
    return harness.Target(f"{count:,} conferences", url, list_page)


def main() -> None:
    opts = harness.options(__doc__, clients=LIST_CLIENTS)
    with harness.Bench() as bench:
        targets = [seeded(bench, LARGE), seeded(bench, SMALL)]
        harness.compare(
            f"BigMarker GET /api/v1/conferences?per_page=25, {LARGE:,} vs {SMALL:,} conferences",
            targets,
            opts,
        )


if __name__ == "__main__":
    main()
