"""The staff's picker of pre-loaded videos in Debian's Chromium: a WebM made by
ffmpeg, uploaded through the native API and attached to the conference, is
offered to the host beside the link form (never to an attendee); the host
picks it and the attendee's page plays it from the store."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from tests.conftest import create_tenant
from tests.files.helpers import webm_bytes
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
from webinarium.settings import Settings

SECONDS = 6


def _upload(http: httpx.Client, headers: dict[str, str], data: bytes, name: str) -> str:
    response = http.post("/api/webinarium/v1/files", headers=headers, files={"file": (name, data)})
    assert response.status_code == 201, response.text
    file_id: str = response.json()["id"]
    return file_id


def test_the_host_picks_an_uploaded_video_and_the_attendee_plays_it(
    http: httpx.Client,
    settings: Settings,
    people: People,  # noqa: F811  (the fixture imported above)
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Video Picker")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    stored_id = _upload(http, tenant.headers, webm_bytes(SECONDS), "Product tour.webm")

    host = people.open(_host_link(http, tenant, conference_id))
    ann = people.open(_registrant_link(http, tenant, conference_id, "Ann"), viewport=PHONE)
    host.get_by_role("button", name="Start webinar").click()
    for page in (host, ann):
        expect(page.locator("body")).to_have_attribute("data-status", "live")
    # No pre-loaded video yet: the link form alone.
    expect(host.locator("#video-start")).to_be_visible()
    expect(host.locator("#video-pick")).to_be_hidden()

    attached = http.post(
        f"/api/webinarium/v1/conferences/{conference_id}/files",
        headers=tenant.headers,
        json={"file_id": stored_id},
    )
    assert attached.status_code == 201, attached.text
    # Listed at the next snapshot.
    host.reload()
    expect(host.locator("body")).to_have_attribute("data-status", "live")
    # The picker: the host's, with the video by its name and length.
    picker = host.get_by_label("Or a pre-loaded video")
    expect(picker).to_be_visible()
    expect(picker.locator("option")).to_have_text(["Product tour.webm (0:06)"])
    expect(ann.locator("#stage-empty")).to_be_visible()
    expect(ann.locator("#video-pick")).to_be_hidden()
    screenshot(host, "room-video-picker")

    picker.select_option(label="Product tour.webm (0:06)")
    host.get_by_role("button", name="Play for everyone").click()

    # The attendee's page plays it from the store.
    ann.wait_for_function(
        """() => {
          const video = document.querySelector('#video-frame video');
          return video && !video.paused && video.currentTime > 0.5;
        }"""
    )
    expect(ann.locator("#video-frame video")).to_have_attribute("src", f"/files/{stored_id}")
    expect(ann.locator("#stage-empty")).to_be_hidden()
    expect(host.locator("#stage-video")).to_have_attribute("data-state", "playing")
    expect(host.locator("#video-pick-error")).to_be_empty()
