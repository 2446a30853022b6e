"""An evergreen webinar's session is a webinar like any other for the mail:
registering to it through BigMarker mails the confirmation (the server runs
its worker and scheduler, the mail goes over SMTP to aiosmtpd)."""

from __future__ import annotations

import httpx

from tests.conftest import Tenant
from tests.servers import Inbox
from webinarium.kit.ids import new_id


def test_registering_to_an_evergreen_session_mails_the_confirmation(
    web: httpx.Client, tenant: Tenant, inbox: Inbox
) -> None:
    created = web.post(
        "/api/webinarium/v1/evergreen_webinars",
        headers=tenant.headers,
        json={
            "title": "Evergreen Demo",
            "time_zone": "America/New_York",
            "session_times": ["09:30"],
            "duration_minutes": 30,
        },
    )
    assert created.status_code == 201, created.text
    session_id = created.json()["sessions"][0]["id"]
    email = f"ever-{new_id()}@example.test"
    registered = web.put(
        "/api/v1/conferences/register",
        headers=tenant.headers,
        data={"id": session_id, "email": email, "first_name": "Ada", "last_name": "Lovelace"},
    )
    assert registered.status_code == 200, registered.text
    (message,) = inbox.wait_for(email)
    assert message["Subject"] == "You are registered: Evergreen Demo"
