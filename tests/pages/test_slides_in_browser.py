"""Slides in the room page, in Debian's Chromium: a presenter picks a
pre-loaded PDF (fetched and rendered into page images), shows it and moves to
page 2; the attendee's stage shows page 2's image."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import create_tenant
from tests.files.helpers import FileServer, file_server, slides_pdf, wait_for
from tests.pages.conftest import screenshot
from tests.pages.helpers import bigmarker_presenter
from tests.pages.test_room_in_browser import (
    PHONE,
    People,
    _beside_the_browser,
    _registrant_link,
    people,  # noqa: F401  (the fixture: tests ask for it by name)
)
from tests.room.helpers import make_room
from webinarium.files.pages import PAGE_WIDTH
from webinarium.settings import Settings

FILES = "/api/webinarium/v1/files"


@pytest.fixture(scope="module")
def decks() -> Iterator[FileServer]:
    with file_server() as server:
        server.routes["/decks/launch.pdf"] = (200, {}, slides_pdf(pages=3))
        yield server


def test_a_presenter_shows_page_2_and_the_attendee_sees_it(
    http: httpx.Client,
    settings: Settings,
    decks: FileServer,
    people: People,  # noqa: F811  (the fixture imported above)
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Sliding Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    url = decks.url("/decks/launch.pdf")
    preloaded = http.put(
        f"/api/v1/conferences/{conference_id}/upload_file",
        headers=tenant.headers,
        json={"file_url": url, "autoplay": False},
    )
    assert preloaded.status_code == 200, preloaded.text

    def fetched() -> str | None:
        for file in http.get(FILES, headers=tenant.headers).json():
            if file["source_url"] == url and file["state"] != "fetching":
                return str(file["state"])
        return None

    assert wait_for(fetched) == "ready"
    presenter_url = bigmarker_presenter(http, tenant, conference_id)["presenter_url"]

    paula = people.open(presenter_url)
    ann = people.open(_registrant_link(http, tenant, conference_id, "Ann"), viewport=PHONE)
    expect(paula.locator("body")).to_have_attribute("data-role", "presenter")
    expect(ann.locator("body")).to_have_attribute("data-role", "attendee")
    paula.get_by_role("button", name="Start webinar").click()
    for page in (paula, ann):
        expect(page.locator("body")).to_have_attribute("data-status", "live")

    # Only the staff have the slides bar; nothing is shown yet.
    bar = paula.get_by_role("group", name="Slides")
    expect(bar).to_be_visible()
    expect(ann.locator("#slides-bar")).to_be_hidden()
    expect(bar.get_by_label("Slides to show")).to_have_value(preloaded.json()["id"])
    expect(bar.locator("#slides-page")).to_have_text("Not shown")
    expect(bar.get_by_role("button", name="Next page")).to_be_disabled()

    slide = ann.locator("#stage-slide")
    bar.get_by_role("button", name="Show").click()
    expect(bar.locator("#slides-page")).to_have_text("1 / 3")
    expect(bar.get_by_role("button", name="Previous page")).to_be_disabled()
    expect(slide).to_have_attribute("alt", "Slide 1 of 3")
    first_page = slide.get_attribute("src")

    bar.get_by_role("button", name="Next page").click()
    expect(bar.locator("#slides-page")).to_have_text("2 / 3")
    expect(slide).to_be_visible()
    expect(slide).to_have_attribute("alt", "Slide 2 of 3")
    expect(ann.locator("#stage-empty")).to_be_hidden()
    source = slide.get_attribute("src")
    assert source is not None
    assert source.startswith("/files/")
    assert source != first_page
    assert paula.locator("#stage-slide").get_attribute("src") == source
    # The attendee's browser loaded the page's image.
    ann.wait_for_function(
        "() => document.getElementById('stage-slide').complete"
        " && document.getElementById('stage-slide').naturalWidth > 0"
    )
    assert slide.evaluate("image => image.naturalWidth") == PAGE_WIDTH
    screenshot(paula, "room-slides")
    screenshot(ann, "room-slides-phone")
    # A presenter on a phone: the bar stays one line over the bottom of the slide.
    paula.set_viewport_size(PHONE)
    for word in bar.locator(".slides-word").all():
        expect(word).to_be_hidden()
    bar_box, stage_box = bar.bounding_box(), paula.locator("#stage").bounding_box()
    assert bar_box is not None
    assert stage_box is not None
    assert bar_box["height"] < stage_box["height"] / 3
    screenshot(paula, "room-slides-presenter-phone")

    # Moving on and back reaches the attendee too.
    bar.get_by_role("button", name="Next page").click()
    expect(slide).to_have_attribute("alt", "Slide 3 of 3")
    expect(bar.get_by_role("button", name="Next page")).to_be_disabled()
    bar.get_by_role("button", name="Previous page").click()
    expect(slide).to_have_attribute("alt", "Slide 2 of 3")
    expect(slide).to_have_attribute("src", source)
    assert people.dialogs == []
