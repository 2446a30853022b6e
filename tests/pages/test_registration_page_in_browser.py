"""The public pages in Chromium: registering with the keyboard alone, the
confirmation and its calendar file, the on-demand page's form; screenshots of
each page on a desktop and on a phone (.ci/artifacts/public-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from tests.conftest import Tenant
from tests.pages.conftest import screenshot
from tests.pages.helpers import bigmarker_presenter, bigmarker_webinar, email, local_path
from tests.recordings.helpers import store_mp4
from webinarium.settings import Settings

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@contextmanager
def visitor(browser: Browser, **options: Any) -> Iterator[Page]:
    """A page of a browser context of its own: one person."""
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


def _open(page: Page, server_url: str, path: str, status: int = 200) -> None:
    response = page.goto(server_url + path)
    assert response is not None, path
    assert response.status == status, path


@pytest.fixture(scope="module")
def on_demand_page(
    http: httpx.Client,
    settings: Settings,
    alice: Tenant,
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """An ended webinar's published recording that asks viewers to register:
    its page's path. Made before the browser starts (a module's fixture named
    before ``browser``: the database's event loop and Playwright's do not share
    the thread)."""
    webinar = bigmarker_webinar(
        http, alice, title="Quarterly review", starts_in=timedelta(hours=-3)
    )
    store_mp4(settings, alice, webinar["id"], tmp_path_factory.mktemp("on-demand"))
    published = http.get(
        f"/api/v1/conferences/{webinar['id']}/publish_recording", headers=alice.headers
    )
    assert published.status_code == 200
    return f"{local_path(webinar['conference_address'])}/recording"


# First in the module: its fixture writes to the database before the browser starts.
def test_the_on_demand_page_registers_then_plays(
    on_demand_page: str, server_url: str, browser: Browser
) -> None:
    with visitor(browser, **PHONE) as page:
        _open(page, server_url, on_demand_page, status=401)
        screenshot(page, "public-on-demand-phone")
    with visitor(browser, **DESKTOP) as page:
        _open(page, server_url, on_demand_page, status=401)
        screenshot(page, "public-on-demand")
        page.get_by_label("First name").fill("Vic")
        page.get_by_label("E-mail").fill(email("viewer"))
        page.get_by_role("button", name="Register and watch").click()
        page.wait_for_url("**/recording?token=*")
        expect(page.locator("video#recording")).to_be_visible()
        screenshot(page, "public-on-demand-watching")


def test_registering_with_the_keyboard_alone_then_the_calendar_file(
    http: httpx.Client, server_url: str, alice: Tenant, browser: Browser, tmp_path: Path
) -> None:
    webinar = bigmarker_webinar(
        http,
        alice,
        title="Keyboard-only webinar",
        purpose="How the registration page reads without a mouse.\n\nSecond paragraph.",
        starts_in=timedelta(days=2),
        custom_fields=[
            {
                "field_name": "Role",
                "field_type": "dropdown",
                "options": ["Dev", "Ops"],
                "required": True,
            },
            {"field_name": "Send me the slides", "field_type": "checkbox"},
        ],
        registration_consent_text="I agree that my e-mail is kept to send me this webinar's links.",
    )
    bigmarker_presenter(http, alice, webinar["id"])
    address = local_path(webinar["conference_address"])

    with visitor(browser, **PHONE) as page:
        _open(page, server_url, address)
        screenshot(page, "public-registration-phone")

    with visitor(browser, **DESKTOP) as page:
        _open(page, server_url, address)
        screenshot(page, "public-registration")
        # Sent empty with the keyboard: each problem beside its field.
        for _ in range(7):
            page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Register")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("#form-error")).to_be_visible()
        expect(page.get_by_label("First name")).to_have_attribute("aria-invalid", "true")
        screenshot(page, "public-registration-errors")

        page.keyboard.press("Tab")  # the first input, after the page's first Tab
        page.get_by_label("First name").focus()
        expect(page.get_by_label("First name")).to_be_focused()
        page.keyboard.type("Kay")
        page.keyboard.press("Tab")
        page.keyboard.type("Board")
        page.keyboard.press("Tab")
        page.keyboard.type(email("keys"))
        page.keyboard.press("Tab")
        expect(page.get_by_label("Role")).to_be_focused()
        page.keyboard.type("Ops")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # the slides
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # the consent
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Register")).to_be_focused()
        page.keyboard.press("Enter")

        page.wait_for_url("**/registered?token=*")
        expect(page.get_by_text("You are registered")).to_be_visible()
        link = page.locator("#personal-link").input_value()
        assert local_path(link).startswith(f"{address}?token=")
        screenshot(page, "public-confirmation")

        calendar = page.get_by_role("link", name="Add to calendar")
        calendar.focus()
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        saved = tmp_path / "webinar.ics"
        download.value.save_as(saved)

    (event,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    start = datetime.strptime(webinar["start_time"][:16], "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert event.decoded("dtstart") == start
    assert str(event.get("url")) == link

    with visitor(browser, **PHONE) as page:
        _open(page, server_url, local_path(link).replace("?token=", "/registered?token=", 1))
        screenshot(page, "public-confirmation-phone")
