"""BigMarker `PUT /api/v1/conferences/register` (form data), each request a new
registrant of one conference, against FastAPI validating the same form with no
database. Checks 0 errors and 0 acknowledged registrations lost (the rows
stored for the conference, counted after the load)."""

from __future__ import annotations

import harness


def main() -> None:
    opts = harness.options(__doc__)
    with harness.Bench() as bench:
        database = bench.database("register")

        tenant, conference_id, _ = harness.seed_conference(database, "Registration bench")
        register = harness.Request(
            "PUT",
            "/api/v1/conferences/register",
            expect="conference_url",
            headers=tenant.headers,
            form={
                "id": conference_id,
                "email": f"registrant-{harness.UNIQUE}@example.test",
                "first_name": "Ada",
                "last_name": "Lovelace",
            },
        )
        targets = [
            harness.Target("project", bench.project(database), register),
            harness.Target(
                "ceiling: FastAPI validating the form", bench.ceiling("register_form"), register
            ),
        ]
        project, _ = harness.compare(
            "BigMarker PUT /api/v1/conferences/register (form)", targets, opts
        )
        harness.check_nothing_lost(project, harness.registered_count(database, conference_id))


if __name__ == "__main__":
    main()
