"""Connect pages against a server that runs the worker (a database of its
own, a movable clock), with a real webhook receiver (tests/webhooks/receiver.py)
and a real SMTP server (aiosmtpd, tests/servers.py): a test message
delivered and its attempt on the endpoint's page, redelivery, rotation,
disabling; an overridden template in a real registration's mail; a test mail;
"Check connection" with the SMTP server up and down."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import Tenant, create_tenant
from tests.console.helpers import console_client, sign_in, submit
from tests.messaging.test_mail import bigmarker_register, bigmarker_webinar
from tests.pages.conftest import ARTIFACTS, screenshot
from tests.room.conftest import RoomServer, worker_server
from tests.servers import SmtpServer, until
from tests.webhooks.receiver import Receiver
from webinarium.kit.clock import MovableClock
from webinarium.kit.ids import new_id
from webinarium.settings import Settings

SECRET = re.compile(r'data-testid="secret">([^<]+)<')


@pytest.fixture(scope="module")
def server(own_settings: Settings, clock: MovableClock, smtp: SmtpServer) -> Iterator[RoomServer]:
    with worker_server(own_settings, clock, smtp, smtp_timeout_seconds=3.0) as server:
        yield server


@pytest.fixture
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings, "Connect Webinars")


def attempts_shown(page: str) -> int:
    return len(re.findall(r"<td>\d+ ms</td>", page))


def test_an_endpoint_is_tested_redelivered_rotated_and_disabled(
    server: RoomServer, tenant: Tenant, receiver: Receiver
) -> None:
    path = f"/hook-{new_id()}"
    with console_client(server.url, tenant) as client:
        created = submit(
            client,
            "/console/connect/webhooks",
            {"url": receiver.base_url + path, "all_events": "1"},
        )
        assert created.status_code == 200
        first_secret = SECRET.search(created.text).group(1)  # type: ignore[union-attr]
        endpoint = re.search(r"/console/connect/webhooks/(\w+)/test", created.text).group(1)  # type: ignore[union-attr]
        page_path = f"/console/connect/webhooks/{endpoint}"

        assert submit(client, f"{page_path}/test", {}).status_code == 303
        (message,) = until(lambda: receiver.at(path), "the test message")
        assert message.json["type"] == "webhook.test"
        assert message.verifies(first_secret)
        until(lambda: attempts_shown(client.get(page_path).text) == 1, "the attempt shown")
        page = client.get(page_path).text
        assert "webhook.test" in page
        assert "delivered" in page
        assert "<td>200" in page
        delivery = re.search(r"/deliveries/(\w+)/redeliver", page).group(1)  # type: ignore[union-attr]

        assert submit(client, f"{page_path}/deliveries/{delivery}/redeliver", {}).status_code == 303
        until(lambda: len(receiver.at(path)) == 2, "the redelivery")
        until(lambda: attempts_shown(client.get(page_path).text) == 2, "its second attempt")
        # Another endpoint's page does not send this endpoint's delivery again.
        other = submit(
            client,
            "/console/connect/webhooks",
            {"url": receiver.base_url + f"/other-{new_id()}", "all_events": "1"},
        )
        other_id = re.search(r"/console/connect/webhooks/(\w+)/test", other.text).group(1)  # type: ignore[union-attr]
        elsewhere = submit(
            client, f"/console/connect/webhooks/{other_id}/deliveries/{delivery}/redeliver", {}
        )
        assert elsewhere.status_code == 404, elsewhere.text

        rotated = submit(client, f"{page_path}/rotate", {})
        second_secret = SECRET.search(rotated.text).group(1)  # type: ignore[union-attr]
        assert second_secret != first_secret
        assert second_secret not in client.get(page_path).text

        assert submit(client, f"{page_path}/enabled", {"enabled": "0"}).status_code == 303
        page = client.get(page_path).text
        assert "Disabled" in page
        assert ">Enable<" in page
        refused = submit(client, f"{page_path}/test", {})
        assert refused.status_code in (400, 409)
        assert len(receiver.at(path)) == 2

        assert submit(client, f"{page_path}/delete", {}).status_code == 303
        assert client.get(page_path).status_code == 404


def test_an_overridden_template_is_what_a_registration_mails(
    server: RoomServer, tenant: Tenant, smtp: SmtpServer
) -> None:
    with console_client(server.url, tenant) as client:
        saved = submit(
            client,
            "/console/connect/emails/registration_confirmation",
            {
                "language": "en",
                "action": "save",
                "subject": "Seat kept for {{ title }}",
                "text": "Dear {{ name }}, here is your link: {{ track(enter_url) }}",
                "html": '<p>Dear {{ name }}</p><a href="{{ track(enter_url) }}">Enter</a>',
            },
        )
        assert saved.status_code == 303
        with httpx.Client(base_url=server.url, timeout=30) as web:
            webinar = bigmarker_webinar(web, tenant, title="Override <check>")
            reader = f"reader-{new_id()}@example.test"
            bigmarker_register(web, tenant, webinar["id"], reader)
        (mail,) = smtp.inbox.wait_for(reader)
        assert mail["Subject"] == "Seat kept for Override <check>"
        html_part = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert "<p>Dear Ada</p>" in html_part
        assert "/mail/click/" in html_part

        # A test of the saved template goes to the signed-in user.
        tested = submit(
            client,
            "/console/connect/emails/registration_confirmation",
            {"language": "en", "action": "test"},
        )
        assert tested.status_code == 303
        (test_mail,) = smtp.inbox.wait_for(tenant.email)
        assert test_mail["Subject"] == "Seat kept for Sample webinar"


def test_check_connection_says_whether_the_smtp_server_answers(
    server: RoomServer, tenant: Tenant, smtp: SmtpServer
) -> None:
    with console_client(server.url, tenant) as client:
        page = client.get("/console/connect/smtp").text
        assert 'data-testid="smtp-host">127.0.0.1<' in page
        assert f"<dd>{smtp.inbox.port}</dd>" in page
        up = client.get("/console/connect/smtp?check=1")
        assert up.status_code == 200
        assert "connection and EHLO work" in up.text
        smtp.stop()
        try:
            down = client.get("/console/connect/smtp?check=1")
        finally:
            smtp.start()
        assert down.status_code == 200
        assert "could not be reached" in down.text


# Module-scoped, asked for before `browser`: once the browser runs,
# tests.conftest.in_database cannot (tests/pages/conftest.py: `browser`).
@pytest.fixture(scope="module")
def browser_tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings, "Browser Connect")


def shown_attempts(page: Page) -> int:
    page.reload()
    return attempts_shown(page.content())


def test_the_connect_pages_in_a_browser_on_a_desktop_and_a_phone(
    server: RoomServer, browser_tenant: Tenant, receiver: Receiver, browser: Browser
) -> None:
    tenant = browser_tenant
    path = f"/browser-{new_id()}"
    for name, options in [
        ("desktop", {"viewport": {"width": 1280, "height": 900}}),
        ("phone", {"viewport": {"width": 390, "height": 844}, "is_mobile": True}),
    ]:
        context = browser.new_context(**options)
        page = context.new_page()
        sign_in(page, server.url, tenant)

        page.goto(f"{server.url}/console/connect/api-keys")
        page.get_by_label("Name").fill(f"Zapier {name}")
        page.get_by_role("button", name="Create key").click()
        expect(page.get_by_test_id("new-key")).to_have_text(re.compile(r"^\S{20,}$"))
        expect(page.get_by_role("cell", name=f"Zapier {name}")).to_be_visible()
        screenshot(page, f"connect-api-keys-{name}")

        page.goto(f"{server.url}/console/connect/webhooks")
        page.get_by_label("URL").fill(receiver.base_url + path)
        page.get_by_role("button", name="Add endpoint").click()
        expect(page.get_by_test_id("secret")).to_have_text(re.compile(r"^whsec_"))
        page.get_by_role("button", name="Send a test").click()
        expect(page.get_by_role("status").first).to_have_text("Test message queued")
        until(lambda shown=page: shown_attempts(shown) >= 1, "the attempt")
        expect(page.get_by_text("delivered").first).to_be_visible()
        screenshot(page, f"connect-webhook-{name}")

        page.goto(f"{server.url}/console/connect/emails/registration_confirmation")
        page.get_by_label("Subject").fill("Your seat at {{ title }}")
        page.get_by_role("button", name="Preview").click()
        expect(page.get_by_test_id("preview-subject")).to_have_text("Your seat at Sample webinar")
        preview = page.frame_locator("iframe.mail-preview")
        expect(preview.get_by_text("Enter the webinar")).to_be_visible()
        screenshot(page, f"connect-email-{name}")
        # The frame alone too: a full-page picture may catch it before it repaints.
        page.locator("iframe.mail-preview").screenshot(
            path=str(ARTIFACTS / f"connect-email-preview-{name}.png")
        )
        context.close()
