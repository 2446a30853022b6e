"""BigMarker's custom e-mails, answered from real mails (conformance, issue
15): people register, their confirmations go over SMTP (aiosmtpd in the test
process), one address bounces (a 550), one reader opens and clicks through the
real tracking links, one unsubscribes, one address was on the suppression list
already. email_statistics_data, email_analytics and suppressions then answer
field by field in the document's shapes; every documented error too."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import documented_error
from tests.conftest import Tenant, create_tenant, in_database
from tests.messaging.conftest import mail_rows, states
from tests.messaging.test_mail import (
    CLICK,
    bigmarker_register,
    bigmarker_webinar,
    html_of,
    local,
    text_of,
)
from tests.room.conftest import RoomServer
from tests.servers import BOUNCING, Inbox, until
from webinarium.kit.ids import new_id
from webinarium.kit.time import iso_on_clock
from webinarium.models import Conference, Mail, MailState, Person
from webinarium.settings import Settings

API = "/api/v1"
PIXEL = re.compile(r'src="(https://webinars\.example\.test/mail/open/[^"]+)"')
KIND = "registration_confirmation"


@dataclass(frozen=True)
class Scene:
    """A webinar whose confirmations met every fate; each person's address."""

    conference_id: str
    time_zone: str
    reader: str
    leaver: str
    bounced: str
    plain: str
    withheld: str

    @property
    def custom_email_id(self) -> str:
        return f"{self.conference_id}.{KIND}"


@pytest.fixture(scope="module")
def scene(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
) -> Scene:
    def address(tag: str) -> str:
        return f"{tag}-{new_id()}@example.test"

    reader, leaver, plain, withheld = (address(t) for t in ("reader", "leaver", "plain", "gone"))
    bounced = f"{BOUNCING}{new_id()}@example.test"
    # The withheld address unsubscribed from an earlier webinar's mail.
    earlier = bigmarker_webinar(web, tenant)
    bigmarker_register(web, tenant, earlier["id"], withheld)
    (goodbye,) = inbox.wait_for(withheld)
    unsubscribed = web.post(local(mail_server, goodbye["List-Unsubscribe"].strip("<>")))
    assert unsubscribed.status_code == 200

    webinar = bigmarker_webinar(web, tenant, time_zone="Singapore")
    for email in (reader, leaver, bounced, plain, withheld):
        bigmarker_register(web, tenant, webinar["id"], email)
    (to_reader,) = inbox.wait_for(reader)
    (to_leaver,) = inbox.wait_for(leaver)
    inbox.wait_for(plain)
    until(lambda: states(own_settings, bounced) == [MailState.FAILED], "the bounce")
    until(lambda: len(mail_rows(own_settings, withheld)) == 2, "the withheld mail")

    pixel = PIXEL.search(html_of(to_reader))
    click = CLICK.search(text_of(to_reader))
    assert pixel is not None
    assert click is not None
    assert web.get(local(mail_server, pixel.group(1))).status_code == 200
    assert web.get(local(mail_server, click.group())).status_code == 302
    leaving = web.post(local(mail_server, to_leaver["List-Unsubscribe"].strip("<>")))
    assert leaving.status_code == 200

    zone = _conference(own_settings, webinar["id"]).time_zone
    return Scene(webinar["id"], zone, reader, leaver, bounced, plain, withheld)


def _conference(settings: Settings, conference_id: str) -> Conference:
    async def read(session: AsyncSession) -> Conference:
        conference = await session.get(Conference, conference_id)
        assert conference is not None
        return conference

    return in_database(settings, read)


def _person_id(settings: Settings, tenant: Tenant, email: str) -> str:
    async def read(session: AsyncSession) -> str:
        found = await session.scalar(
            select(Person.id).where(Person.account_id == tenant.account_id, Person.email == email)
        )
        assert found is not None
        return found

    return in_database(settings, read)


def _mail(settings: Settings, conference_id: str, email: str) -> Mail:
    (mail,) = [m for m in mail_rows(settings, email) if m.conference_id == conference_id]
    return mail


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def test_email_statistics_data_as_the_example(
    web: httpx.Client, tenant: Tenant, scene: Scene, bigmarker_operations: dict[str, Any]
) -> None:
    operation = bigmarker_operations["custom_emails_email_statistics_data"]
    example = json.loads(operation["response"]["example"]["text"])
    response = web.get(
        f"{API}/custom_emails/email_statistics_data",
        headers={"API-KEY": tenant.api_key},
        params={"custom_email_id": scene.custom_email_id},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == list(example)
    (group,) = body["data"]
    assert list(group) == list(example["data"][0])
    (entry,) = group["email_list"]
    assert list(entry) == list(example["data"][0]["email_list"][0])
    # Sent: the four the SMTP server was asked about (the withheld one never
    # was); delivered: three of them; opened, clicked, unsubscribed: one each.
    assert group["email_type"] == "Registration Confirmation Email"
    assert entry == {
        "id": scene.custom_email_id,
        "sent_to": 4,
        "delivery_rate": 75,
        "bounce_rate": 25,
        "open_rate": 33.3,
        "click_rate": 33.3,
        "unsubscribe_rate": 33.3,
    }
    # The conference's custom e-mails are found through it.
    listed = web.get(
        f"{API}/custom_emails/email_statistics_data",
        headers=tenant.headers,
        params={"conference_id": scene.conference_id},
    )
    assert listed.status_code == 200, listed.text
    assert listed.json() == body


def test_email_analytics_as_the_example(
    own_settings: Settings,
    web: httpx.Client,
    tenant: Tenant,
    scene: Scene,
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations["custom_emails_email_analytics"]
    example = json.loads(operation["response"]["example"]["text"])
    path = f"{API}/custom_emails/{scene.custom_email_id}/email_analytics"
    response = web.get(path, headers={"API-KEY": tenant.api_key})
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == list(example)
    assert (body["per_page"], body["current_page"]) == (500, 1)
    assert (body["total_entries"], body["total_pages"]) == (8, 1)
    documented = [f["name"] for f in operation["response"]["documented_fields"][0]["fields"]]
    for row in body["xxx"]:
        assert list(row) == documented[:8]

    def mail(email: str) -> Mail:
        return _mail(own_settings, scene.conference_id, email)

    def row(email: str, action_type: str, at: datetime | None) -> dict[str, Any]:
        assert at is not None
        return {
            "recipient": email,
            "recipient_name": "Ada Byron",
            "bmid": _person_id(own_settings, tenant, email),
            "custom_email_id": scene.custom_email_id,
            "conference_id": scene.conference_id,
            "subject": mail(email).subject,
            "action_type": action_type,
            "action_time": iso_on_clock(at, scene.time_zone),
        }

    reader, leaver = mail(scene.reader), mail(scene.leaver)
    expected = [
        row(scene.reader, "delivered", reader.sent_at),
        row(scene.leaver, "delivered", leaver.sent_at),
        row(scene.plain, "delivered", mail(scene.plain).sent_at),
        row(scene.bounced, "suppressed", mail(scene.bounced).bounced_at),
        row(scene.withheld, "suppressed", mail(scene.withheld).created_at),
        row(scene.reader, "opened", reader.opened_at),
        row(scene.reader, "clicked", reader.clicked_at),
        row(scene.leaver, "suppressed", leaver.unsubscribed_at),
    ]
    by_key = sorted(expected, key=lambda r: (r["recipient"], r["action_type"]))
    assert sorted(body["xxx"], key=lambda r: (r["recipient"], r["action_type"])) == by_key
    assert body["xxx"][0]["action_time"].endswith("+08:00")
    times = [r["action_time"] for r in body["xxx"]]
    assert times == sorted(times)

    # Paging, action_type and the millisecond window.
    second = web.get(path, headers=tenant.headers, params={"per_page": 3, "current_page": 2})
    assert second.status_code == 200, second.text
    assert (second.json()["total_entries"], second.json()["total_pages"]) == (8, 3)
    assert second.json()["xxx"] == body["xxx"][3:6]
    for action_type, count in (("delivered", 3), ("opened", 1), ("clicked", 1), ("suppressed", 3)):
        only = web.get(path, headers=tenant.headers, params={"action_type": action_type}).json()
        assert only["total_entries"] == count
        assert {r["action_type"] for r in only["xxx"]} == {action_type}
    opened_at = reader.opened_at
    assert opened_at is not None
    window = {"date_start": _ms(opened_at), "date_end": _ms(opened_at)}
    (opened,) = web.get(path, headers=tenant.headers, params=window).json()["xxx"]
    assert (opened["recipient"], opened["action_type"]) == (scene.reader, "opened")
    early = web.get(path, headers=tenant.headers, params={"date_end": 1667455038672}).json()
    assert (early["total_entries"], early["xxx"]) == (0, [])


def test_suppressions_as_the_example(
    own_settings: Settings,
    web: httpx.Client,
    tenant: Tenant,
    scene: Scene,
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations["custom_emails_suppressions"]
    example = json.loads(operation["response"]["example"]["text"])
    response = web.get(
        f"{API}/custom_emails/{scene.custom_email_id}/suppressions",
        headers={"API-KEY": tenant.api_key},
    )
    assert response.status_code == 200, response.text
    rows = response.json()
    # A list of the example's object (a webinar has several), each with why.
    assert all(list(row) == [*example, "reason"] for row in rows)
    found = {(r["recipient"], r["action_type"], r["reason"]) for r in rows}
    assert found == {
        (scene.bounced, "suppressed", "bounced"),
        (scene.leaver, "suppressed", "unsubscribed"),
        (scene.withheld, "suppressed", "withheld"),
    }
    bounced = _mail(own_settings, scene.conference_id, scene.bounced).bounced_at
    assert bounced is not None
    (row,) = [r for r in rows if r["reason"] == "bounced"]
    assert row["action_time"] == iso_on_clock(bounced, scene.time_zone)


ROUTES = [
    ("custom_emails_email_analytics", "/custom_emails/{id}/email_analytics", {}),
    ("custom_emails_suppressions", "/custom_emails/{id}/suppressions", {}),
    ("custom_emails_email_statistics_data", "/custom_emails/email_statistics_data", None),
]


def _call(web: httpx.Client, key: str, path: str, query: dict[str, str] | None, email_id: str):
    if query is None:
        return web.get(
            f"{API}{path}", headers={"API-KEY": key}, params={"custom_email_id": email_id}
        )
    return web.get(f"{API}{path.format(id=email_id)}", headers={"API-KEY": key})


@pytest.mark.parametrize(("operation_id", "path", "query"), ROUTES)
def test_the_documented_errors(
    operation_id: str,
    path: str,
    query: dict[str, str] | None,
    own_settings: Settings,
    web: httpx.Client,
    tenant: Tenant,
    scene: Scene,
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations[operation_id]
    bad_key = _call(web, "not-a-key", path, query, scene.custom_email_id)
    assert bad_key.status_code == 401
    assert bad_key.json() == documented_error(operation, 401, "API key")

    not_found = documented_error(operation, 404)
    for unknown in (f"{new_id()}.{KIND}", f"{scene.conference_id}.newsletter", "nothing"):
        answer = _call(web, tenant.api_key, path, query, unknown)
        assert (answer.status_code, answer.json()) == (404, not_found), unknown

    # Another account's custom e-mail is answered as one that does not exist.
    other = create_tenant(own_settings, f"Other {operation_id}")
    answer = _call(web, other.api_key, path, query, scene.custom_email_id)
    assert (answer.status_code, answer.json()) == (404, not_found)


def test_bad_parameters_are_clear_400s(web: httpx.Client, tenant: Tenant, scene: Scene) -> None:
    path = f"{API}/custom_emails/{scene.custom_email_id}/email_analytics"
    for params, words in (
        ({"date_start": "yesterday"}, "date_start must be a Unix timestamp in MILLISECONDS"),
        ({"date_end": "9" * 30}, "date_end must be a Unix timestamp in MILLISECONDS"),
        ({"action_type": "bounced"}, "action_type must be one of all, delivered"),
    ):
        answer = web.get(path, headers=tenant.headers, params=params)
        assert answer.status_code == 400, answer.text
        assert words in answer.json()["error"]
    neither = web.get(f"{API}/custom_emails/email_statistics_data", headers=tenant.headers)
    assert neither.status_code == 400
    assert "custom_email_id" in neither.json()["error"]
    mismatched = web.get(
        f"{API}/custom_emails/email_statistics_data",
        headers=tenant.headers,
        params={"custom_email_id": scene.custom_email_id, "conference_id": new_id()},
    )
    assert mismatched.status_code == 404
