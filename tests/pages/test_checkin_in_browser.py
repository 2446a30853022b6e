"""The check-in page in Debian's Chromium: a moderator (their presenter link)
types a registrant's QR code value as a USB scanner would (the value, then
Enter); the name appears, a second scan says "already checked in", a wrong
value says why; BigMarker's ``checked_in_registrants`` lists the registrant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.api.webinarium.checkins import register
from tests.conftest import Tenant
from tests.pages.conftest import CHROMIUM, CHROMIUM_FLAGS, screenshot
from tests.pages.helpers import bigmarker_presenter, bigmarker_webinar, email, local_path

# Chromium's own fake camera, allowed without asking: the page's camera path
# runs on a real MediaStream.
FAKE_CAMERA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
# Chromium on Linux has no BarcodeDetector (the Shape Detection API is for
# macOS, Android and ChromeOS): the test gives the page one that reads the
# codes the test shows it, as a detector reads them from a frame.
SHOWN_CODES = """
window.shownCodes = [];
window.BarcodeDetector = class {
  constructor(options) { window.detectorFormats = options.formats; }
  async detect(source) {
    if (!(source instanceof HTMLVideoElement) || !source.srcObject) throw new Error("no frame");
    return window.shownCodes.map((rawValue) => ({ rawValue, format: "qr_code" }));
  }
};
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The pages' Chromium (tests/pages/conftest.py) with a fake camera."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS + FAKE_CAMERA
        )
        yield chromium
        chromium.close()


def _moderator_page(http: httpx.Client, tenant: Tenant, title: str) -> dict[str, Any]:
    webinar = bigmarker_webinar(http, tenant, title=title)
    moderator = bigmarker_presenter(http, tenant, webinar["id"], moderator=True)
    token = parse_qs(urlsplit(moderator["presenter_url"]).query)["presenter"][0]
    path = local_path(webinar["conference_address"]) + "/check-in"
    return {"webinar": webinar, "token": token, "path": f"{path}?presenter={token}"}


def test_a_moderator_scans_a_registrant_in(
    http: httpx.Client, server_url: str, alice: Tenant, browser: Browser
) -> None:
    staff = _moderator_page(http, alice, "Meetup at the venue")
    webinar, token = staff["webinar"], staff["token"]
    address = email("katherine")
    value = register(http, alice, webinar["id"], address, "Katherine", "Johnson")

    context = browser.new_context(viewport={"width": 900, "height": 700})
    page = context.new_page()
    page.goto(f"{server_url}{staff['path']}")
    # No BarcodeDetector in this browser: no camera button.
    expect(page.get_by_role("button", name="Scan with camera")).to_be_hidden()
    count = page.locator("#checked-in-count")
    expect(count).to_have_text("0")
    field = page.get_by_label("QR code value")
    expect(field).to_be_focused()
    field.type(value)
    field.press("Enter")
    log = page.locator("#check-in-log")
    first = log.locator(".check-in-result").first
    expect(first).to_contain_text("Katherine Johnson")
    expect(first).to_contain_text("checked in at")
    expect(field).to_have_value("")
    expect(count).to_have_text("1")
    # The page did not reload: the script sent the value.
    assert page.url.endswith(f"?presenter={token}")

    field.type(value)
    field.press("Enter")
    expect(log.locator(".check-in-result.already")).to_contain_text("already checked in at")
    field.type("no-such-code")
    field.press("Enter")
    refused = log.locator(".check-in-result.refused")
    expect(refused).to_contain_text("no-such-code")
    expect(refused).to_contain_text("no registration for this webinar has this QR code")
    expect(log.locator(".check-in-result")).to_have_count(3)
    expect(count).to_have_text("1")
    screenshot(page, "check-in")
    context.close()

    listed = http.get(
        f"/api/v1/conferences/checked_in_registrants/{webinar['id']}", headers=alice.headers
    )
    assert listed.status_code == 200, listed.text
    (row,) = listed.json()["registrations"]
    assert (row["email"], row["qr_code_value"]) == (address, value)


def test_the_camera_reads_a_code_once_while_it_is_shown(
    http: httpx.Client, server_url: str, alice: Tenant, browser: Browser
) -> None:
    staff = _moderator_page(http, alice, "Scanned at the door")
    value = register(http, alice, staff["webinar"]["id"], email("mary"), "Mary", "Jackson")
    context = browser.new_context()
    context.add_init_script(SHOWN_CODES)
    page = context.new_page()
    page.goto(f"{server_url}{staff['path']}")
    camera = page.get_by_role("button", name="Scan with camera")
    camera.click()
    expect(page.locator("#camera")).to_be_visible()
    expect(page.get_by_role("button", name="Stop camera")).to_be_visible()
    assert page.evaluate("window.detectorFormats") == ["qr_code"]

    page.evaluate("(value) => window.shownCodes.push(value)", value)
    results = page.locator("#check-in-log .check-in-result")
    expect(results.first).to_contain_text("Mary Jackson")
    expect(results.first).to_contain_text("checked in at")
    # Held in front of the camera, the code is not sent again.
    page.wait_for_function("document.querySelector('#camera').currentTime > 1")
    expect(results).to_have_count(1)
    page.get_by_role("button", name="Stop camera").click()
    expect(page.locator("#camera")).to_be_hidden()
    context.close()
    listed = http.get(
        f"/api/webinarium/v1/conferences/{staff['webinar']['id']}/check-ins",
        headers=alice.headers,
    ).json()
    assert [c["qr_code_value"] for c in listed["check_ins"]] == [value]
