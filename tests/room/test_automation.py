"""MyOwnConference automation reaches the room (issue 12): every action of the
automation API, sent as its clients send it (POST / with the form field
``request``), changes what members see — live on their sockets and in a fresh
``room.snapshot`` — and virtual participants are labelled as bots everywhere.

A call that changes nothing must send nothing: the tests then make a change
that does send (a marker), and since a room's events reach a socket in ``seq``
order, anything the quiet call had sent would have come before the marker.

Members here listen more than they speak, for longer than the suite's short
idle timeout under load: these tests have a server of their own that waits
longer (``room_idle_seconds``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import alias_of, error, ok
from tests.conftest import Tenant, in_database
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, make_room, register_someone, ticket
from webinarium.accounts.service import get_account
from webinarium.conferences.service import get_conference
from webinarium.content import service as content
from webinarium.live import service as live
from webinarium.models import RoomEvent
from webinarium.settings import Settings

SLIDES = "https://cdn.example.test/decks/quarterly.pdf"
VIDEO = "https://cdn.example.test/media/intro.mp4"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
BOT = "bot"


@pytest.fixture(scope="module")
def room_server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings, room_idle_seconds=120).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(room_server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=room_server.url, timeout=30) as client:
        yield client


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


def _snapshot(ws_url: str, member_ticket: str) -> dict[str, Any]:
    """The room as a member who comes in now sees it."""
    with Client(ws_url, member_ticket) as client:
        frame = client.next_frame()
    assert frame["event"] == "room.snapshot"
    data: dict[str, Any] = frame["data"]
    return data


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def _events_before(client: Client, marker: str, wanted: Callable[[str], bool]) -> list[str]:
    """The events ``wanted`` that reached ``client`` before event ``marker``."""
    client.event(marker)
    return [f["event"] for f in client.events() if wanted(f["event"])]


def _display(event: str) -> bool:
    return event.startswith(("slides.", "video."))


# Virtual participants


def test_virtual_attendees_come_and_go_as_bots(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    host_ticket = ticket(settings, alice, room, "host")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, host_ticket) as host,
    ):
        a.next_frame()
        host_name = host.next_frame()["data"]["me"]["name"]
        added = ok(
            api,
            alice,
            "webinarsAddBotToRoom",
            {"alias": alias, "name": "Vic", "country": "de"},
        )
        vic = {"member_id": added["id"], "name": "Vic", "role": BOT}
        joined = host.event("presence.joined", lambda d: d["member"]["role"] == BOT)
        assert joined["data"]["member"] == vic
        # Everyone hears the count (Ann, the host and Vic); only the staff who came.
        a.event("presence.count", lambda d: d["count"] == 3)
        assert a.send("ping")["ok"] is True
        assert [f for f in a.events() if f["event"].startswith("presence.")] == [
            f for f in a.events() if f["event"] == "presence.count"
        ]

        staff_view = _snapshot(room_server.ws_url, host_ticket)["presence"]
        assert staff_view["count"] == 3
        assert vic in staff_view["members"]
        attendee_view = _snapshot(room_server.ws_url, ann.enter_token)["presence"]
        assert attendee_view == {"count": 3, "members": None}

        # Labelled as a bot in the API's answers that list who is in the room.
        bots = ok(api, alice, "webinarsGetBotsList", {"alias": alias})
        assert bots == [{"id": added["id"], "name": "Vic", "country": "DE", "virtual": True}]
        online = ok(api, alice, "webinarsOnlineList", {"alias": alias})
        guests = {guest["name"]: guest["virtual"] for guest in online["guests"]}
        assert guests == {"Vic": True, "Ann Tester": False}
        # The organiser's host link names no person: the room's role says moderator.
        hosts = [(m["name"], m["virtual"]) for m in online["moderators"]]
        assert hosts == [(host_name, False)]

        ok(api, alice, "webinarsRemoveBotFromRoom", {"alias": alias, "id": added["id"]})
        left = host.event("presence.left", lambda d: d["member"]["role"] == BOT)
        assert left["data"]["member"] == vic
        a.event("presence.count", lambda d: d["count"] == 2)
        staff_view = _snapshot(room_server.ws_url, host_ticket)["presence"]
        assert vic not in staff_view["members"]
        assert ok(api, alice, "webinarsGetBotsList", {"alias": alias}) == []
        # A bot that has left cannot be removed again.
        assert error(api, alice, "webinarsRemoveBotFromRoom", {"alias": alias, "id": added["id"]})


def test_virtual_moderators_come_speak_and_go_as_bots(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    host_ticket = ticket(settings, alice, room, "host")
    email = "virtual.mona@example.test"
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, host_ticket) as host,
    ):
        a.next_frame()
        host.next_frame()
        params = {"alias": alias, "email": email, "name": "Mona Virtual"}
        ok(api, alice, "webinarsAddModerToRoom", params)
        joined = host.event("presence.joined", lambda d: d["member"]["role"] == BOT)
        mona = joined["data"]["member"]
        assert mona["name"] == "Mona Virtual"
        assert mona["member_id"] not in (email, "host", ann.person_id)
        a.event("presence.count", lambda d: d["count"] == 3)
        online = ok(api, alice, "webinarsOnlineList", {"alias": alias})
        moderators = [m for m in online["moderators"] if m["name"] == "Mona Virtual"]
        assert moderators == [{"name": "Mona Virtual", "email": email, "virtual": True}]

        said = {"alias": alias, "bot": email.upper(), "text": "Welcome, everyone"}
        ok(api, alice, "webinarsBotMessage", said)
        message = a.event("chat.message")["data"]
        assert message["from"] == mona
        assert message["text"] == "Welcome, everyone"
        assert message["to"] is None
        recent = _snapshot(room_server.ws_url, ann.enter_token)["chat"]["recent"]
        assert [(m["id"], m["from"]["role"]) for m in recent] == [(message["id"], BOT)]

        ok(api, alice, "webinarsRemoveModerFromRoom", {"alias": alias, "email": email})
        left = host.event("presence.left", lambda d: d["member"]["role"] == BOT)
        assert left["data"]["member"] == mona
        a.event("presence.count", lambda d: d["count"] == 2)
        assert mona not in _snapshot(room_server.ws_url, host_ticket)["presence"]["members"]
        # Gone: it can no longer speak.
        assert error(api, alice, "webinarsBotMessage", said)


# Locks


def test_the_api_locks_lock_the_room_for_attendees(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    host_ticket = ticket(settings, alice, room, "host")
    webinar = {"alias": alias}
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, host_ticket) as host,
    ):
        a.next_frame()
        host.next_frame()
        vic = ok(
            api,
            alice,
            "webinarsAddBotToRoom",
            {"alias": alias, "name": "Vic", "country": "US"},
        )["id"]

        # The document's other spelling locks too; locking twice is one event.
        ok(api, alice, "webinarLockChat", webinar)
        ok(api, alice, "webinarsLockChat", webinar)
        for client in (a, host):
            client.event("chat.locked")
        refused = a.send("chat.send", {"text": "hello?"})
        assert refused["error"]["code"] == "chat_locked"
        assert host.send("chat.send", {"text": "the staff may speak"})["ok"] is True
        ok(api, alice, "webinarsBotMessage", {"alias": alias, "bot": vic, "text": "me too"})
        assert a.event("chat.message", lambda d: d["from"]["role"] == BOT)
        assert _snapshot(room_server.ws_url, ann.enter_token)["chat"]["locked"] is True

        ok(api, alice, "webinarsUnlockChat", webinar)
        assert _events_before(a, "chat.unlocked", lambda e: e.startswith("chat.lock")) == []
        assert a.send("chat.send", {"text": "hello again"})["ok"] is True
        assert _snapshot(room_server.ws_url, ann.enter_token)["chat"]["locked"] is False

        ok(api, alice, "webinarsLinkLockInChat", webinar)
        for client in (a, host):
            client.event("chat.links_locked")
        with_link = {"text": "see example.com/offer"}
        assert a.send("chat.send", with_link)["error"]["code"] == "links_locked"
        assert a.send("chat.send", {"text": "no link here"})["ok"] is True
        assert host.send("chat.send", with_link)["ok"] is True
        chat = _snapshot(room_server.ws_url, ann.enter_token)["chat"]
        assert (chat["locked"], chat["links_locked"]) == (False, True)

        ok(api, alice, "webinarsLinkUnlockInChat", webinar)
        a.event("chat.links_unlocked")
        assert a.send("chat.send", with_link)["ok"] is True
        assert _snapshot(room_server.ws_url, ann.enter_token)["chat"]["links_locked"] is False
        # Unlocking what is unlocked sends nothing.
        ok(api, alice, "webinarsLinkUnlockInChat", webinar)
        ok(api, alice, "webinarsLockChat", webinar)
        assert _events_before(a, "chat.locked", lambda e: e.startswith("chat.links")) == []


# Presentations and videos


def test_presentations_and_videos_change_what_the_room_shows(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    host_ticket = ticket(settings, alice, room, "host")
    deck = _upload(api, alice, room, SLIDES)
    film = _upload(api, alice, room, VIDEO)
    clip = _upload(api, alice, room, YOUTUBE)
    links = {f["id"]: f["link"] for f in ok(api, alice, "webinarsFilesList", {"alias": alias})}
    webinar = {"alias": alias}
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, host_ticket) as host,
    ):
        a.next_frame()
        host.next_frame()
        show = {"alias": alias, "id": deck, "slide": 3}
        ok(api, alice, "webinarsStartPresentation", show)
        shown = {"file_id": deck, "page": 3, "pages": None, "image_url": links[deck]}
        for client in (a, host):
            assert client.event("slides.shown")["data"] == shown
        first_view = _snapshot(room_server.ws_url, ann.enter_token)
        assert first_view["slides"] == {"files": [], "current": shown}
        assert first_view["video"] is None

        # The slide shown again is no change; the next one is.
        ok(api, alice, "webinarsStartPresentation", show)
        ok(api, alice, "webinarsStartPresentation", {**show, "slide": "4"})
        assert a.event("slides.shown")["data"] == {**shown, "page": 4}
        assert [f for f in a.events() if _display(f["event"])] == []

        # One display area: the video takes the presentation's place.
        ok(api, alice, "webinarsStartVideo", {"alias": alias, "id": film})
        stopped = a.event("slides.stopped")
        playing = a.event("video.playing")
        assert stopped["data"] == {"file_id": deck}
        assert stopped["seq"] < playing["seq"]
        assert playing["data"] == {"url": links[film], "position": 0, "at": playing["at"]}
        view = _snapshot(room_server.ws_url, ann.enter_token)
        assert view["slides"]["current"] is None
        assert view["video"] == {**playing["data"], "paused": False}

        # The video playing plays on; another one replaces it.
        ok(api, alice, "webinarsStartVideo", {"alias": alias, "id": film})
        ok(api, alice, "webinarsStartVideo", {"alias": alias, "id": clip})
        replaced = a.event("video.playing")
        assert replaced["data"]["url"] == links[clip]
        assert [f for f in a.events() if _display(f["event"])] == []

        ok(api, alice, "webinarsStopVideo", webinar)
        ended = a.event("video.stopped")
        assert ended["data"]["url"] == links[clip]
        assert ended["data"]["at"] == ended["at"]
        played = _seconds(ended["at"]) - _seconds(replaced["data"]["at"])
        assert abs(ended["data"]["position"] - played) < 0.002
        assert _snapshot(room_server.ws_url, ann.enter_token)["video"] is None

        # Stopping what is not shown sends nothing, in either spelling.
        ok(api, alice, "webinarsStopVideo", webinar)
        ok(api, alice, "webinarStopPresentation", webinar)
        ok(api, alice, "webinarsStopPresentation", webinar)
        ok(api, alice, "webinarsLockChat", webinar)
        assert _events_before(a, "chat.locked", _display) == []

        # A presentation stops a video, and stops by the document's other spelling.
        ok(api, alice, "webinarsStartVideo", {"alias": alias, "id": film})
        a.event("video.playing")
        ok(api, alice, "webinarsStartPresentation", {**show, "slide": 1})
        assert a.event("video.stopped")["data"]["url"] == links[film]
        assert a.event("slides.shown")["data"]["page"] == 1
        ok(api, alice, "webinarsStopPresentation", webinar)
        assert a.event("slides.stopped")["data"] == {"file_id": deck}
        view = _snapshot(room_server.ws_url, ann.enter_token)
        assert (view["slides"]["current"], view["video"]) == (None, None)

        # What cannot be shown changes nothing.
        assert error(api, alice, "webinarsStartVideo", {"alias": alias, "id": deck})
        assert error(api, alice, "webinarsStartPresentation", {**show, "id": film})
        ok(api, alice, "webinarsUnlockChat", webinar)
        assert _events_before(a, "chat.unlocked", _display) == []


def test_a_video_stops_where_its_clock_says(settings: Settings, alice: Tenant) -> None:
    """The position of ``video.stopped`` is the time played since ``video.playing``,
    read from the moments the service is given."""
    room = make_room(settings, alice)
    started = datetime(2030, 1, 1, 15, 0, 0, 500000, tzinfo=UTC)

    async def play_then_stop(session: AsyncSession) -> list[tuple[str, dict[str, Any]]]:
        account = await get_account(session, alice.account_id)
        conference = await get_conference(session, account, room)
        film = await content.add_file(session, account, conference, url=VIDEO, autoplay=False)
        await live.play_video(session, account, conference, file_id=film.id, now=started)
        await live.stop_video(session, account, conference, now=started + timedelta(seconds=90.25))
        rows = await session.scalars(
            select(RoomEvent)
            .where(RoomEvent.conference_id == room, RoomEvent.event.like("video.%"))
            .order_by(RoomEvent.seq)
        )
        return [(row.event, row.data) for row in rows]

    assert in_database(settings, play_then_stop) == [
        ("video.playing", {"url": VIDEO, "position": 0, "at": "2030-01-01T15:00:00.500Z"}),
        ("video.stopped", {"url": VIDEO, "position": 90.25, "at": "2030-01-01T15:01:30.750Z"}),
    ]


# Finishing


def test_finishing_stops_what_is_shown_and_closes_every_socket(
    settings: Settings, alice: Tenant, room_server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    deck = _upload(api, alice, room, SLIDES)
    with Client(room_server.ws_url, ann.enter_token) as a:
        a.next_frame()
        bot = {"alias": alias, "name": "Vic", "country": "FR"}
        ok(api, alice, "webinarsAddBotToRoom", bot)
        ok(api, alice, "webinarsStartPresentation", {"alias": alias, "id": deck, "slide": 2})
        shown = a.event("slides.shown")["data"]
        # Not started (nor entered by an organiser): finishing is refused, and
        # the slide stays, unstopped.
        assert error(api, alice, "webinarsFinish", {"alias": alias})
        ok(api, alice, "webinarsLockChat", {"alias": alias})
        assert _events_before(a, "chat.locked", _display) == []
        assert _snapshot(room_server.ws_url, ann.enter_token)["slides"]["current"] == shown

        with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
            host.next_frame()
            assert host.send("room.start")["ok"] is True
            ok(api, alice, "webinarsFinish", {"alias": alias})
            for client in (a, host):
                stopped = client.event("slides.stopped")
                status = client.event("room.status", lambda d: d["status"] == "ended")
                ended = client.event("room.ended")
                assert stopped["seq"] < status["seq"] < ended["seq"]
                assert client.close_code() == 4409
    with Client(room_server.ws_url, ann.enter_token) as late:
        assert late.close_code() == 4409
    assert ok(api, alice, "webinarsGetBotsList", {"alias": alias}) == []
    assert ok(api, alice, "webinarsOnlineList", {"alias": alias}) == {
        "moderators": [],
        "guests": [],
    }
    # Finished once: a second finish is refused.
    assert error(api, alice, "webinarsFinish", {"alias": alias})
