"""MyOwnConference `attendeesCreate` then `attendeesAddToWebinar` for the same
new e-mail (a pair: what an integration sends per new participant), in order
on one connection, against FastAPI parsing and validating the same two forms
with no database. Figures are pairs per second (latency: per pair with httpx,
per call with wrk). Checks 0 errors and 0 acknowledged participants missing
from the webinar afterwards."""

from __future__ import annotations

import json
from typing import Any

import harness


def _form(key: str, action: str, params: dict[str, Any]) -> dict[str, str]:
    return {"request": json.dumps({"key": key, "action": action, "params": params})}


def main() -> None:
    opts = harness.options(__doc__)
    with harness.Bench() as bench:
        database = bench.database("moc-attendees")

        tenant, conference_id, alias = harness.seed_conference(database, "Attendees bench")
        email = f"attendee-{harness.UNIQUE}@example.test"
        pair = harness.Request(
            "POST",
            "/",
            # An error answers {"error": …} in the same envelope.
            expect='"response":{"success"',
            form=_form(tenant.api_key, "attendeesCreate", {"email": email, "name": "Ada N"}),
            then=(
                _form(
                    tenant.api_key,
                    "attendeesAddToWebinar",
                    {"alias": alias, "attendees": [email]},
                ),
            ),
        )
        targets = [
            harness.Target("project", bench.project(database), pair),
            harness.Target(
                "ceiling: FastAPI validating both forms", bench.ceiling("moc_attendee_forms"), pair
            ),
        ]
        project, _ = harness.compare(
            "MyOwnConference attendeesCreate + attendeesAddToWebinar", targets, opts, "pairs/s"
        )
        harness.check_nothing_lost(project, harness.registered_count(database, conference_id))


if __name__ == "__main__":
    main()
