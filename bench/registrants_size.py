"""BigMarker `GET /api/v1/conferences/registrations/{id}` of a conference with
10 registrants, in a database holding 100,000 registrations against one holding
100 (the others all for another conference of the same account): two servers on
two fresh databases. The goal is a list whose time does not grow with the table."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

import harness

SMALL, LARGE = 100, 100_000
REGISTRANTS = 10
LIST_CLIENTS = 8


def seeded(bench: harness.Bench, total: int) -> harness.Target:
    database = bench.database(f"registrations-{total}")

    async def seed(session: AsyncSession) -> tuple[harness.Tenant, str]:
        tenant = await harness.create_tenant(session)
        listed = await harness.create_conference(session, tenant, "Small conference")
        crowded = await harness.create_conference(session, tenant, "Crowded conference")
        await harness.copy_registrations(session, tenant, listed.id, REGISTRANTS)
        await harness.copy_registrations(session, tenant, crowded.id, total - REGISTRANTS)
        return tenant, listed.id

    tenant, conference_id = database.run(seed)

    list_registrants = harness.Request(
        "GET",
        f"/api/v1/conferences/registrations/{conference_id}",
        expect=f'"total_count":{REGISTRANTS},',
        headers=tenant.headers,
    )

    return harness.Target(f"{total:,} registrations", bench.project(database), list_registrants)


def main() -> None:
    opts = harness.options(__doc__, clients=LIST_CLIENTS)
    with harness.Bench() as bench:
        targets = [seeded(bench, LARGE), seeded(bench, SMALL)]
        harness.compare(
            f"BigMarker registrants of a conference of {REGISTRANTS}, "
            f"{LARGE:,} vs {SMALL:,} registrations in the database",
            targets,
            opts,
        )


if __name__ == "__main__":
    main()
