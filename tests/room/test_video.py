"""Video in the room over the protocol: ``video.play`` / ``video.pause`` /
``video.stop`` from presenters and moderators (a seek is a play or a pause with
a ``position``), the events every member hears, the snapshot a late joiner
gets, the refusals, a fetched video file played from the store, and
MyOwnConference's ``webinarsStartVideo`` / ``webinarsStopVideo``.

Positions that depend on time are checked against the events' own moments
(``at``), never against a sleep; `test_a_video_s_clock` gives the service its
moments."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant, in_database
from tests.files.helpers import FileServer, file_server, pdf_bytes, wait_for, webm_bytes
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.accounts.service import get_account
from webinarium.conferences.service import get_conference
from webinarium.content import service as content
from webinarium.live import service as live
from webinarium.live import video_links
from webinarium.models import RoomEvent
from webinarium.settings import Settings

TALK = "https://cdn.example.test/media/talk.webm"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"
FILES = "/api/webinarium/v1/files"
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


@pytest.fixture(scope="module")
def media() -> Iterator[FileServer]:
    """The tests' own server (allowed by the suite's settings) with a 10 s WebM and a PDF."""
    with file_server() as server:
        server.routes["/clip.webm"] = (200, {"Content-Type": "video/webm"}, webm_bytes(10))
        server.routes["/deck.pdf"] = (200, {"Content-Type": "application/pdf"}, pdf_bytes(2))
        # An MP4's first bytes and no movie: sniffed as MP4, unreadable by ffprobe.
        server.routes["/broken.mp4"] = (200, {"Content-Type": "video/mp4"}, MP4_HEAD)
        yield server


def _upload(http: httpx.Client, tenant: Tenant, conference_id: str, url: str) -> str:
    """A pre-loaded file of the conference (BigMarker's upload_file); its id."""
    response = http.put(
        f"/api/v1/conferences/{conference_id}/upload_file",
        headers=tenant.headers,
        json={"file_url": url, "autoplay": "false"},
    )
    assert response.status_code == 200, response.text
    file_id: str = response.json()["id"]
    return file_id


def _stored(http: httpx.Client, tenant: Tenant, url: str) -> dict[str, Any] | None:
    """The store's file fetched from ``url`` once its fetch is over."""
    for file in http.get(FILES, headers=tenant.headers).json():
        if file["source_url"] == url and file["state"] != "fetching":
            return dict(file)
    return None


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def _snapshot_video(ws_url: str, member_ticket: str) -> Any:
    with Client(ws_url, member_ticket) as client:
        frame = client.next_frame()
    assert frame["event"] == "room.snapshot"
    return frame["data"]["video"]


def _ok(client: Client, cmd: str, data: dict[str, Any] | None = None) -> None:
    reply = client.send(cmd, data)
    assert reply["ok"], reply


def _refused(client: Client, cmd: str, data: dict[str, Any] | None = None) -> str:
    reply = client.send(cmd, data)
    assert reply["ok"] is False, reply
    code: str = reply["error"]["code"]
    return code


def _video_events(client: Client, marker: str) -> list[str]:
    """The video events that reached ``client`` before event ``marker`` (a
    room's events come in ``seq`` order, so a quiet command sent none)."""
    client.event(marker)
    return [f["event"] for f in client.events() if f["event"].startswith("video.")]


def test_play_pause_seek_and_stop_reach_everyone_and_late_joiners(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    host_ticket = ticket(settings, alice, room, "host")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, host_ticket) as host,
    ):
        assert a.next_frame()["data"]["video"] is None
        host.next_frame()

        _ok(host, "video.play", {"url": TALK, "position": 30})
        playing = a.event("video.playing")
        assert playing["data"] == {"url": TALK, "position": 30, "at": playing["at"]}
        assert host.event("video.playing")["data"] == playing["data"]

        # Paused where it is: 30 s plus the time it played.
        _ok(host, "video.pause")
        paused = a.event("video.paused")["data"]
        played = _seconds(paused["at"]) - _seconds(playing["data"]["at"])
        assert paused["url"] == TALK
        assert abs(paused["position"] - (30 + played)) < 0.002
        assert _snapshot_video(room_server.ws_url, ann.enter_token) == {**paused, "paused": True}

        # A seek while paused stays paused; playing again starts from there.
        _ok(host, "video.pause", {"position": 100})
        assert a.event("video.paused")["data"]["position"] == 100
        _ok(host, "video.play")
        resumed = a.event("video.playing")["data"]
        assert resumed["position"] == 100
        # A seek while playing: the same video named, at a new position.
        _ok(host, "video.play", {"url": TALK, "position": 5.5})
        sought = a.event("video.playing")["data"]
        assert (sought["url"], sought["position"]) == (TALK, 5.5)

        # Playing what plays (named or not, without a position): nothing is sent.
        _ok(host, "video.play")
        _ok(host, "video.play", {"url": TALK})
        _ok(host, "chat.lock")
        assert _video_events(a, "chat.locked") == []

        # A late joiner plays from position + (now - at).
        assert _snapshot_video(room_server.ws_url, ann.enter_token) == {
            **sought,
            "paused": False,
        }

        _ok(host, "video.stop")
        stopped = a.event("video.stopped")
        elapsed = _seconds(stopped["at"]) - _seconds(sought["at"])
        assert stopped["data"]["url"] == TALK
        assert stopped["data"]["at"] == stopped["at"]
        assert abs(stopped["data"]["position"] - (5.5 + elapsed)) < 0.002
        assert _snapshot_video(room_server.ws_url, ann.enter_token) is None

        # Nothing shown: stopping sends nothing; pausing names no video.
        _ok(host, "video.stop")
        assert _refused(host, "video.pause") == "invalid_input"
        _ok(host, "chat.unlock")
        assert _video_events(a, "chat.unlocked") == []


def test_another_video_replaces_the_one_shown(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        _ok(host, "video.play", {"url": YOUTUBE, "position": 12})
        assert host.event("video.playing")["data"]["url"] == YOUTUBE
        # Named while another plays, a video is shown paused at its start.
        _ok(host, "video.pause", {"url": VIMEO})
        assert host.event("video.paused")["data"]["position"] == 0
        # Paused already: pausing again sends nothing.
        _ok(host, "video.pause")
        _ok(host, "video.pause", {"url": VIMEO})
        _ok(host, "chat.lock")
        assert _video_events(host, "chat.locked") == []
        _ok(host, "video.play", {"url": TALK})
        replaced = host.event("video.playing")
        assert replaced["data"] == {"url": TALK, "position": 0, "at": replaced["at"]}
        # Replaced, not stopped first.
        assert [f for f in host.events() if f["event"].startswith("video.")] == []


def test_attendees_may_not_drive_the_video_and_presenters_may(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    presenter = add_staff(settings, alice, room, "Pat", moderator=False)
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, alice, room, "presenter", presenter)) as p,
    ):
        a.next_frame()
        assert p.next_frame()["data"]["me"]["role"] == "presenter"
        for cmd in ("video.play", "video.pause", "video.stop"):
            assert _refused(a, cmd, {"url": TALK}) == "forbidden"
        _ok(p, "video.play", {"url": TALK})
        assert a.event("video.playing")["data"]["url"] == TALK


@pytest.mark.parametrize(
    "data",
    [
        {"url": "ftp://cdn.example.test/talk.webm"},
        {"url": "javascript:alert(1)//.mp4"},
        {"url": "/files/talk.webm"},
        {"url": "https://cdn.example.test/about.html"},
        {"url": "https://www.youtube.com/channel/UCabc"},
        {"url": "https://vimeo.com/channels/staffpicks"},
        {"url": TALK, "file_id": "f1"},
        {"url": TALK, "position": -1},
        {"url": TALK, "position": 86_401},
        {"url": TALK, "position": "soon"},
        {"url": TALK, "position": "12"},
        {"url": TALK, "position": True},
        {"url": 42},
        {},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    settings: Settings, alice: Tenant, room_server: RoomServer, data: dict[str, Any]
) -> None:
    room = make_room(settings, alice)
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        assert _refused(host, "video.play", data) == "invalid_input"
        assert _refused(host, "video.pause", data) == "invalid_input"
    assert _snapshot_video(room_server.ws_url, ticket(settings, alice, room, "host")) is None


def test_a_position_that_is_no_number_is_refused(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        for position in ("NaN", "Infinity"):
            data = f'{{"url": {json.dumps(TALK)}, "position": {position}}}'
            frame = f'{{"id": 1, "cmd": "video.play", "data": {data}}}'
            reply = host.send_raw(frame, 1)
            assert reply["error"]["code"] == "invalid_input", reply


def test_files_of_another_conference_and_files_that_are_no_video_are_refused(
    settings: Settings, alice: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    elsewhere = make_room(settings, alice)
    theirs = _upload(room_http, alice, elsewhere, TALK)
    deck = _upload(room_http, alice, room, "https://cdn.example.test/decks/q3.pdf")
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        assert _refused(host, "video.play", {"file_id": theirs}) == "not_found"
        assert _refused(host, "video.play", {"file_id": "nope"}) == "not_found"
        assert _refused(host, "video.pause", {"file_id": deck}) == "invalid_input"


def test_a_fetched_video_plays_from_the_store_and_the_api_drives_it(
    settings: Settings,
    alice: Tenant,
    room_server: RoomServer,
    room_http: httpx.Client,
    media: FileServer,
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    source = media.url("/clip.webm")
    film = _upload(room_http, alice, room, source)
    stored = wait_for(lambda: _stored(room_http, alice, source))
    assert (stored["state"], stored["content_type"]) == ("ready", "video/webm")
    assert stored["duration_seconds"] == pytest.approx(10, abs=0.1)
    listed = ok(room_http, alice, "webinarsFilesList", {"alias": alias})
    assert [(f["id"], f["duration"], f["type"]) for f in listed] == [(film, "10", "MEDIA")]
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host,
    ):
        a.next_frame()
        host.next_frame()
        ok(room_http, alice, "webinarsStartVideo", {"alias": alias, "id": film})
        playing = a.event("video.playing")["data"]
        # The store's copy, on the room's own server.
        assert playing["url"] == f"/files/{stored['id']}"
        assert playing["position"] == 0
        assert room_http.get(playing["url"]).content == webm_bytes(10)

        # The room's own commands name it by file id too: a seek.
        _ok(host, "video.play", {"file_id": film, "position": 4})
        sought = a.event("video.playing")
        assert sought["data"] == {"url": playing["url"], "position": 4, "at": sought["at"]}

        ok(room_http, alice, "webinarsStopVideo", {"alias": alias})
        stopped = a.event("video.stopped")["data"]
        assert stopped["url"] == playing["url"]
        assert stopped["position"] >= 4
        assert _snapshot_video(room_server.ws_url, ann.enter_token) is None


def test_a_video_that_cannot_be_probed_fails_visibly_and_plays_from_its_own_url(
    settings: Settings,
    alice: Tenant,
    room_server: RoomServer,
    room_http: httpx.Client,
    media: FileServer,
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    source = media.url("/broken.mp4")
    broken = _upload(room_http, alice, room, source)
    stored = wait_for(lambda: _stored(room_http, alice, source))
    assert stored["state"] == "failed"
    assert "the media file cannot be probed" in stored["reason"]
    assert (stored["url"], stored["duration_seconds"]) == (None, None)
    listed = ok(room_http, alice, "webinarsFilesList", {"alias": alias})
    assert [(f["id"], f["duration"], f["size"]) for f in listed] == [(broken, "0", "0")]
    # The room still plays it from its own URL: a browser that cannot says so.
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        _ok(host, "video.play", {"file_id": broken})
        assert host.event("video.playing")["data"]["url"] == source


def test_a_video_s_clock(settings: Settings, alice: Tenant) -> None:
    """Where the video is, read from the moments the service is given: played
    time counts while playing, not while paused."""
    room = make_room(settings, alice)
    start = datetime(2030, 1, 1, 15, 0, 0, tzinfo=UTC)

    def at(seconds: float) -> datetime:
        return start + timedelta(seconds=seconds)

    async def work(session: AsyncSession) -> list[tuple[str, float, str]]:
        account = await get_account(session, alice.account_id)
        conference = await get_conference(session, account, room)
        film = await content.add_file(session, account, conference, url=TALK, autoplay=False)
        await live.play_video(session, account, conference, file_id=film.id, position=10, now=at(0))
        await live.pause_video(session, account, conference, now=at(5))  # at 15
        await live.pause_video(session, account, conference, position=40, now=at(8))
        await live.play_video(session, account, conference, now=at(20))  # from 40
        await live.stop_video(session, account, conference, now=at(32.25))  # at 52.25
        rows = await session.scalars(
            select(RoomEvent)
            .where(RoomEvent.conference_id == room, RoomEvent.event.like("video.%"))
            .order_by(RoomEvent.seq)
        )
        return [(r.event, r.data["position"], r.data["at"][11:23]) for r in rows]

    assert in_database(settings, work) == [
        ("video.playing", 10, "15:00:00.000"),
        ("video.paused", 15, "15:00:05.000"),
        ("video.paused", 40, "15:00:08.000"),
        ("video.playing", 40, "15:00:20.000"),
        ("video.stopped", 52.25, "15:00:32.250"),
    ]


@pytest.mark.parametrize(
    ("url", "youtube", "vimeo"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42", "dQw4w9WgXcQ", None),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ", None),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "dQw4w9WgXcQ", None),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ", None),
        ("https://youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ", None),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "dQw4w9WgXcQ", None),
        ("https://www.youtube.com/watch?v=short", None, None),
        ("https://www.youtube.com/@channel", None, None),
        ("https://notyoutube.com/watch?v=dQw4w9WgXcQ", None, None),
        ("https://vimeo.com/76979871", None, "76979871"),
        ("https://player.vimeo.com/video/76979871?h=abc", None, "76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", None, "76979871"),
        ("https://vimeo.com/about", None, None),
    ],
)
def test_which_site_video_a_link_names(url: str, youtube: str | None, vimeo: str | None) -> None:
    assert (video_links.youtube_id(url), video_links.vimeo_id(url)) == (youtube, vimeo)
    assert video_links.playable(url) == (youtube is not None or vimeo is not None)
