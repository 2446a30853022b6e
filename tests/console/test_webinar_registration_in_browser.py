"""The webinar form's registration settings in Debian's Chromium: a seat limit
of 0 refused next to its field, then approval, seats and consent saved and
shown on the overview; a visitor's registration then awaits approval;
screenshots of the form, the overview and that confirmation
(.ci/artifacts/console-webinar-registration-*.png,
public-registration-awaiting-approval.png)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import Tenant, create_tenant
from tests.console.helpers import sign_in
from tests.pages.conftest import screenshot
from tests.pages.helpers import email, local_path
from webinarium.kit.time import utcnow
from webinarium.settings import Settings


@pytest.fixture(scope="module")
def organiser(settings: Settings) -> Tenant:
    """An account of this module's, made before the browser starts (`browser`)."""
    return create_tenant(settings, "Registration settings browser")


def test_registration_settings_in_the_webinar_form(
    server_url: str, organiser: Tenant, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    sign_in(page, server_url, organiser)
    page.goto(f"{server_url}/console/webinars/new")
    start = utcnow() + timedelta(days=3)
    page.get_by_label("Title").fill("Approved guests only")
    page.get_by_label("Start date").fill(f"{start:%Y-%m-%d}")
    page.get_by_label("Start time").fill("16:00")
    page.get_by_label("Duration (minutes)").fill("45")
    section = page.locator("fieldset#registration")
    section.get_by_label("New registrations wait for my approval").check()
    section.get_by_label("Seats").fill("0")
    section.get_by_label("Consent to ask for").fill("I agree to be recorded.")
    page.get_by_role("button", name="Create webinar").click()

    seats = page.locator("#field-registration_limit")
    expect(seats).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#field-registration_limit-error")).to_have_text(
        "Give the number of seats as a whole number of at least 1, or leave it empty."
    )
    # What was typed is kept.
    expect(section.get_by_label("New registrations wait for my approval")).to_be_checked()
    expect(section.get_by_label("Consent to ask for")).to_have_value("I agree to be recorded.")
    screenshot(page, "console-webinar-registration-refused")

    seats.fill("40")
    page.get_by_role("button", name="Create webinar").click()
    expect(page.get_by_text("Webinar created.")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("New registrations wait for your approval")
    expect(facts).to_contain_text("I agree to be recorded.")
    expect(facts.locator("dt:text-is('Seats') + dd")).to_have_text("40")
    screenshot(page, "console-webinar-registration-overview")
    overview_url = page.url
    address = local_path(facts.locator("dt:text-is('Public address') + dd a").inner_text())

    page.goto(overview_url + "/edit")
    expect(page.locator("#field-registration_limit")).to_have_value("40")
    screenshot(page, "console-webinar-registration-form")

    # A visitor registers: the consent asked, then the page says approval is awaited.
    page.goto(server_url + address)
    page.get_by_label("First name").fill("Vic")
    page.get_by_label("E-mail").fill(email("guest"))
    page.get_by_label("I agree to be recorded.").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your registration awaits the organiser's approval"
    )
    expect(page.locator("#personal-link")).to_have_count(0)
    expect(page.get_by_role("link", name="Add to calendar")).to_have_count(0)
    screenshot(page, "public-registration-awaiting-approval")
    context.close()
