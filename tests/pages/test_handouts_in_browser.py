"""Handouts and offers in the room page, in Debian's Chromium: an attendee
downloads a handout fetched from the test's own server — the browser saves the
PDF and the log holds exactly one download by her; the host shows an offer, it
pops up on the attendee's page, her click opens its page in a new tab and is
logged, with her view of it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant, in_database
from tests.files.helpers import FileServer, file_server, pdf_bytes, wait_for
from tests.pages.conftest import screenshot
from tests.pages.test_room_in_browser import (
    PHONE,
    People,
    _beside_the_browser,
    _host_link,
    _registrant_link,
    people,  # noqa: F401  (the fixture: tests ask for it by name)
)
from tests.room.helpers import make_room
from webinarium.models import HandoutLog, OfferClick, OfferView
from webinarium.settings import Settings

PDF = pdf_bytes(pages=3)
LANDING = b"<!doctype html><title>Demo booking</title><h1>Book your demo</h1>"
READING = b"<!doctype html><title>Reading</title><h1>What to read next</h1>"


@pytest.fixture(scope="module")
def server() -> Iterator[FileServer]:
    with file_server() as server:
        server.routes["/handouts/deck.pdf"] = (200, {"Content-Type": "application/pdf"}, PDF)
        server.routes["/demo"] = (200, {"Content-Type": "text/html"}, LANDING)
        server.routes["/reading"] = (200, {"Content-Type": "text/html"}, READING)
        yield server


def _rows(settings: Settings, model: Any, conference_id: str) -> Sequence[Any]:
    async def work(session: AsyncSession) -> Sequence[Any]:
        found = await session.scalars(select(model).where(model.conference_id == conference_id))
        return list(found)

    return _beside_the_browser(in_database, settings, work)


def _fetched(http: httpx.Client, tenant: Tenant, url: str) -> dict[str, Any]:
    def ready() -> dict[str, Any] | None:
        for file in http.get("/api/webinarium/v1/files", headers=tenant.headers).json():
            if file["source_url"] == url and file["state"] == "ready":
                return dict(file)
        return None

    return wait_for(ready)


def test_a_handout_download_is_logged_and_an_offer_clicked(
    http: httpx.Client,
    settings: Settings,
    server: FileServer,
    people: People,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Handout Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    deck_url = server.url("/handouts/deck.pdf")
    for fields in (
        {"title": "Slides of the talk", "handout_url": deck_url},
        {"title": "Our reading list", "handout_link": server.url("/reading")},
    ):
        added = http.post(
            f"/api/v1/conferences/{conference_id}/add_handout_with_url",
            headers=tenant.headers,
            json=fields,
        )
        assert added.status_code == 200, added.text
    _fetched(http, tenant, deck_url)
    offer = http.post(
        f"/api/webinarium/v1/conferences/{conference_id}/offers",
        headers=tenant.headers,
        json={
            "title": "Book a 30-minute demo",
            "button_text": "Book now",
            "url": server.url("/demo"),
        },
    )
    assert offer.status_code == 201, offer.text

    host = people.open(_host_link(http, tenant, conference_id))
    ann = people.open(_registrant_link(http, tenant, conference_id, "Ann"))
    bea = people.open(_registrant_link(http, tenant, conference_id, "Bea"), viewport=PHONE)
    expect(ann.locator("body")).to_have_attribute("data-role", "attendee")
    host.get_by_role("button", name="Start webinar").click()
    for page in (host, ann, bea):
        expect(page.locator("body")).to_have_attribute("data-status", "live")

    deck = ann.locator(".handout").filter(has_text="Slides of the talk")
    expect(deck.locator("img.handout-icon")).to_be_visible()
    reading = ann.locator(".handout").filter(has_text="Our reading list")
    expect(reading.get_by_role("button", name="Open")).to_be_visible()
    expect(reading.get_by_role("button", name="Download")).to_have_count(0)
    screenshot(ann, "room-handouts")

    with ann.expect_download() as info:
        deck.get_by_role("button", name="Download").click()
    download = info.value
    assert download.suggested_filename == "deck.pdf"
    saved = tmp_path / "saved.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == PDF
    (logged,) = _rows(settings, HandoutLog, conference_id)
    assert (logged.action, logged.handout_title, logged.name, logged.first_name) == (
        "download",
        "Slides of the talk",
        "Ann Reed",
        "Ann",
    )
    assert logged.email.startswith("ann-")
    # A web page opens in a new tab, logged as a view.
    with ann.context.expect_page() as opened_page:
        reading.get_by_role("button", name="Open").click()
    expect(opened_page.value.locator("h1")).to_have_text("What to read next")
    opened_page.value.close()
    actions = [(r.handout_title, r.action) for r in _rows(settings, HandoutLog, conference_id)]
    assert sorted(actions) == [("Our reading list", "view"), ("Slides of the talk", "download")]

    # A handout added through the API while the webinar runs appears.
    added = http.post(
        f"/api/v1/conferences/{conference_id}/add_handout_with_url",
        headers=tenant.headers,
        json={"title": "Speaker notes", "handout_link": server.url("/reading")},
    )
    assert added.status_code == 200, added.text
    expect(ann.locator(".handout")).to_have_count(3)
    expect(ann.locator(".handout").nth(2)).to_contain_text("Speaker notes")

    # The offer: listed for the host, shown, popped up for Ann.
    expect(ann.locator("#offer-popup")).to_be_hidden()
    host_offer = host.locator(".offer").filter(has_text="Book a 30-minute demo")
    host_offer.get_by_role("button", name="Show").click()
    expect(host_offer.locator(".shown-tag")).to_have_text("shown now")
    popup = ann.locator("#offer-popup")
    expect(popup.locator(".offer-title")).to_have_text("Book a 30-minute demo")
    button = popup.get_by_role("link", name="Book now")
    expect(button).to_have_attribute("target", "_blank")
    expect(button).to_have_attribute("rel", "noopener noreferrer")
    screenshot(ann, "room-offer")
    expect(bea.locator("#offer-popup .offer-title")).to_have_text("Book a 30-minute demo")
    screenshot(bea, "room-offer-phone")
    screenshot(host, "room-offers-host")
    with ann.context.expect_page() as opened:
        button.click()
    landing = opened.value
    expect(landing.locator("h1")).to_have_text("Book your demo")
    landing.close()

    (click,) = wait_for(lambda: _rows(settings, OfferClick, conference_id) or None)
    assert (click.name, click.member_id) == ("Ann Reed", logged.member_id)
    views = _rows(settings, OfferView, conference_id)
    assert sorted(v.name for v in views) == ["Ann Reed", "Bea Reed"]

    # Closed by Ann, it stays closed for her until it is shown again.
    popup.get_by_role("button", name="Close").click()
    expect(popup).to_be_hidden()
    host_offer.get_by_role("button", name="Hide").click()
    expect(bea.locator("#offer-popup")).to_be_hidden()
    host_offer.get_by_role("button", name="Show").click()
    expect(popup.locator(".offer-title")).to_have_text("Book a 30-minute demo")
    # A new showing: seen again by both.
    wait_for(lambda: len(_rows(settings, OfferView, conference_id)) >= 4 or None)
    assert len(_rows(settings, OfferView, conference_id)) == 4
    assert people.dialogs == []
