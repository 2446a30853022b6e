"""The dev mailbox: with no SMTP server configured (``make run``'s default)
every mail is kept in the database and /dev/mail shows it; in production the
page is not there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import httpx
import pytest

from tests.conftest import Tenant, create_tenant
from tests.messaging.conftest import mail_rows
from tests.messaging.test_mail import address, bigmarker_register, bigmarker_webinar
from tests.room.conftest import RoomServer, worker_server
from tests.servers import until
from webinarium.kit.clock import MovableClock
from webinarium.models import Mail, MailState
from webinarium.settings import Settings


@pytest.fixture(scope="module")
def server(own_settings: Settings, clock: MovableClock) -> Iterator[RoomServer]:
    with worker_server(own_settings, clock) as running:
        yield running


@pytest.fixture(scope="module")
def web(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings, "Dev Mail")


def test_without_smtp_mail_is_kept_and_shown_at_dev_mail(
    web: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    email = address("newcomer")
    title = "Kept mail"
    row = kept_confirmation(web, own_settings, tenant, title, email)
    assert row.sent_at is None
    assert row.attempts == 0

    listing = web.get("/dev/mail")
    assert listing.status_code == 200
    assert f'href="/dev/mail/{row.id}"' in listing.text
    assert email in listing.text
    assert f"You are registered: {title}" in listing.text  # the mail's subject

    page = web.get(f"/dev/mail/{row.id}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    frame = re.search(r'<iframe class="mail-html" sandbox [^>]*srcdoc="([^"]*)"', page.text)
    assert frame is not None
    assert title in unescape(frame.group(1))
    assert "<a href=" in unescape(frame.group(1))
    assert "List-Unsubscribe-Post" in page.text
    assert "webinar.ics" in page.text
    assert "BEGIN:VCALENDAR" in page.text
    assert web.get("/dev/mail/01a000000000000000000").status_code == 404


def kept_confirmation(
    web: httpx.Client, settings: Settings, tenant: Tenant, title: str, email: str
) -> Mail:
    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant, title=title)["id"], email)
    until(
        lambda: [r.state for r in mail_rows(settings, email)] == [MailState.KEPT],
        "the kept mail",
    )
    (row,) = mail_rows(settings, email)
    return row


def test_there_is_no_dev_mailbox_in_production(
    web: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    row = kept_confirmation(web, own_settings, tenant, "Production", address("prod"))
    assert web.get(f"/dev/mail/{row.id}").status_code == 200
    production = RoomServer(own_settings, environment="production", worker_in_serve=False).start()
    try:
        with httpx.Client(base_url=production.url, timeout=30) as client:
            assert client.get("/dev/mail").status_code == 404
            assert client.get(f"/dev/mail/{row.id}").status_code == 404
    finally:
        production.stop()
