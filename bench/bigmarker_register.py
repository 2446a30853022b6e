"""BigMarker `PUT /api/v1/conferences/register` (form data), each request a new
registrant of one conference, against FastAPI validating the same form with no
database. Checks 0 errors and 0 acknowledged registrations lost (the e-mails
answered 200 are looked up in the database after the load)."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

import harness


def registering(tenant: harness.Tenant, conference_id: str, acknowledged: set[str]) -> harness.Call:
    async def register(client: httpx.AsyncClient, n: int) -> None:
        email = f"registrant-{n}@example.test"
        form = {"id": conference_id, "email": email, "first_name": "Ada", "last_name": f"N{n}"}
        response = await client.put(
            "/api/v1/conferences/register", data=form, headers=tenant.headers
        )
        harness.expect_ok(response)
        acknowledged.add(email)

    return register


def main() -> None:
    opts = harness.options(__doc__)
    with harness.Bench() as bench:
        database = bench.database("register")

        async def seed(session: AsyncSession) -> tuple[harness.Tenant, str]:
            tenant = await harness.create_tenant(session)
            conference = await harness.create_conference(session, tenant, "Registration bench")
            return tenant, conference.id

        tenant, conference_id = database.run(seed)
        acknowledged: set[str] = set()
        targets = [
            harness.Target(
                "project", bench.project(database), registering(tenant, conference_id, acknowledged)
            ),
            harness.Target(
                "ceiling: FastAPI validating the form",
                bench.ceiling("register_form"),
                registering(tenant, conference_id, set()),
            ),
        ]
        project, _ = harness.compare(
            "BigMarker PUT /api/v1/conferences/register (form)", targets, opts
        )
        stored = harness.registered_emails(database, conference_id)
        harness.check_nothing_lost(acknowledged, stored, project.errors)


if __name__ == "__main__":
    main()
