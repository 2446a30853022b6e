"""Slides over the protocol: a presenter shows a page of a pre-loaded PDF
(rendered once into page images), everyone sees the page's image, late joiners
get it in the snapshot; MyOwnConference's presentation actions show the same
images. Bad input is refused in the reply, and the room goes on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import alias_of, error, ok
from tests.conftest import Tenant, in_database
from tests.files.helpers import BROKEN_PDF, FileServer, file_server, png_size, slides_pdf, wait_for
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.files.pages import PAGE_WIDTH
from webinarium.models import ConferenceFile, StoredFile
from webinarium.settings import Settings

DECK = slides_pdf(pages=3)


@pytest.fixture(scope="module")
def room_server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings, room_idle_seconds=120).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(room_server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=room_server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def decks() -> Iterator[FileServer]:
    with file_server() as server:
        server.routes["/decks/quarterly%20results.pdf"] = (200, {}, DECK)
        server.routes["/decks/broken.pdf"] = (200, {}, BROKEN_PDF)
        yield server


def _preload(http: httpx.Client, tenant: Tenant, conference_id: str, url: str) -> str:
    """A pre-loaded file of the conference (BigMarker's upload_file); its id."""
    response = http.put(
        f"/api/v1/conferences/{conference_id}/upload_file",
        headers=tenant.headers,
        json={"file_url": url, "autoplay": "false"},
    )
    assert response.status_code == 200, response.text
    file_id: str = response.json()["id"]
    return file_id


def _stored(settings: Settings, file_id: str) -> StoredFile | None:
    """The stored file of pre-loaded file ``file_id`` once its fetch is over."""

    async def read(session: AsyncSession) -> StoredFile | None:
        file = await session.get(ConferenceFile, file_id)
        assert file is not None
        assert file.stored_file_id is not None
        row = await session.get(StoredFile, file.stored_file_id)
        return row if row is not None and row.state != "fetching" else None

    return in_database(settings, read)


def _ready_deck(settings: Settings, api: httpx.Client, tenant: Tenant, room: str, url: str) -> str:
    """A pre-loaded PDF of ``room``, fetched and rendered; its id."""
    deck = _preload(api, tenant, room, url)
    stored = wait_for(lambda: _stored(settings, deck))
    assert stored.state == "ready", stored.reason
    return deck


def _page_images(settings: Settings, file_id: str) -> list[str]:
    stored = _stored(settings, file_id)
    assert stored is not None
    assert stored.page_image_ids is not None
    return list(stored.page_image_ids)


def _image_files(settings: Settings) -> int:
    async def count(session: AsyncSession) -> int:
        return int(await session.scalar(select(func.count()).select_from(StoredFile)) or 0)

    return in_database(settings, count)


def _snapshot(ws_url: str, member_ticket: str) -> dict[str, Any]:
    with Client(ws_url, member_ticket) as client:
        frame = client.next_frame()
    assert frame["event"] == "room.snapshot"
    data: dict[str, Any] = frame["data"]
    return data


def _refused(client: Client, data: dict[str, Any]) -> tuple[str, str]:
    reply = client.send("slides.show", data)
    assert reply["ok"] is False, reply
    return reply["error"]["code"], reply["error"]["message"]


def test_a_presenter_shows_page_2_and_everyone_sees_it(
    settings: Settings,
    alice: Tenant,
    room_server: RoomServer,
    api: httpx.Client,
    decks: FileServer,
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    deck = _ready_deck(settings, api, alice, room, decks.url("/decks/quarterly%20results.pdf"))
    images = _page_images(settings, deck)
    presenter_ticket = ticket(settings, alice, room, "presenter", paul)
    with (
        Client(room_server.ws_url, presenter_ticket) as p,
        Client(room_server.ws_url, ann.enter_token) as a,
    ):
        # The decks that can be shown: to the staff; attendees get none.
        staff_view = p.next_frame()["data"]["slides"]
        assert staff_view == {
            "files": [{"id": deck, "name": "quarterly results.pdf", "pages": 3}],
            "current": None,
        }
        assert a.next_frame()["data"]["slides"] == {"files": [], "current": None}
        files_before = _image_files(settings)

        assert p.send("slides.show", {"file_id": deck, "page": 2}) == {"re": 1, "ok": True}
        shown = a.event("slides.shown")["data"]
        assert shown == {
            "file_id": deck,
            "page": 2,
            "pages": 3,
            "image_url": f"/files/{images[1]}",
        }
        assert p.event("slides.shown")["data"] == shown
        image = api.get(shown["image_url"])
        assert image.headers["content-type"] == "image/png"
        assert png_size(image.content)[0] == PAGE_WIDTH
        assert image.content != api.get(f"/files/{images[0]}").content

        # Late joiners see the page shown.
        assert _snapshot(room_server.ws_url, ann.enter_token)["slides"]["current"] == shown
        # The same page again changes nothing; the next page is shown.
        assert p.send("slides.show", {"file_id": deck, "page": 2})["ok"] is True
        assert p.send("slides.show", {"file_id": deck, "page": 3})["ok"] is True
        assert a.event("slides.shown")["data"]["image_url"] == f"/files/{images[2]}"
        assert [f for f in a.events() if f["event"] == "slides.shown"] == []
        # Rendered once: showing made no file.
        assert _image_files(settings) == files_before


def test_bad_slides_are_refused_and_the_room_goes_on(
    settings: Settings,
    alice: Tenant,
    room_server: RoomServer,
    api: httpx.Client,
    decks: FileServer,
) -> None:
    room = make_room(settings, alice)
    other_room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    deck = _ready_deck(settings, api, alice, room, decks.url("/decks/quarterly%20results.pdf"))
    foreign = _ready_deck(
        settings, api, alice, other_room, decks.url("/decks/quarterly%20results.pdf")
    )
    broken = _preload(api, alice, room, decks.url("/decks/broken.pdf"))
    assert wait_for(lambda: _stored(settings, broken)).state == "failed"
    film = _preload(api, alice, room, "https://cdn.example.test/media/intro.mp4")
    with (
        Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host,
        Client(room_server.ws_url, ann.enter_token) as a,
    ):
        # The failed PDF is not among the decks to show.
        assert [f["id"] for f in host.next_frame()["data"]["slides"]["files"]] == [deck]
        a.next_frame()
        assert _refused(host, {"file_id": deck, "page": 4}) == (
            "invalid_input",
            f"page 4 is out of range: file {deck} has 3 pages",
        )
        assert _refused(host, {"file_id": deck, "page": 0})[0] == "invalid_input"
        assert _refused(host, {"file_id": deck, "page": "2"})[0] == "invalid_input"
        assert _refused(host, {"file_id": deck})[0] == "invalid_input"
        assert _refused(host, {"file_id": foreign, "page": 1})[0] == "not_found"
        assert _refused(host, {"file_id": "nope", "page": 1})[0] == "not_found"
        code, message = _refused(host, {"file_id": broken, "page": 1})
        assert code == "invalid_input"
        assert "cannot be shown as slides: the PDF cannot be read" in message
        assert _refused(host, {"file_id": film, "page": 1})[0] == "invalid_input"
        assert _refused(a, {"file_id": deck, "page": 1})[0] == "forbidden"
        assert [f for f in a.events() if f["event"].startswith("slides.")] == []

        # The room goes on.
        assert host.send("slides.show", {"file_id": deck, "page": 1})["ok"] is True
        assert a.event("slides.shown")["data"]["page"] == 1
        assert a.send("chat.send", {"text": "I see it"})["ok"] is True


def test_myownconference_presentations_show_the_rendered_pages(
    settings: Settings,
    alice: Tenant,
    room_server: RoomServer,
    api: httpx.Client,
    decks: FileServer,
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    deck = _ready_deck(settings, api, alice, room, decks.url("/decks/quarterly%20results.pdf"))
    images = _page_images(settings, deck)
    with Client(room_server.ws_url, ann.enter_token) as a:
        a.next_frame()
        ok(api, alice, "webinarsStartPresentation", {"alias": alias, "id": deck, "slide": 2})
        shown = a.event("slides.shown")["data"]
        assert shown == {
            "file_id": deck,
            "page": 2,
            "pages": 3,
            "image_url": f"/files/{images[1]}",
        }
        assert png_size(api.get(shown["image_url"]).content)[0] == PAGE_WIDTH
        assert _snapshot(room_server.ws_url, ann.enter_token)["slides"]["current"] == shown

        # A slide the deck does not have is refused in MyOwnConference's envelope.
        message = error(
            api, alice, "webinarsStartPresentation", {"alias": alias, "id": deck, "slide": 7}
        )
        assert "out of range" in message
        ok(api, alice, "webinarStopPresentation", {"alias": alias})
        assert a.event("slides.stopped")["data"] == {"file_id": deck}
        assert [f for f in a.events() if f["event"] == "slides.shown"] == []


def test_a_presentation_shown_while_fetching_shows_its_pages_once_rendered(
    settings: Settings,
    alice: Tenant,
    room_server: RoomServer,
    api: httpx.Client,
    decks: FileServer,
) -> None:
    """MyOwnConference may start a presentation before its PDF is fetched: the
    room shows the file's URL, then the page's image as soon as it is rendered."""
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    url = decks.url("/decks/slow.pdf")
    decks.routes["/decks/slow.pdf"] = (200, {}, DECK)
    gate = decks.gates["/decks/slow.pdf"] = threading.Event()
    try:
        deck = _preload(api, alice, room, url)
        with Client(room_server.ws_url, ann.enter_token) as a:
            a.next_frame()
            ok(api, alice, "webinarsStartPresentation", {"alias": alias, "id": deck, "slide": 2})
            early = a.event("slides.shown")["data"]
            assert early == {"file_id": deck, "page": 2, "pages": None, "image_url": url}
            gate.set()
            rendered = a.event("slides.shown")["data"]
            images = _page_images(settings, deck)
            assert rendered == {
                "file_id": deck,
                "page": 2,
                "pages": 3,
                "image_url": f"/files/{images[1]}",
            }
            assert _snapshot(room_server.ws_url, ann.enter_token)["slides"]["current"] == rendered
    finally:
        gate.set()
