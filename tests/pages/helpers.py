"""Every kind of link the APIs hand out, got from the real APIs, and what a page
carries: the room ticket, and the role the socket gives it."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import httpx

from tests.api.boomstream.helpers import invite as boomstream_invite
from tests.api.boomstream.helpers import ok as boomstream_ok
from tests.api.myownconference.helpers import ok as moc_ok
from tests.conftest import Tenant
from tests.room.helpers import Client
from webinarium.kit.ids import new_id
from webinarium.kit.time import utcnow

TICKET = re.compile(r'<meta name="webinarium-ticket" content="([^"]+)">')


def email(name: str = "visitor") -> str:
    return f"{name}-{new_id()}@example.test"


def local_path(link: str) -> str:
    """A link's path and query: the links name the public URL, the test server is local."""
    url = httpx.URL(link)
    assert url.host == "webinars.example.test", link
    return url.raw_path.decode()


def ticket_of(page: httpx.Response) -> str:
    """The room ticket a room page carries."""
    assert page.status_code == 200, page.text
    found = TICKET.search(page.text)
    assert found is not None, page.text
    return found.group(1)


PERSONAL_LINK = re.compile(r'<input id="personal-link"[^>]* value="([^"]+)"')


def personal_link_of(confirmation: httpx.Response) -> str:
    """The personal enter link a registration's confirmation page shows (its path)."""
    assert confirmation.status_code == 200, confirmation.text
    found = PERSONAL_LINK.search(confirmation.text)
    assert found is not None, confirmation.text
    return local_path(html.unescape(found.group(1)))


def ws_url(server_url: str) -> str:
    return server_url.replace("http://", "ws://", 1) + "/room/ws"


def role_of_ticket(server_url: str, ticket: str) -> str:
    """The role the room's socket gives the ticket (its snapshot's ``me.role``)."""
    with Client(ws_url(server_url), ticket) as client:
        frame = client.next_frame()
    assert frame["event"] == "room.snapshot", frame
    role: str = frame["data"]["me"]["role"]
    return role


def _clock(starts_in: timedelta) -> str:
    """A start on the UTC clock (new accounts' and BigMarker's ``UTC`` zone)."""
    return f"{utcnow() + starts_in:%Y-%m-%d %H:%M}"


# BigMarker


def bigmarker_webinar(
    http: httpx.Client,
    tenant: Tenant,
    *,
    starts_in: timedelta = timedelta(minutes=5),
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "channel_id": tenant.channel_id,
        "title": "Links webinar",
        "purpose": "What every link leads to.",
        "start_time": _clock(starts_in),
        "time_zone": "UTC",
        "duration_minutes": 60,
        **fields,
    }
    response = http.post("/api/v1/conferences", headers=tenant.headers, json=body)
    assert response.status_code == 200, response.text
    conference: dict[str, Any] = response.json()
    return conference


def bigmarker_register(
    http: httpx.Client, tenant: Tenant, conference_id: str, address: str
) -> tuple[str, str]:
    """A registrant's ``conference_url`` (the register answer) and ``enter_url``
    (the registrations list)."""
    registered = http.put(
        "/api/v1/conferences/register",
        headers=tenant.headers,
        json={"id": conference_id, "email": address, "first_name": "Reg", "last_name": "Istrant"},
    )
    assert registered.status_code == 200, registered.text
    listed = http.get(
        f"/api/v1/conferences/registrations/{conference_id}", headers=tenant.headers
    ).json()["registrations"]
    (row,) = [r for r in listed if r["email"] == address]
    return registered.json()["conference_url"], row["enter_url"]


def bigmarker_presenter(
    http: httpx.Client, tenant: Tenant, conference_id: str, *, moderator: bool = False
) -> dict[str, Any]:
    response = http.post(
        "/api/v1/presenters",
        headers=tenant.headers,
        json={
            "conference_id": conference_id,
            "presenter_email": email("presenter"),
            "presenter_first_name": "Pres",
            "presenter_last_name": "Enter",
            "is_moderator": moderator,
        },
    )
    assert response.status_code == 200, response.text
    presenter: dict[str, Any] = response.json()
    return presenter


def bigmarker_enter_uri(http: httpx.Client, tenant: Tenant, conference_id: str) -> str:
    response = http.post(
        "/api/v1/conferences/enter",
        headers=tenant.headers,
        json={"id": conference_id, "attendee_name": "Walk In", "attendee_email": email("walkin")},
    )
    assert response.status_code == 200, response.text
    uri: str = response.json()["enter_uri"]
    return uri


# MyOwnConference


def moc_webinar(
    http: httpx.Client, tenant: Tenant, *, starts_in: timedelta = timedelta(minutes=5)
) -> dict[str, Any]:
    """webinarsCreate's answer: alias, webinarLink, mainModeratorLink."""
    created: dict[str, Any] = moc_ok(
        http,
        tenant,
        "webinarsCreate",
        {"name": "Links on MyOwnConference", "start": _clock(starts_in) + ":00", "duration": "60"},
    )
    return created


def moc_moderator_link(http: httpx.Client, tenant: Tenant, alias: str) -> str:
    address = email("moderator")
    moc_ok(http, tenant, "moderatorsCreate", {"name": "Mode Rator", "email": address})
    moc_ok(http, tenant, "moderatorsAddToWebinar", {"alias": alias, "email": [address]})
    rooms = moc_ok(http, tenant, "moderatorsRooms", {"email": address})
    (room,) = [r for r in rooms if r["alias"] == alias]
    link: str = room["moderatorLink"]
    return link


def moc_participant(http: httpx.Client, tenant: Tenant, alias: str) -> tuple[str, str]:
    """A participant attached to the webinar: their e-mail and their ``link``."""
    address = email("participant")
    moc_ok(http, tenant, "attendeesCreate", {"email": address, "name": "Parti Cipant"})
    moc_ok(http, tenant, "attendeesAddToWebinar", {"alias": alias, "attendees": [address]})
    listed = moc_ok(http, tenant, "attendeesList", {"fields": ["email", "link"], "alias": alias})[
        "list"
    ]
    (row,) = [r for r in listed if r["email"] == address]
    return address, row["link"]


# Boomstream


def boomstream_code(http: httpx.Client, tenant: Tenant, title: str) -> str:
    """Boomstream's code of the account's conference titled ``title`` (one)."""
    listed = boomstream_ok(http, tenant, "list")["conferences"]
    (code,) = [c["code"] for c in listed if c["title"] == title]
    return str(code)


def boomstream_invite_link(
    http: httpx.Client, tenant: Tenant, code: str, *, moderator: bool
) -> str:
    body = boomstream_invite(
        http,
        tenant,
        code,
        email("invited"),
        name="In Vited",
        moderator="yes" if moderator else "no",
    )
    link: str = body["inviteLink"]
    return link
