"""A webinar's content in Chromium: add a presenter, upload a handout, create
a poll; screenshots on a desktop and on a phone (.ci/artifacts/)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import Tenant
from tests.console.helpers import sign_in
from tests.files.helpers import pdf_bytes
from tests.pages.conftest import screenshot
from tests.pages.helpers import bigmarker_webinar, email

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def webinar_id(http: httpx.Client, alice: Tenant) -> str:
    # Made before the browser starts (tests/pages/conftest.py: `browser`).
    webinar_id: str = bigmarker_webinar(http, alice, title="Browser content")["id"]
    return webinar_id


def test_presenter_handout_and_poll_in_the_browser(
    webinar_id: str, server_url: str, alice: Tenant, tmp_path: Path, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server_url, alice)
    base = f"{server_url}/console/webinars/{webinar_id}"

    page.goto(f"{base}/presenters")
    speaker = email("speaker")
    page.get_by_role("textbox", name="E-mail", exact=True).fill(speaker)
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Byron")
    page.get_by_label("Title", exact=True).fill("Chief <Engineer>")
    page.get_by_label("E-mail the invitation with their personal link now").uncheck()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("status")).to_have_text(f"{speaker} added.")
    expect(page.get_by_text("Chief <Engineer>", exact=False)).to_be_visible()
    page.locator("summary", has_text="Personal link").click()
    link = page.get_by_label("Personal link of Ada Byron")
    expect(link).to_be_visible()
    assert "?presenter=" in link.input_value()
    screenshot(page, "console-presenters-desktop")

    deck = tmp_path / "agenda.pdf"
    deck.write_bytes(pdf_bytes(2))
    page.goto(f"{base}/content")
    page.get_by_role("textbox", name="Title", exact=True).fill("Agenda")
    page.get_by_label("File to upload", exact=True).set_input_files(str(deck))
    page.get_by_role("button", name="Add the handout").click()
    expect(page.get_by_role("status")).to_have_text("Handout “Agenda” added.")
    expect(page.get_by_text("Ready", exact=True)).to_be_visible()
    screenshot(page, "console-content-desktop")

    page.goto(f"{base}/engagement")
    page.get_by_role("textbox", name="Question", exact=True).first.fill("Which topic next?")
    page.get_by_label("Choices, one a line").first.fill("Pricing\nRoadmap")
    page.get_by_role("button", name="Create the poll").click()
    expect(page.get_by_role("status")).to_have_text("Poll created.")
    expect(page.get_by_text("Which topic next?")).to_be_visible()
    screenshot(page, "console-engagement-desktop")
    context.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    sign_in(page, server_url, alice)
    for section in ("presenters", "content", "engagement"):
        page.goto(f"{base}/{section}")
        # Nothing wider than the phone: no sideways scrolling.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (section, width)
        screenshot(page, f"console-{section}-phone")
    phone.close()
