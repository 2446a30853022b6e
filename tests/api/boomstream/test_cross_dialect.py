"""One domain: a conference made here is a BigMarker conference and a
MyOwnConference webinar; an invited client is a registrant there, a moderator
client a moderator; a revoked client is nobody's registrant."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.bigmarker.helpers import create_conference as bigmarker_create
from tests.api.boomstream.helpers import client_code, clients, create, invite, ok
from tests.api.myownconference import helpers as moc
from tests.conftest import Tenant


def bigmarker_conference(http: httpx.Client, tenant: Tenant, title: str) -> dict[str, Any]:
    response = http.get(
        "/api/v1/conferences", params={"type": "all", "per_page": 100}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    (found,) = [c for c in response.json()["conferences"] if c["title"] == title]
    conference: dict[str, Any] = found
    return conference


def registrant_emails(http: httpx.Client, tenant: Tenant, conference_id: str) -> list[str]:
    response = http.get(
        f"/api/v1/conferences/registrations/{conference_id}", headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    return [r["email"] for r in response.json()["registrations"]]


def bigmarker_status(http: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> str:
    response = http.get(
        f"/api/v1/conferences/{conference_id}/check_registration_status",
        params={"email": email},
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text
    status: str = response.json()["registration_status"]
    return status


def moc_webinar(http: httpx.Client, tenant: Tenant, title: str) -> dict[str, Any]:
    webinars = moc.ok(http, tenant, "webinarsList", {"fields": ["alias", "name"]})
    (found,) = [w for w in webinars if w["name"] == title]
    webinar: dict[str, Any] = found
    return webinar


def test_a_conference_made_here_is_listed_by_the_other_dialects(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    code = create(http, fresh_tenant, "Made in Boomstream", description="all dialects")
    conference = bigmarker_conference(http, fresh_tenant, "Made in Boomstream")
    assert conference["purpose"] == "all dialects"
    moc_webinar(http, fresh_tenant, "Made in Boomstream")
    ok(http, fresh_tenant, "update", code=code, title="Renamed here")
    assert bigmarker_conference(http, fresh_tenant, "Renamed here")["id"] == conference["id"]
    moc_webinar(http, fresh_tenant, "Renamed here")


def test_a_bigmarker_conference_and_registrant_are_seen_here(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    conference = bigmarker_create(http, fresh_tenant, title="Made in BigMarker")
    response = http.put(
        "/api/v1/conferences/register",
        headers=fresh_tenant.headers,
        data={
            "id": conference["id"],
            "email": "bm@example.test",
            "first_name": "Big",
            "last_name": "Marker",
        },
    )
    assert response.status_code == 200, response.text
    (listed,) = ok(http, fresh_tenant, "list")["conferences"]
    assert listed["title"] == "Made in BigMarker"
    (client,) = clients(http, fresh_tenant, listed["code"])
    assert (client["email"], client["name"], client["moderator"]) == (
        "bm@example.test",
        "Big Marker",
        "no",
    )


def test_an_invited_client_is_a_registrant_until_deleted(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    code = create(http, fresh_tenant, "Registrants")
    conference_id = bigmarker_conference(http, fresh_tenant, "Registrants")["id"]
    alias = moc_webinar(http, fresh_tenant, "Registrants")["alias"]
    invite(http, fresh_tenant, code, "guest@example.test", name="Gue St")
    invite(http, fresh_tenant, code, "stays@example.test")
    assert registrant_emails(http, fresh_tenant, conference_id) == [
        "guest@example.test",
        "stays@example.test",
    ]
    assert bigmarker_status(http, fresh_tenant, conference_id, "guest@example.test") == (
        "registered"
    )
    attendees = moc.ok(http, fresh_tenant, "attendeesList", {"alias": alias})
    assert {a["email"] for a in attendees["list"]} == {"guest@example.test", "stays@example.test"}

    ok(
        http,
        fresh_tenant,
        "client/delete",
        code=client_code(http, fresh_tenant, code, "guest@example.test"),
    )
    assert registrant_emails(http, fresh_tenant, conference_id) == ["stays@example.test"]
    response = http.get(
        f"/api/v1/conferences/registrations/channel/{fresh_tenant.channel_id}",
        headers=fresh_tenant.headers,
    )
    assert response.status_code == 200, response.text
    assert "guest@example.test" not in response.text
    assert "stays@example.test" in response.text
    assert bigmarker_status(http, fresh_tenant, conference_id, "guest@example.test") == (
        "not_registered"
    )
    attendees = moc.ok(http, fresh_tenant, "attendeesList", {"alias": alias})
    assert [a["email"] for a in attendees["list"]] == ["stays@example.test"]
    rooms = moc.ok(http, fresh_tenant, "attendeesRooms", {"email": "guest@example.test"})
    assert rooms == []

    invite(http, fresh_tenant, code, "guest@example.test")
    assert sorted(registrant_emails(http, fresh_tenant, conference_id)) == [
        "guest@example.test",
        "stays@example.test",
    ]


def test_a_moderator_client_is_a_moderator_everywhere(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    code = create(http, fresh_tenant, "Moderated")
    conference_id = bigmarker_conference(http, fresh_tenant, "Moderated")["id"]
    alias = moc_webinar(http, fresh_tenant, "Moderated")["alias"]
    invite(http, fresh_tenant, code, "mod@example.test", name="Mo Derator", moderator="yes")

    response = http.get(
        f"/api/v1/conferences/{conference_id}/presenters", headers=fresh_tenant.headers
    )
    assert response.status_code == 200, response.text
    assert "mod@example.test" in response.text
    attached = moc.ok(http, fresh_tenant, "moderatorsList", {"alias": alias})
    assert "mod@example.test" in [m["email"] for m in attached]

    user = client_code(http, fresh_tenant, code, "mod@example.test")
    ok(http, fresh_tenant, "client/update", code=user, moderator="no")
    attached = moc.ok(http, fresh_tenant, "moderatorsList", {"alias": alias})
    assert "mod@example.test" not in [m["email"] for m in attached]
    assert registrant_emails(http, fresh_tenant, conference_id) == ["mod@example.test"]
