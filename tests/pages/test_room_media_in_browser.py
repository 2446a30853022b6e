"""Live audio and video in the room page, in Debian's Chromium with its fake
camera and microphone: a host publishes from the page through the room socket
into a real Janus (the server's own), an attendee in another browser context
receives it (frames decoded, a picture with a size), the feed's end leaves the
attendee's stage; Janus killed mid-webinar is restarted, the host's page
publishes again and the chat never stops. Without Janus (the suite's server)
the host is told how to get live video and an attendee sees no controls."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import create_tenant
from tests.media.conftest import janus_of
from tests.pages.conftest import CHROMIUM, CHROMIUM_FLAGS, screenshot
from tests.pages.test_room_in_browser import (
    PHONE,
    People,
    _beside_the_browser,
    _host_link,
    _registrant_link,
    _say,
)
from tests.room.conftest import RoomServer
from tests.room.helpers import make_room
from webinarium.settings import Settings

# Chromium's own camera (a test pattern) and microphone (a beep), allowed
# without asking, and ICE over loopback (the test's Janus is on 127.0.0.1).
MEDIA_FLAGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--autoplay-policy=no-user-gesture-required",
]
# Media over a loaded machine: ICE, DTLS and the first key frame take a while.
MEDIA_WAIT_MS = 30_000
TILE = "#media-tiles .media-tile"
# What a page receives of a feed: its subscription, frames decoded (getStats).
RECEIVED = "(feedId) => window.webinariumMedia.received(feedId)"


@pytest.fixture(scope="module")
def media_browser() -> Iterator[Browser]:
    """Chromium with fake devices, for this module (tests/pages/conftest.py's
    ``browser`` has none)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS + MEDIA_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def janus_server(settings: Settings) -> Iterator[RoomServer]:
    """A server on the suite's database that starts its own Janus."""
    server = RoomServer(settings, janus_binary="janus").start()
    yield server
    server.stop()


@pytest.fixture
def on_janus(media_browser: Browser, janus_server: RoomServer) -> Iterator[People]:
    opened = People(media_browser, janus_server.url)
    yield opened
    opened.close()


@pytest.fixture
def without_janus(media_browser: Browser, server_url: str) -> Iterator[People]:
    """People on the suite's server, which runs no Janus (tests/conftest.py)."""
    opened = People(media_browser, server_url)
    yield opened
    opened.close()


def _remote_tile(page: Page) -> str:
    """The feed id of the one received tile, once it shows."""
    tile = page.locator(f"{TILE}[data-feed-id]")
    expect(tile).to_have_count(1, timeout=MEDIA_WAIT_MS)
    feed_id = tile.get_attribute("data-feed-id")
    assert feed_id
    return feed_id


def _until(page: Page, expression: str, arg: Any, what: str) -> Any:
    """Evaluates ``expression`` (which may return a promise: `wait_for_function`
    would take the promise itself for true) until its value is truthy."""
    deadline = time.monotonic() + MEDIA_WAIT_MS / 1000
    while not (value := page.evaluate(expression, arg)):
        if time.monotonic() > deadline:
            pytest.fail(f"waited {MEDIA_WAIT_MS / 1000:.0f} s for {what}")
        page.wait_for_timeout(100)
    return value


def _decoded(page: Page, feed_id: str) -> int:
    found = page.evaluate(RECEIVED, feed_id)
    assert found is not None, f"no subscription to {feed_id}"
    frames: int = found["framesDecoded"]
    return frames


def _receives(page: Page, feed_id: str) -> None:
    """The page decodes the feed's video: frames keep coming, the picture has a size."""
    video = f'{TILE}[data-feed-id="{feed_id}"] video'
    page.wait_for_function(
        "(selector) => (document.querySelector(selector) || {}).videoWidth > 0",
        arg=video,
        timeout=MEDIA_WAIT_MS,
    )
    # getStats may lag the picture by a moment: what counts is that frames keep coming.
    first = _decoded(page, feed_id)
    _until(
        page,
        f"(args) => ({RECEIVED})(args[0]).then((r) => r !== null && r.framesDecoded > args[1])",
        [feed_id, first + 10],
        f"frames of {feed_id} decoded past {first + 10}",
    )


def _live(host: Page, *others: Page) -> None:
    host.get_by_role("button", name="Start webinar").click()
    for page in (host, *others):
        expect(page.locator("body")).to_have_attribute("data-status", "live")


def test_a_presenter_publishes_and_an_attendee_receives_until_it_stops(
    http: httpx.Client, settings: Settings, janus_server: RoomServer, on_janus: People
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Media Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    host = on_janus.open(_host_link(http, tenant, conference_id))
    ann = on_janus.open(_registrant_link(http, tenant, conference_id, "Ann"), viewport=PHONE)
    _live(host, ann)

    # The attendee has nothing to publish and, before anyone does, no stage.
    expect(ann.locator("#media-bar")).to_be_hidden()
    expect(ann.locator("#media")).to_be_hidden()
    expect(host.locator("#media-bar")).to_be_visible()
    expect(host.locator("#media-notice")).to_be_hidden()

    host.get_by_role("button", name="Turn camera on").click()
    host.get_by_role("button", name="Turn mic on").click()
    expect(host.get_by_role("button", name="Turn camera off")).to_have_attribute(
        "aria-pressed", "true"
    )
    own = host.locator(f'{TILE}[data-own="true"]')
    expect(own).to_have_count(1)
    expect(own).to_contain_text("Media Events (you)")

    feed_id = _remote_tile(ann)
    _receives(ann, feed_id)
    tile = ann.locator(f'{TILE}[data-feed-id="{feed_id}"]')
    # The host's link names the organiser: the account's name.
    expect(tile).to_contain_text("Media Events")
    expect(tile).to_have_attribute("data-audio", "true")
    # The fake microphone beeps: the tile shows its speaker speaking.
    expect(tile).to_have_attribute("data-speaking", "true", timeout=MEDIA_WAIT_MS)
    # The host sees their own picture, and never receives their own feed back.
    expect(host.locator(TILE)).to_have_count(1)
    for page in (host, ann):
        page.evaluate("window.scrollTo(0, 0)")
    screenshot(host, "room-media-host")
    screenshot(ann, "room-media-attendee")

    # A shared screen is a feed of its own, first on the stage.
    host.get_by_role("button", name="Share screen").click()
    screen = ann.locator(f'{TILE}[data-kind="screen"]')
    expect(screen).to_have_count(1, timeout=MEDIA_WAIT_MS)
    expect(screen).to_contain_text("Media Events's screen")
    screen_id = screen.get_attribute("data-feed-id")
    assert screen_id
    _receives(ann, screen_id)
    expect(ann.locator(TILE).first).to_have_attribute("data-kind", "screen")
    host.evaluate("window.scrollTo(0, 0)")
    screenshot(host, "room-media-screen")
    host.get_by_role("button", name="Stop sharing").click()
    expect(screen).to_have_count(0)

    # The camera off: the attendee's tile shows the initial, the sound goes on.
    host.get_by_role("button", name="Turn camera off").click()
    expect(tile).to_have_attribute("data-video", "false")
    expect(tile.locator(".media-initial")).to_have_text("M")
    # Both off: the feed ends and leaves the attendee's stage.
    host.get_by_role("button", name="Turn mic off").click()
    expect(ann.locator(TILE)).to_have_count(0)
    expect(host.locator(TILE)).to_have_count(0)
    assert on_janus.dialogs == []


def test_janus_killed_mid_webinar_the_page_publishes_again_and_the_chat_goes_on(
    http: httpx.Client, settings: Settings, janus_server: RoomServer, on_janus: People
) -> None:
    janus = janus_of(janus_server.app)
    process = janus.process
    assert process is not None
    assert process.pid is not None
    tenant = _beside_the_browser(create_tenant, settings, "Media Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    host = on_janus.open(_host_link(http, tenant, conference_id))
    ann = on_janus.open(_registrant_link(http, tenant, conference_id, "Ann"))
    _live(host, ann)
    host.get_by_role("button", name="Turn camera on").click()
    before = _remote_tile(ann)
    _receives(ann, before)

    killed = process.pid
    os.kill(killed, signal.SIGKILL)
    # The chat never stops, Janus or not.
    _say(ann, "Is the video gone?")
    expect(host.locator("#messages .message", has_text="Is the video gone?")).to_have_count(1)

    # Janus is back: the host's page has published again (a new feed), the
    # attendee receives it.
    ann.wait_for_function(
        "(before) => { const t = document.querySelectorAll('#media-tiles [data-feed-id]');"
        " return t.length === 1 && t[0].dataset.feedId !== before; }",
        arg=before,
        timeout=MEDIA_WAIT_MS,
    )
    assert process.pid != killed
    _receives(ann, _remote_tile(ann))
    expect(host.locator("#media-notice")).to_be_hidden()
    _say(host, "Back on air")
    expect(ann.locator("#messages .message", has_text="Back on air")).to_have_count(1)


# Keeps the page's sockets where the test can reach them, to drop one as a
# network would (room.js then reconnects with ``since``).
KEEP_SOCKETS = """
window.roomSockets = [];
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(...args) { super(...args); window.roomSockets.push(this); }
};
"""


def _drop_socket(page: Page) -> None:
    page.evaluate("window.roomSockets.at(-1).close()")


def test_after_a_dropped_socket_the_page_publishes_and_receives_again(
    http: httpx.Client, settings: Settings, janus_server: RoomServer, on_janus: People
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Media Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    host = on_janus.open(_host_link(http, tenant, conference_id))
    ann = on_janus.open(_registrant_link(http, tenant, conference_id, "Ann"))
    for page in (host, ann):
        page.add_init_script(KEEP_SOCKETS)
        page.reload()
    _live(host, ann)
    host.get_by_role("button", name="Turn camera on").click()
    first = _remote_tile(ann)
    _receives(ann, first)

    # The host's socket drops: the server ends its feed with it; the page's
    # next socket publishes the same camera again.
    _drop_socket(host)
    ann.wait_for_function(
        "(first) => { const t = document.querySelectorAll('#media-tiles [data-feed-id]');"
        " return t.length === 1 && t[0].dataset.feedId !== first; }",
        arg=first,
        timeout=MEDIA_WAIT_MS,
    )
    again = _remote_tile(ann)
    _receives(ann, again)
    assert host.evaluate("window.roomSockets.length") == 2

    # The attendee's socket drops: its next socket subscribes again.
    before = ann.evaluate(RECEIVED, again)["subscription"]
    _drop_socket(ann)
    _until(
        ann,
        f"(args) => ({RECEIVED})(args[0]).then((r) => r !== null && r.subscription !== args[1])",
        [again, before],
        "a subscription of the new socket",
    )
    _receives(ann, again)
    assert ann.evaluate("window.roomSockets.length") == 2
    expect(host.locator(TILE)).to_have_count(1)


def test_a_moderator_brings_an_attendee_on_stage_and_takes_them_off(
    http: httpx.Client, settings: Settings, janus_server: RoomServer, on_janus: People
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Media Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    host = on_janus.open(_host_link(http, tenant, conference_id))
    ann = on_janus.open(_registrant_link(http, tenant, conference_id, "Ann"))
    _live(host, ann)
    expect(ann.locator("#media-bar")).to_be_hidden()

    ann_row = host.locator('#members li[data-role="attendee"]', has_text="Ann Reed")
    ann_row.get_by_role("button", name="Invite to stage: Ann Reed").click()
    expect(ann.locator("#media-bar")).to_be_visible()
    expect(ann.locator("#media-invited")).to_be_visible()
    ann.get_by_role("button", name="Turn camera on").click()
    _receives(host, _remote_tile(host))
    host.evaluate("window.scrollTo(0, 0)")
    screenshot(host, "room-media-on-stage")

    ann_row.get_by_role("button", name="Remove from stage: Ann Reed").click()
    expect(ann.locator("#media-bar")).to_be_hidden()
    expect(host.locator(TILE)).to_have_count(0)
    expect(ann.locator(TILE)).to_have_count(0)


def test_without_janus_presenters_are_told_how_to_get_live_video(
    http: httpx.Client, settings: Settings, without_janus: People
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Media Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    host = without_janus.open(_host_link(http, tenant, conference_id))
    ann = without_janus.open(_registrant_link(http, tenant, conference_id, "Ann"))
    _live(host, ann)

    notice = host.locator("#media-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Live video needs Janus")
    expect(notice).to_contain_text("install janus")
    expect(host.locator("#media-bar")).to_be_hidden()
    expect(host.locator(".media-stage-button")).to_have_count(0)
    # An attendee sees neither the notice nor controls; the room works as before.
    expect(ann.locator("#media")).to_be_hidden()
    _say(ann, "No video today, still a room")
    expect(host.locator("#messages .message", has_text="No video today")).to_have_count(1)
    screenshot(host, "room-media-no-janus")
