"""The check-in page in Debian's Chromium: a moderator (their presenter link)
types a registrant's QR code value as a USB scanner would (the value, then
Enter); the name appears, a second scan says "already checked in", a wrong
value says why; BigMarker's ``checked_in_registrants`` lists the registrant."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from playwright.sync_api import Browser, expect

from tests.api.webinarium.checkins import register
from tests.conftest import Tenant
from tests.pages.conftest import screenshot
from tests.pages.helpers import bigmarker_presenter, bigmarker_webinar, email, local_path


def test_a_moderator_scans_a_registrant_in(
    http: httpx.Client, server_url: str, alice: Tenant, browser: Browser
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Meetup at the venue")
    address = email("katherine")
    value = register(http, alice, webinar["id"], address, "Katherine", "Johnson")
    moderator = bigmarker_presenter(http, alice, webinar["id"], moderator=True)
    token = parse_qs(urlsplit(moderator["presenter_url"]).query)["presenter"][0]
    path = local_path(webinar["conference_address"]) + "/check-in"

    context = browser.new_context(viewport={"width": 900, "height": 700})
    page = context.new_page()
    page.goto(f"{server_url}{path}?presenter={token}")
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
