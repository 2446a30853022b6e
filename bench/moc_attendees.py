"""MyOwnConference `attendeesCreate` then `attendeesAddToWebinar` for the same
new e-mail (a pair: what an integration sends per new participant), against
FastAPI parsing and validating the same two forms with no database. Figures are
pairs per second and latency per pair. Checks 0 errors and 0 acknowledged
participants missing from the webinar afterwards."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

import harness


async def _action(client: httpx.AsyncClient, key: str, action: str, params: Any) -> None:
    form = {"request": json.dumps({"key": key, "action": action, "params": params})}
    response = harness.expect_ok(await client.post("/", data=form))
    answer = response.json()["response"]
    if not isinstance(answer, dict) or "success" not in answer:
        raise harness.BadAnswer(f"{action}: {answer}")


def pairs(tenant: harness.Tenant, alias: str) -> harness.Call:
    async def pair(client: httpx.AsyncClient, n: int) -> None:
        email = f"attendee-{n}@example.test"
        await _action(client, tenant.api_key, "attendeesCreate", {"email": email, "name": "Ada N"})
        params = {"alias": alias, "attendees": [email]}
        await _action(client, tenant.api_key, "attendeesAddToWebinar", params)

    return pair


def main() -> None:
    opts = harness.options(__doc__)
    with harness.Bench() as bench:
        database = bench.database("moc-attendees")

        async def seed(session: AsyncSession) -> tuple[harness.Tenant, str, str]:
            tenant = await harness.create_tenant(session)
            conference = await harness.create_conference(session, tenant, "Attendees bench")
            return tenant, conference.id, conference.alias

        tenant, conference_id, alias = database.run(seed)
        targets = [
            harness.Target("project", bench.project(database), pairs(tenant, alias)),
            harness.Target(
                "ceiling: FastAPI validating both forms",
                bench.ceiling("moc_attendee_forms"),
                pairs(tenant, alias),
            ),
        ]
        project, _ = harness.compare(
            "MyOwnConference attendeesCreate + attendeesAddToWebinar", targets, opts, "pairs/s"
        )
        harness.check_nothing_lost(project, harness.registered_count(database, conference_id))


if __name__ == "__main__":
    main()
