"""Issue 18's journey in Debian's Chromium, from the organiser's sign-in to a
webhook delivered, on a server with its own worker (webhooks) and database:

1. the owner of a fresh account signs in;
2. creates a webinar starting in ten minutes through the console's form;
3. adds a registration question on its edit page;
4. a visitor (a browser context of their own, no console cookie) registers on
   the public page, answering it, and gets the confirmation with the enter link;
5. the console's registrants list shows them with their answer;
6. the organiser enters the room as host from the overview, starts the
   webinar, the visitor comes in by their link, the host ends it;
7. the report counts 1 registered, 1 attended; its attendees CSV downloads;
8. Connect: an endpoint for ``registration.created`` at a real receiver; a copy
   of the webinar, a second visitor registers to it, and the endpoint's page
   shows the delivery delivered, as the receiver got it.

Every page is kept as ``.ci/artifacts/e2e-NN-*.png``."""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

from tests.conftest import Tenant, create_tenant
from tests.console.helpers import sign_in
from tests.pages.conftest import screenshot
from tests.room.conftest import RoomServer, worker_server
from tests.webhooks.receiver import Receiver
from webinarium.kit.clock import MovableClock
from webinarium.kit.ids import new_id
from webinarium.kit.time import utcnow
from webinarium.settings import Settings

LAPTOP = {"width": 1280, "height": 860}
WAIT = 30.0
HOOK_PATH = "/e2e-registrations"
TITLE = "Launch <b>day</b> & Q&A"


@pytest.fixture(scope="module")
def server(own_settings: Settings, clock: MovableClock) -> Iterator[RoomServer]:
    # The room runs on the real time: the clock is never moved.
    with worker_server(own_settings, clock) as server:
        yield server


# Module-scoped and asked for before `browser`: once the browser runs,
# tests.conftest.in_database cannot (tests/pages/conftest.py).
@pytest.fixture(scope="module")
def organiser(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings, "End to end")


def on_server(server: RoomServer, link: str) -> str:
    """A link the app wrote (on its public URL) as an address of the test server."""
    address = urlsplit(link)
    return f"{server.url}{address.path}" + (f"?{address.query}" if address.query else "")


def public_address(page: Page) -> str:
    """The overview's "Public address" (the registration page)."""
    link = page.locator("dl.facts dt:text-is('Public address') + dd a")
    return link.get_attribute("href") or ""


def accept_confirms(page: Page) -> list[str]:
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        if dialog.type == "confirm":
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    return asked


def fill_registration(
    context: BrowserContext, address: str, name: str, email: str, company: str
) -> Page:
    """The public registration page in ``context``, its form filled in (not sent)."""
    page = context.new_page()
    page.goto(address)
    page.get_by_label("First name").fill(name)
    page.get_by_label("Last name").fill("Visitor")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Company").fill(company)
    return page


def until_delivered(page: Page) -> None:
    """Reloads the endpoint's page until a delivery shows as delivered; if none
    does in time, fails with what the page shows (and keeps its picture)."""
    deadline = time.monotonic() + WAIT
    while page.locator(".delivery .status-delivered").count() == 0:
        if time.monotonic() > deadline:
            screenshot(page, "e2e-99-not-delivered")
            raise AssertionError(page.locator("main").inner_text())
        time.sleep(0.2)
        page.reload()


def test_from_sign_in_to_a_report_and_a_webhook(
    server: RoomServer, receiver: Receiver, organiser: Tenant, browser: Browser
) -> None:
    console = browser.new_context(viewport=LAPTOP, accept_downloads=True)  # type: ignore[arg-type]
    page = console.new_page()

    # 1. Sign in.
    page.goto(f"{server.url}/console/sign-in")
    screenshot(page, "e2e-01-sign-in")
    sign_in(page, server.url, organiser)
    expect(page.get_by_role("link", name="New webinar")).to_be_visible()
    screenshot(page, "e2e-02-webinars-empty")

    # 2. Create a webinar starting in ten minutes.
    page.get_by_role("link", name="New webinar").click()
    start = utcnow() + timedelta(minutes=10)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill("Everything in one go.")
    page.get_by_label("Start date").fill(f"{start:%Y-%m-%d}")
    page.get_by_label("Start time").fill(f"{start:%H:%M}")
    page.get_by_label("Time zone").select_option("UTC")
    page.get_by_label("Duration (minutes)").fill("45")
    screenshot(page, "e2e-03-new-webinar")
    page.get_by_role("button", name="Create webinar").click()
    expect(page.get_by_text("Webinar created.")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    overview = page.url
    webinar_id = overview.rsplit("/", 1)[-1]
    assert re.fullmatch(r"\w+", webinar_id), overview
    screenshot(page, "e2e-04-overview")

    # 3. A registration question, on the edit page.
    page.get_by_role("navigation", name="Webinar").get_by_role("link", name="Edit").click()
    question = page.locator("[data-question]").first
    question.get_by_label("Question").fill("Company")
    question.get_by_label("Required").check()
    screenshot(page, "e2e-05-edit-question")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(overview)
    registration_page = on_server(server, public_address(page))

    # 4. A visitor registers, answering the question.
    visitor = browser.new_context(viewport=LAPTOP)  # type: ignore[arg-type]
    visitor_email = f"vera-{new_id()}@example.test"
    form = fill_registration(visitor, registration_page, "Vera", visitor_email, "Acme <Rockets>")
    expect(form.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(form.get_by_label("Company")).to_have_attribute("required", "")
    screenshot(form, "e2e-06-registration-page")
    form.get_by_role("button", name="Register").click()
    form.wait_for_url("**/registered?token=*")
    expect(form.get_by_text("You are registered")).to_be_visible()
    enter_link = form.locator("#personal-link").input_value()
    assert urlsplit(enter_link).path == urlsplit(registration_page).path
    assert "token=" in urlsplit(enter_link).query
    expect(form.get_by_role("link", name="Enter now")).to_be_visible()
    screenshot(form, "e2e-07-confirmation")
    form.close()

    # 5. The registrant and the answer, in the console.
    page.get_by_role("navigation", name="Webinar").get_by_role("link", name="Registrants").click()
    table = page.locator("table.registrants")
    expect(table.get_by_role("columnheader", name="Company")).to_be_visible()
    row = table.locator("tbody tr", has_text=visitor_email)
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell", name="Acme <Rockets>", exact=True)).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(1)
    screenshot(page, "e2e-08-registrants")

    # 6. The room: the host enters from the overview, starts, the visitor
    # comes in by the link, the host ends it.
    page.goto(overview)
    with console.expect_page() as opened:
        page.get_by_role("button", name="Enter the room as host").click()
    host = opened.value
    asked = accept_confirms(host)
    host.wait_for_load_state()
    expect(host.locator("body")).to_have_attribute("data-status", "waiting")
    screenshot(host, "e2e-09-room-host-waiting")
    host.get_by_role("button", name="Start webinar").click()
    expect(host.locator("body")).to_have_attribute("data-status", "live")

    attendee = visitor.new_page()
    attendee.goto(on_server(server, enter_link))
    expect(attendee.locator("body")).to_have_attribute("data-status", "live")
    expect(attendee.locator("body")).to_have_attribute("data-role", "attendee")
    expect(host.locator("#count")).to_have_text("2")
    screenshot(attendee, "e2e-10-room-attendee-live")
    screenshot(host, "e2e-11-room-host-live")

    host.get_by_role("button", name="End webinar").click()
    expect(host.locator("body")).to_have_attribute("data-status", "ended")
    expect(attendee.locator("body")).to_have_attribute("data-status", "ended")
    assert asked == ["End the webinar for everyone?"]
    # The end closes the host's socket too: that is no lost connection.
    expect(host.get_by_role("heading", name="This webinar has ended")).to_be_visible()
    expect(host.locator("#connection")).to_be_hidden()
    screenshot(host, "e2e-12-room-ended")
    host.close()
    visitor.close()

    # 7. The report, and its attendees CSV.
    page.goto(overview)
    expect(page.locator("dl.facts .status")).to_have_text(re.compile("ended", re.IGNORECASE))
    page.get_by_role("navigation", name="Webinar").get_by_role("link", name="Report").click()
    expect(page.locator('[data-figure="registered"]')).to_have_text("1")
    expect(page.locator('[data-figure="attended"]')).to_have_text("1")
    expect(page.locator('[data-figure="attendance-rate"]')).to_have_text("100.0 %")
    expect(page.locator('[data-figure="peak-viewers"]')).to_have_text("1")
    expect(page.locator("#visits-heading ~ details summary")).to_have_text("The data (1 stay)")
    screenshot(page, "e2e-13-report")
    with page.expect_download() as download:
        page.locator('a[href$="/report/attendees.csv"]').click()
    assert download.value.suggested_filename.endswith(".csv")
    (attended,) = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert attended["email"] == visitor_email
    assert attended["name"] == "Vera Visitor"
    assert attended["first_entered"]

    # 8. Connect: an endpoint for registrations, a real one caused, delivered.
    page.get_by_role("link", name="Connect", exact=True).click()
    screenshot(page, "e2e-14-connect")
    page.get_by_role("navigation", name="Connect").get_by_role("link", name="Webhooks").click()
    page.get_by_label("URL").fill(receiver.base_url + HOOK_PATH)
    page.get_by_label("All events").uncheck()
    page.get_by_label("registration.created").check()
    screenshot(page, "e2e-15-webhooks")
    page.get_by_role("button", name="Add endpoint").click()
    expect(page.get_by_test_id("secret")).to_have_text(re.compile(r"^whsec_"))
    secret = page.get_by_test_id("secret").inner_text()
    expect(page.get_by_text("No deliveries yet.")).to_be_visible()
    screenshot(page, "e2e-16-endpoint-created")
    webhooks_page = f"{server.url}/console/connect/webhooks"

    # The webinar is over: its copy takes the next registration.
    page.goto(overview)
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_text("Copy made")).to_be_visible()
    screenshot(page, "e2e-17-copy-edit")
    page.get_by_role("navigation", name="Webinar").get_by_role("link", name="Overview").click()
    copy_registration = on_server(server, public_address(page))
    assert copy_registration != registration_page

    second = browser.new_context(viewport=LAPTOP)  # type: ignore[arg-type]
    second_email = f"sam-{new_id()}@example.test"
    form = fill_registration(second, copy_registration, "Sam", second_email, "Globex")
    form.get_by_role("button", name="Register").click()
    form.wait_for_url("**/registered?token=*")
    expect(form.get_by_text("You are registered")).to_be_visible()
    second.close()

    page.goto(webhooks_page)
    endpoint = page.get_by_role("row", name=receiver.base_url + HOOK_PATH)
    expect(endpoint.get_by_role("cell", name="registration.created", exact=True)).to_be_visible()
    endpoint.get_by_role("link").click()
    until_delivered(page)
    delivery = page.locator(".delivery")
    expect(delivery).to_have_count(1)
    expect(delivery.locator("code")).to_have_text("registration.created")
    expect(delivery.locator("table.attempts tbody tr")).to_have_count(1)
    expect(delivery.locator("table.attempts tbody td").nth(1)).to_have_text("200")
    screenshot(page, "e2e-18-endpoint-delivered")

    (message,) = receiver.at(HOOK_PATH)
    assert message.verifies(secret)
    assert message.json["type"] == "registration.created"
    assert second_email in message.body
    console.close()
