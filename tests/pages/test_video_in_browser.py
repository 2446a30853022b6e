"""The room's video in Debian's Chromium: a WebM made by ffmpeg, pre-loaded
through BigMarker's ``upload_file`` (fetched into the store), started through
MyOwnConference's ``webinarsStartVideo`` as its documents call it, plays in an
attendee's page; someone who comes in later plays it at the same position;
the host pauses, seeks and stops it from the page for everyone; YouTube and
Vimeo links are embedded at the right second; a file that cannot be played
says so. Positions are read from the pages' own
players, never after a sleep: a test waits for a condition."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import create_tenant
from tests.files.helpers import FileServer, file_server, wait_for, webm_bytes
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

FILES = "/api/webinarium/v1/files"
SECONDS = 10
# How far apart two viewers' players may be (seconds): each is sought back into
# step when it drifts over 0.75 s from where the server's clock says.
TOLERANCE = 1.5
# How long players may take to come into step on a loaded machine (they are
# corrected every 2 s).
WAIT_S = 10
# Where a page's player is, and when (this browser's clock, in ms).
READ = """() => {
  const video = document.querySelector('#video-frame video');
  return video ? {time: video.currentTime, now: Date.now(), paused: video.paused,
                  muted: video.muted, ready: video.readyState} : null;
}"""


@pytest.fixture(scope="module")
def media() -> Iterator[FileServer]:
    with file_server() as server:
        server.routes["/talk.webm"] = (200, {"Content-Type": "video/webm"}, webm_bytes(SECONDS))
        yield server


def _player(page: Page) -> dict[str, Any]:
    found: dict[str, Any] | None = page.evaluate(READ)
    assert found is not None, "no <video> on the stage"
    return found


def _playing_past(page: Page, seconds: float) -> None:
    """Waits until the page's player plays beyond ``seconds``."""
    page.wait_for_function(
        """(seconds) => {
          const video = document.querySelector('#video-frame video');
          return video && !video.paused && video.currentTime > seconds;
        }""",
        arg=seconds,
    )


def _apart(first: Page, second: Page) -> float:
    """How far apart the two pages' players are, as if read at one moment."""
    a, b = _player(first), _player(second)
    a_then = a["time"] + (0 if a["paused"] else (b["now"] - a["now"]) / 1000)
    return abs(a_then - b["time"])


def _in_step(first: Page, second: Page) -> None:
    """The two players come within ``TOLERANCE`` of each other: at once, or
    after the next correction of a player a loaded machine held back (a
    player started at the wrong second never does)."""
    deadline = time.monotonic() + WAIT_S
    while (apart := _apart(first, second)) > TOLERANCE:
        assert time.monotonic() < deadline, f"the players stay {apart:.2f} s apart"
        first.wait_for_timeout(200)


def _ready_file(http: httpx.Client, headers: dict[str, str], url: str) -> dict[str, Any] | None:
    for file in http.get(FILES, headers=headers).json():
        if file["source_url"] == url and file["state"] != "fetching":
            return dict(file)
    return None


def test_a_video_started_through_the_api_plays_in_step_for_a_late_joiner(
    http: httpx.Client,
    settings: Settings,
    media: FileServer,
    people: People,  # noqa: F811  (the fixture imported above)
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Video Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    alias = _beside_the_browser(alias_of, settings, conference_id)
    source = media.url("/talk.webm")
    uploaded = http.put(
        f"/api/v1/conferences/{conference_id}/upload_file",
        headers=tenant.headers,
        json={"file_url": source, "autoplay": "false"},
    )
    assert uploaded.status_code == 200, uploaded.text
    stored = wait_for(lambda: _ready_file(http, tenant.headers, source))
    assert stored["state"] == "ready", stored

    host = people.open(_host_link(http, tenant, conference_id))
    ann = people.open(_registrant_link(http, tenant, conference_id, "Ann"), viewport=PHONE)
    host.get_by_role("button", name="Start webinar").click()
    for page in (host, ann):
        expect(page.locator("body")).to_have_attribute("data-status", "live")
    expect(ann.locator("#stage-empty")).to_be_visible()
    expect(ann.locator("#video-start")).to_be_hidden()
    expect(host.locator("#video-start")).to_be_visible()

    ok(http, tenant, "webinarsStartVideo", {"alias": alias, "id": uploaded.json()["id"]})

    # The attendee's page plays it, muted (browsers start only muted videos by
    # themselves) with Unmute, and no control that moves it.
    _playing_past(ann, 0.5)
    expect(ann.locator("#video-frame video")).to_have_attribute("src", f"/files/{stored['id']}")
    assert _player(ann)["muted"] is True
    expect(ann.get_by_role("button", name="Unmute")).to_be_visible()
    expect(ann.locator("#stage-empty")).to_be_hidden()
    expect(ann.locator(".video-staff")).to_be_hidden()
    assert ann.locator("#video-frame video").get_attribute("controls") is None

    # Someone who comes in later starts where the others are, not at 0.
    _playing_past(ann, 3)
    bob = people.open(_registrant_link(http, tenant, conference_id, "Bob"))
    _playing_past(bob, 3)
    _in_step(ann, bob)
    screenshot(ann, "room-video")
    ann.get_by_role("button", name="Unmute").click()
    expect(ann.get_by_role("button", name="Mute")).to_be_visible()
    assert _player(ann)["muted"] is False

    # The host pauses it for everyone, seeks it while paused, plays it again.
    _playing_past(host, 3)
    host.get_by_role("button", name="Pause").click()
    for page in (ann, bob):
        page.wait_for_function("() => document.querySelector('#video-frame video').paused")
    expect(ann.locator("#stage-video")).to_have_attribute("data-state", "paused")
    _in_step(ann, bob)
    paused_at = _player(bob)["time"]
    host.get_by_role("button", name="Back 10 seconds").click()
    bob.wait_for_function(
        "(at) => document.querySelector('#video-frame video').currentTime < at - 1",
        arg=paused_at,
    )
    assert _player(bob)["paused"] is True
    screenshot(host, "room-video-host")
    host.get_by_role("button", name="Play", exact=True).click()
    _playing_past(bob, 1)
    _playing_past(ann, 1)
    _in_step(ann, bob)

    # Stopped: the stage is empty again everywhere.
    host.get_by_role("button", name="Stop video").click()
    for page in (host, ann, bob):
        expect(page.locator("#stage-video")).to_be_hidden()
        expect(page.locator("#stage-empty")).to_be_visible()

    # A YouTube link from the host's page: the site's player, at the right
    # second, muted. (No internet here: its page is refused, the address counts.)
    for page in (ann, bob):
        page.route("https://www.youtube-nocookie.com/**", lambda route: route.abort())
    host.get_by_label("Play a video for everyone").fill("https://youtu.be/dQw4w9WgXcQ")
    host.get_by_role("button", name="Play video").click()
    embed = ann.locator("#video-frame iframe")
    # The second it is at when the page hears of it: 0, or a little more on a loaded machine.
    youtube = r"https://www\.youtube-nocookie\.com/embed/dQw4w9WgXcQ\?start=[0-3]&autoplay=1&mute=1&playsinline=1"
    expect(embed).to_have_attribute("src", re.compile(f"^{youtube}$"))
    # Paused: the site's player makes way for where it stopped.
    host.get_by_role("button", name="Pause").click()
    expect(ann.locator("#video-note")).to_contain_text("Paused at 0:")
    expect(ann.locator("#stage-video")).to_have_attribute("data-state", "paused")
    expect(ann.locator("#video-frame iframe")).to_have_count(0)
    # Vimeo likewise.
    host.get_by_role("button", name="Stop video").click()
    for page in (ann, bob):
        page.route("https://player.vimeo.com/**", lambda route: route.abort())
    host.get_by_label("Play a video for everyone").fill("https://vimeo.com/76979871")
    host.get_by_role("button", name="Play video").click()
    vimeo = r"https://player\.vimeo\.com/video/76979871\?autoplay=1&muted=1#t=[0-3]s"
    expect(ann.locator("#video-frame iframe")).to_have_attribute("src", re.compile(f"^{vimeo}$"))
    # A video file the browser cannot get or play: said on the stage.
    host.get_by_role("button", name="Stop video").click()
    host.get_by_label("Play a video for everyone").fill(media.url("/gone.webm"))
    host.get_by_role("button", name="Play video").click()
    expect(ann.locator("#stage-video")).to_have_attribute("data-state", "failed")
    expect(ann.locator("#video-note")).to_contain_text("This video cannot be played here.")
    expect(ann.get_by_role("link", name="Open the video")).to_have_attribute(
        "href", media.url("/gone.webm")
    )
    # A bad link is refused on the host's page, and nothing changes for others.
    host.get_by_role("button", name="Stop video").click()
    host.get_by_label("Play a video for everyone").fill("https://example.test/about.html")
    host.get_by_role("button", name="Play video").click()
    expect(host.locator("#video-start-error")).to_contain_text("YouTube or Vimeo")
    expect(ann.locator("#stage-video")).to_be_hidden()
    assert people.dialogs == []
