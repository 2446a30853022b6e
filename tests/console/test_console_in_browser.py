"""The console in Chromium: signing in, the navigation by role, signing out,
and the frame on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import Tenant, create_tenant
from tests.console.helpers import add_user, sign_in
from tests.pages.conftest import screenshot
from webinarium.settings import Settings


# Made before the module's browser (see tests/pages/conftest.py: `browser`).
@pytest.fixture(scope="module")
def owner(settings: Settings) -> Tenant:
    return create_tenant(settings, "Browser Webinars")


@pytest.fixture(scope="module")
def channel_admin(settings: Settings, owner: Tenant) -> Tenant:
    return add_user(settings, owner, role="channel_admin", channel_ids=[owner.channel_id])


def test_an_owner_signs_in_sees_the_navigation_and_signs_out(
    server_url: str, owner: Tenant, channel_admin: Tenant, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server_url}/console/webinars")
    expect(page).to_have_url(f"{server_url}/console/sign-in?next=%2Fconsole%2Fwebinars")
    sign_in(page, server_url, owner)
    nav = page.get_by_role("navigation", name="Console")
    for name in ("Webinars", "Connect", "People", "Audit"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(nav.get_by_role("link", name="Webinars")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("No webinars yet.")).to_be_visible()
    screenshot(page, "console-webinars-desktop")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{server_url}/console/sign-in")
    expect(page.get_by_role("status")).to_have_text("You have signed out.")
    page.goto(f"{server_url}/console/webinars")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    context.close()


def test_a_channel_admin_on_a_phone_sees_only_the_webinars(
    server_url: str, channel_admin: Tenant, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    sign_in(page, server_url, channel_admin)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    nav = page.get_by_role("navigation", name="Console")
    expect(nav.get_by_role("link", name="Webinars")).to_be_hidden()
    menu.click()
    expect(nav.get_by_role("link", name="Webinars")).to_be_visible()
    expect(nav.get_by_text("Channel admin · Browser Webinars")).to_be_visible()
    for name in ("Connect", "People", "Audit"):
        expect(nav.get_by_role("link", name=name)).to_have_count(0)
    screenshot(page, "console-webinars-phone-menu")
    context.close()


def test_the_people_page_on_a_phone(
    server_url: str, owner: Tenant, channel_admin: Tenant, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    sign_in(page, server_url, owner)
    screenshot(page, "console-webinars-phone")
    page.goto(f"{server_url}/console/people")
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    expect(page.get_by_role("cell", name=channel_admin.email)).to_be_visible()
    expect(page.get_by_role("button", name="Send the invitation")).to_be_visible()
    screenshot(page, "console-people-phone")
    # The table scrolls within its frame; the page itself does not scroll sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # Inviting through the form: the notice, then the audit log's entry.
    page.get_by_label("E-mail").fill("phone-invitee@example.test")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_have_text("Invitation sent to phone-invitee@example.test")
    page.goto(f"{server_url}/console/audit")
    expect(page.get_by_text("Invited phone-invitee@example.test as Admin")).to_be_visible()
    screenshot(page, "console-audit-phone")
    context.close()
