"""The console's webinar pages in Debian's Chromium: create a webinar with a
registration question through the form, find it in the list, open its
overview and enter its room as host in one click; screenshots of the list,
the form and the overview on a laptop and a phone (.ci/artifacts/)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import Tenant, create_tenant
from tests.console.helpers import sign_in
from tests.pages.conftest import screenshot
from webinarium.kit.time import utcnow
from webinarium.settings import Settings

LAPTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def organiser(settings: Settings) -> Tenant:
    """An account of this module's, made before the browser starts (`browser`)."""
    return create_tenant(settings, "Console browser")


def test_create_list_open_and_enter_as_host(
    server_url: str, organiser: Tenant, browser: Browser
) -> None:
    fresh_tenant = organiser
    context = browser.new_context(viewport=LAPTOP)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in(page, server_url, fresh_tenant)

    page.get_by_role("link", name="New webinar").click()
    expect(page.get_by_role("heading", name="New webinar")).to_be_visible()
    # Soon enough for the host to enter its room now (an hour before the start).
    start = utcnow() + timedelta(minutes=20)
    page.get_by_label("Title").fill("Browser <b>launch</b>")
    page.get_by_label("Description").fill("Made by clicking.")
    page.get_by_label("Start date").fill(f"{start:%Y-%m-%d}")
    page.get_by_label("Start time").fill(f"{start:%H:%M}")
    page.get_by_label("Time zone").select_option("UTC")
    page.get_by_label("Duration (minutes)").fill("30")
    # A question added with the form's own button, then the first row filled.
    page.get_by_role("button", name="Add a question").click()
    expect(page.locator("[data-question]")).to_have_count(4)
    first = page.locator("[data-question]").first
    first.get_by_label("Question").fill("Company")
    first.get_by_label("Required").check()
    last = page.locator("[data-question]").last
    last.get_by_label("Question").fill("Team size")
    last.get_by_label("Answer type").select_option("dropdown")
    last.get_by_label("Options").fill("1-10\n11+")
    page.get_by_label("Record automatically from the start to the end").check()
    screenshot(page, "console-webinar-form")
    page.get_by_role("button", name="Create webinar").click()

    expect(page.get_by_text("Webinar created.")).to_be_visible()
    expect(page.get_by_role("heading", name="Browser <b>launch</b>")).to_be_visible()
    expect(page.locator(".checklist").get_by_text("Recording", exact=True)).to_be_visible()
    expect(page.get_by_text("No recording yet.")).to_be_visible()
    screenshot(page, "console-webinar-overview")
    overview_url = page.url

    page.get_by_role("link", name="Webinars", exact=True).first.click()
    expect(page.get_by_role("link", name="Browser <b>launch</b>")).to_be_visible()
    screenshot(page, "console-webinar-list")

    page.goto(f"{overview_url}/edit")
    expect(page.locator("[data-question]").nth(1).get_by_label("Question")).to_have_value(
        "Team size"
    )

    page.goto(overview_url)
    with context.expect_page() as opened:
        page.get_by_role("button", name="Enter the room as host").click()
    room = opened.value
    room.wait_for_load_state()
    # The organiser's controls: the waiting room's Start, for the host only.
    expect(room.get_by_role("button", name="Start webinar")).to_be_visible()
    assert "/console/" not in room.url

    phone = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    small = phone.new_page()
    sign_in(small, server_url, fresh_tenant)
    expect(small.get_by_role("link", name="Browser <b>launch</b>")).to_be_visible()
    screenshot(small, "console-webinar-list-phone")
    small.goto(f"{server_url}/console/webinars/new")
    screenshot(small, "console-webinar-form-phone")
    small.goto(overview_url)
    expect(small.get_by_role("button", name="Enter the room as host")).to_be_visible()
    screenshot(small, "console-webinar-overview-phone")
    phone.close()
    context.close()
