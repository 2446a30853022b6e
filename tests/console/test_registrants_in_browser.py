"""The registrants page in Chromium: the answers in their columns, a CSV
imported through the form, on a desktop and on a phone; screenshots in
.ci/artifacts/ (console-registrants-*.png)."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from tests.conftest import Tenant
from tests.console.helpers import sign_in
from tests.console.test_registrants import _register, _unique, _webinar
from tests.pages.conftest import screenshot


def test_registrants_page_and_import_in_the_browser(
    server_url: str, http: httpx.Client, alice: Tenant, tmp_path: Path, browser: Browser
) -> None:
    webinar = _webinar(http, alice, title="Quarterly product update")
    ann = _unique("ann")
    _register(http, alice, webinar["id"], ann, {"company": "Acme Rockets", "track": "Ops"})
    _register(http, alice, webinar["id"], _unique("bo"), {"company": "Globex", "team_size": "12"})
    imported = _unique("imported")
    upload = tmp_path / "registrants.csv"
    upload.write_text(
        f"email;first_name;last_name;company;track\n{imported};Cleo;Park;Initech;Dev\nbroken;X;Y;Z;\n",
        encoding="utf-8-sig",
    )
    path = f"{server_url}/console/webinars/{webinar['id']}/registrants"

    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    sign_in(page, server_url, alice)
    page.goto(path)
    table = page.locator("table.registrants")
    expect(table.get_by_role("columnheader", name="Company")).to_be_visible()
    expect(table.get_by_role("cell", name="Acme Rockets", exact=True)).to_be_visible()
    expect(table.get_by_role("cell", name=ann, exact=True)).to_be_visible()
    screenshot(page, "console-registrants-desktop")

    page.get_by_role("link", name="Import CSV").click()
    page.get_by_label("CSV file").set_input_files(str(upload))
    expect(page.get_by_label("Send confirmation e-mails")).to_be_checked()
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".result-summary")).to_have_text("1 registered, 1 refused.")
    expect(
        page.locator("table.refused").get_by_role("cell", name="not a valid e-mail address")
    ).to_be_visible()
    screenshot(page, "console-registrants-import")
    page.get_by_role("link", name="Back to the registrants").click()
    expect(
        page.locator("table.registrants").get_by_role("cell", name="Initech", exact=True)
    ).to_be_visible()
    desktop.close()

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    sign_in(page, server_url, alice)
    page.goto(path)
    expect(page.get_by_role("heading", name="Quarterly product update")).to_be_visible()
    expect(page.get_by_role("link", name="Add a registrant")).to_be_visible()
    screenshot(page, "console-registrants-phone")
    page.get_by_role("link", name="Add a registrant").click()
    page.get_by_label("E-mail").fill("not an address")
    page.get_by_role("button", name="Register").click()
    expect(page.locator("#field-email-error")).to_have_text("not a valid e-mail address")
    expect(page.locator("#field-answer-company-error")).to_have_text("this answer is required")
    screenshot(page, "console-registrants-add-phone")
    phone.close()
