"""Boomstream `GET /api/conference/list` (XML, the default format) of an account
with 1,000 conferences, against one raw SQL query with the same XML rendering."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

import harness

CONFERENCES = 1_000
# A list of 1,000 takes tens of milliseconds: 8 clients keep one server busy
# and still finish many calls per round.
LIST_CLIENTS = 8


def listing(api_key: str) -> harness.Call:
    async def list_(client: httpx.AsyncClient, n: int) -> None:
        response = await client.get("/api/conference/list", params={"apikey": api_key})
        text = harness.expect_ok(response).text
        if "<Status>Success</Status>" not in text or text.count("<conference>") != CONFERENCES:
            raise harness.BadAnswer(f"expected {CONFERENCES} conferences: {text[:200]}")

    return list_


def main() -> None:
    opts = harness.options(__doc__, clients=LIST_CLIENTS)
    with harness.Bench() as bench:
        database = bench.database("boomstream-list")

        async def seed(session: AsyncSession) -> harness.Tenant:
            tenant = await harness.create_tenant(session)
            template = await harness.create_conference(session, tenant, "Listed conference")
            await harness.copy_conference(session, template, CONFERENCES - 1)
            return tenant

        tenant = database.run(seed)
        call = listing(tenant.api_key)
        targets = [
            harness.Target("project", bench.project(database), call),
            harness.Target(
                "ceiling: raw SQL + same rendering",
                bench.ceiling(
                    "boomstream_raw_sql",
                    database_url=database.settings.database_url_async,
                    account_id=tenant.account_id,
                ),
                call,
            ),
        ]
        harness.compare(f"Boomstream list, {CONFERENCES:,} conferences", targets, opts)


if __name__ == "__main__":
    main()
