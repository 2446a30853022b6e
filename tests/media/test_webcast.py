"""Webcast mode: while a presenter publishes, attendees get an HLS stream
(Janus → RTP forward → ffmpeg → HLS in the file store, served by the app);
the staff stay on the SFU, outsiders get nothing, the chat goes on."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import threading
import time
import uuid
from collections.abc import Coroutine, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.media.peer import Peer
from tests.media.test_janus import janus_of_the_test
from tests.pages.conftest import CHROMIUM, CHROMIUM_FLAGS
from tests.room.conftest import RedisServer, RoomServer, own_redis, shared_redis
from tests.room.helpers import WAIT, Client, add_staff, make_room, register_someone, ticket
from webinarium.accounts.service import get_account
from webinarium.conferences.service import address_of, get_conference
from webinarium.kit.signed_links import sign_link
from webinarium.media.janus_process import JanusProcess
from webinarium.media.webcast import DELAY_SECONDS, PLAYLIST, folder_of
from webinarium.settings import Settings

__all__ = ["janus_of_the_test", "own_redis", "shared_redis"]  # fixtures, used here

T = TypeVar("T")
# ffmpeg waits for both streams (up to 2 s), then writes a 2 s segment: on a
# loaded machine the first one takes several times that.
FIRST_SEGMENT_SECONDS = 60.0
SEGMENT_URI = re.compile(r"^segment-\d+\.ts$", re.MULTILINE)


class Presenter:
    """A presenter's page publishing its camera through the room socket
    (tests/media/peer.py), on an event loop of its own beside the test's
    synchronous clients."""

    def __init__(self, ws_url: str, ticket: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.peer = Peer(ws_url, ticket)

    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(WAIT * 2)

    def __enter__(self) -> Presenter:
        self._run(self.peer.connect())
        return self

    def publish(self) -> str:
        return self._run(self.peer.publish())

    def send(self, cmd: str) -> dict[str, Any]:
        return self._run(self.peer.send(cmd))

    def __exit__(self, *_: object) -> None:
        try:
            self._run(self.peer.close())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(WAIT)


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[RoomServer]:
    """A server with its own Janus; more than one in the room is an audience
    too large for the SFU (webcast_mode "automatic")."""
    started = RoomServer(settings, janus_binary="janus", webcast_audience=1).start()
    yield started
    started.stop()


def snapshot_webcast(client: Client) -> dict[str, object] | None:
    frame = client.next_frame()
    assert frame["event"] == "room.snapshot"
    webcast: dict[str, object] | None = frame["data"]["media"]["webcast"]
    return webcast


def playlist_with_segments(http: httpx.Client, url: str) -> httpx.Response:
    deadline = time.monotonic() + FIRST_SEGMENT_SECONDS
    while True:
        answer = http.get(url)
        if answer.status_code == 200 and SEGMENT_URI.search(answer.text):
            return answer
        if time.monotonic() > deadline:
            pytest.fail(f"no segment in the playlist after {FIRST_SEGMENT_SECONDS} s: {answer}")
        time.sleep(0.5)


def test_required_webcast_serves_hls_while_the_presenter_publishes(
    settings: Settings, alice: Tenant, server: RoomServer, tmp_path: Path
) -> None:
    conference_id = make_room(settings, alice, webcast_mode="required")
    paul = add_staff(settings, alice, conference_id, "Paul", moderator=False)
    presenter_ticket = ticket(settings, alice, conference_id, "presenter", paul)
    ann = register_someone(settings, alice, conference_id, "Ann")
    with (
        Client(server.ws_url, presenter_ticket) as p,
        Client(server.ws_url, ann.enter_token) as a,
        httpx.Client(base_url=server.url, timeout=WAIT) as http,
    ):
        # The staff stay on the SFU; the attendee is given the stream.
        assert snapshot_webcast(p) is None
        webcast = snapshot_webcast(a)
        assert webcast is not None
        assert webcast["delay_seconds"] == DELAY_SECONDS
        playlist_url = str(webcast["playlist_url"])
        assert playlist_url.endswith(f"/{PLAYLIST}")
        # Nobody publishes yet: no stream.
        assert http.get(playlist_url).status_code == 404

        with Presenter(server.ws_url, presenter_ticket) as presenter:
            presenter.publish()
            playlist = playlist_with_segments(http, playlist_url)
            assert playlist.headers["content-type"] == "application/vnd.apple.mpegurl"
            assert "no-store" in playlist.headers["cache-control"]
            assert playlist.text.startswith("#EXTM3U")

            # The chat goes on meanwhile.
            assert a.send("chat.send", {"text": "I can see the slides"})["ok"] is True
            p.event("chat.message", lambda data: data["text"] == "I can see the slides")

            segment_name = SEGMENT_URI.findall(playlist.text)[-1]
            segment_url = playlist_url.rsplit("/", 1)[0] + "/" + segment_name
            segment = http.get(segment_url)
            assert segment.status_code == 200
            assert segment.headers["content-type"] == "video/mp2t"
            (tmp_path / "segment.ts").write_bytes(segment.content)
            probed = json.loads(
                subprocess.run(
                    ["ffprobe", "-v", "error", "-show_streams", "-of", "json", "segment.ts"],
                    cwd=tmp_path,
                    capture_output=True,
                    check=True,
                    timeout=WAIT,
                ).stdout
            )
            codecs = sorted(stream["codec_name"] for stream in probed["streams"])
            assert codecs == ["aac", "h264"]

            # Outsiders: no token, a token made up, a token for another purpose.
            token = playlist_url.split("/")[-2]
            for url in (
                f"/room/webcast/x/{PLAYLIST}",
                playlist_url.replace(token, token[:-4] + "AAAA"),
                "/room/webcast/"
                + sign_link(
                    settings.secret_key,
                    "report",
                    {"conference": conference_id, "member": ann.person_id},
                    lifetime=timedelta(hours=1),
                )
                + f"/{PLAYLIST}",
            ):
                assert http.get(url).status_code == 403, url
            # Only the stream's files: nothing else of the folder, or beyond.
            for name in ("stream.sdp", "ffmpeg.log", ".lock", "..%2Fsecret"):
                assert http.get(playlist_url.replace(PLAYLIST, name)).status_code == 404

        # The presenter gone, the stream stops, its files go: players wait for the next.
        deadline = time.monotonic() + WAIT
        while http.get(playlist_url).status_code != 404:
            if time.monotonic() > deadline:
                pytest.fail("the playlist is still served after the presenter left")
            time.sleep(0.2)
        assert not list(folder_of(server.settings, conference_id).glob("segment-*.ts"))


def test_automatic_webcast_switches_attendees_above_the_audience_size(
    settings: Settings, alice: Tenant, server: RoomServer
) -> None:
    conference_id = make_room(settings, alice, webcast_mode="automatic")
    ann = register_someone(settings, alice, conference_id, "Ann")
    bea = register_someone(settings, alice, conference_id, "Bea")
    with Client(server.ws_url, ann.enter_token) as a:
        # Alone: the SFU.
        assert snapshot_webcast(a) is None
        with Client(server.ws_url, bea.enter_token) as b:
            # Two are more than WEBINARIUM_WEBCAST_AUDIENCE (1): HLS, for both.
            assert snapshot_webcast(b) is not None
            switched = a.event("media.webcast", lambda data: data is not None)
            assert switched["data"]["playlist_url"].endswith(f"/{PLAYLIST}")
            assert "seq" not in switched  # Ann's own link: a frame of her own
        # Bea gone: back to the SFU.
        a.event("media.webcast", lambda data: data is None)


VIDEO_STATE = """() => {
  const video = document.getElementById("webcast-video");
  if (!video) return "no #webcast-video";
  return {src: video.currentSrc, hidden: video.hidden, ready: video.readyState,
          network: video.networkState, error: video.error && video.error.message,
          time: video.currentTime, paused: video.paused, hls: Boolean(window.Hls),
          native: video.canPlayType("application/vnd.apple.mpegurl")};
}"""


def page_path(settings: Settings, tenant: Tenant, conference_id: str) -> str:
    """The conference page's path (a registrant's link adds ``?token=``)."""

    async def work(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        conference = await get_conference(session, account, conference_id)
        return await address_of(session, account, settings.base_url, conference)

    return urlsplit(in_database(settings, work)).path


# Chromium plays HLS itself; without (a browser that says it cannot), hls.js does.
WITHOUT_NATIVE_HLS = "HTMLMediaElement.prototype.canPlayType = () => '';"


@pytest.mark.parametrize("player", ["native", "hls.js"])
def test_the_attendees_page_plays_the_stream(
    settings: Settings, alice: Tenant, server: RoomServer, player: str
) -> None:
    conference_id = make_room(settings, alice, webcast_mode="required")
    paul = add_staff(settings, alice, conference_id, "Paul", moderator=False)
    ann = register_someone(settings, alice, conference_id, "Ann")
    path = page_path(settings, alice, conference_id)
    with (
        Presenter(server.ws_url, ticket(settings, alice, conference_id, "presenter", paul)) as p,
        sync_playwright() as playwright,
    ):
        assert p.send("room.start")["ok"] is True
        p.publish()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            if player == "hls.js":
                page.add_init_script(WITHOUT_NATIVE_HLS)
            said: list[str] = []
            page.on("console", lambda message: said.append(message.text))
            page.goto(f"{server.url}{path}?token={ann.enter_token}")
            # The stream plays: its time goes on (not only loaded).
            try:
                page.wait_for_function(
                    "() => (document.getElementById('webcast-video') || {}).currentTime > 2",
                    timeout=FIRST_SEGMENT_SECONDS * 1000,
                )
            except PlaywrightError:
                state = page.evaluate(VIDEO_STATE)
                pytest.fail(f"the stream did not play: {state}; console: {said}")
            assert page.locator("#webcast-video").is_visible()
            assert page.evaluate("() => Boolean(window.Hls)") is (player == "hls.js")
        finally:
            browser.close()


def ffmpegs_writing(folder: Path) -> int:
    """How many processes on this machine run ffmpeg into ``folder``."""
    running = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # ended meanwhile
        if arguments[0].endswith(b"ffmpeg") and str(folder).encode() in b" ".join(arguments):
            running += 1
    return running


def test_two_processes_run_one_ffmpeg_and_the_other_takes_over(
    settings: Settings,
    alice: Tenant,
    janus_of_the_test: JanusProcess,
    shared_redis: RedisServer,
) -> None:
    shared = {
        "janus_url": janus_of_the_test.url,
        "janus_room_admin_key": janus_of_the_test.room_admin_key,
        "broker_url": shared_redis.url,
        "broker_channel_prefix": f"test-{uuid.uuid4().hex}:",
    }
    one = RoomServer(settings, **shared).start()
    two = RoomServer(settings, **shared).start()
    try:
        conference_id = make_room(settings, alice, webcast_mode="required")
        paul = add_staff(settings, alice, conference_id, "Paul", moderator=False)
        ann = register_someone(settings, alice, conference_id, "Ann")
        bea = register_someone(settings, alice, conference_id, "Bea")
        folder = folder_of(one.settings, conference_id)
        with (
            Client(two.ws_url, bea.enter_token) as b,
            Presenter(two.ws_url, ticket(settings, alice, conference_id, "presenter", paul)) as p,
            httpx.Client(timeout=WAIT) as http,
        ):
            bea_webcast = snapshot_webcast(b)
            assert bea_webcast is not None
            with Client(one.ws_url, ann.enter_token) as a:
                ann_webcast = snapshot_webcast(a)
                assert ann_webcast is not None
                p.publish()
                # Both processes want the stream; one runs ffmpeg, both serve it.
                playlist_with_segments(http, f"{one.url}{ann_webcast['playlist_url']}")
                playlist_with_segments(http, f"{two.url}{bea_webcast['playlist_url']}")
                for _ in range(3):
                    assert ffmpegs_writing(folder) == 1
                    time.sleep(1)
            # The holder stops (its last member gone, its hub with it): the
            # other process takes the stream over.
            one.stop()
            deadline = time.monotonic() + FIRST_SEGMENT_SECONDS
            while ffmpegs_writing(folder) != 1:
                if time.monotonic() > deadline:
                    pytest.fail("no process took the stream over")
                time.sleep(0.5)
            playlist_with_segments(http, f"{two.url}{bea_webcast['playlist_url']}")
            assert ffmpegs_writing(folder) == 1
    finally:
        one.stop()
        two.stop()
