"""Files uploaded to the store (``POST /api/webinarium/v1/files``) and attached
to a conference (``POST …/conferences/{id}/files``) in its room: an uploaded
PDF is a deck shown page by page (``slides.show``, MyOwnConference's
``webinarsStartPresentation``), an uploaded WebM is among the staff's
``video_files`` and plays from the store (``video.play`` {file_id},
MyOwnConference's ``webinarsStartVideo``)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant, in_database
from tests.files.helpers import file_server, png_size, slides_pdf, wait_for, webm_bytes
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.files.pages import PAGE_WIDTH
from webinarium.models import StoredFile
from webinarium.settings import Settings

FILES = "/api/webinarium/v1/files"
SECONDS = 4


def _upload(http: httpx.Client, tenant: Tenant, data: bytes, name: str) -> dict[str, Any]:
    response = http.post(FILES, headers=tenant.headers, files={"file": (name, data)})
    assert response.status_code == 201, response.text
    stored: dict[str, Any] = response.json()
    assert stored["state"] == "ready", stored
    return stored


def _attach(http: httpx.Client, tenant: Tenant, conference_id: str, file_id: str) -> str:
    """The uploaded file as a pre-loaded file of the conference; its id."""
    response = http.post(
        f"/api/webinarium/v1/conferences/{conference_id}/files",
        headers=tenant.headers,
        json={"file_id": file_id},
    )
    assert response.status_code == 201, response.text
    attached: str = response.json()["id"]
    return attached


def _page_images(settings: Settings, stored_file_id: str) -> list[str]:
    async def read(session: AsyncSession) -> list[str]:
        row = await session.get(StoredFile, stored_file_id)
        assert row is not None
        assert row.page_image_ids is not None
        return list(row.page_image_ids)

    return in_database(settings, read)


def _snapshot(ws_url: str, member_ticket: str) -> dict[str, Any]:
    with Client(ws_url, member_ticket) as client:
        frame = client.next_frame()
    assert frame["event"] == "room.snapshot"
    data: dict[str, Any] = frame["data"]
    return data


def test_an_uploaded_pdf_is_a_deck_shown_page_by_page(
    settings: Settings, alice: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    stored = _upload(room_http, alice, slides_pdf(pages=3), "Quarterly results.pdf")
    deck = _attach(room_http, alice, room, stored["id"])
    # Rendered on upload: the deck needs no fetch.
    images = _page_images(settings, stored["id"])
    assert len(images) == 3
    with (
        Client(room_server.ws_url, ticket(settings, alice, room, "presenter", paul)) as p,
        Client(room_server.ws_url, ann.enter_token) as a,
    ):
        assert p.next_frame()["data"]["slides"]["files"] == [
            {"id": deck, "name": "Quarterly results.pdf", "pages": 3}
        ]
        assert a.next_frame()["data"]["slides"]["files"] == []

        assert p.send("slides.show", {"file_id": deck, "page": 2})["ok"] is True
        shown = a.event("slides.shown")["data"]
        assert shown == {
            "file_id": deck,
            "page": 2,
            "pages": 3,
            "image_url": f"/files/{images[1]}",
        }
        assert png_size(room_http.get(shown["image_url"]).content)[0] == PAGE_WIDTH
        assert _snapshot(room_server.ws_url, ann.enter_token)["slides"]["current"] == shown

        # MyOwnConference's automation names it by the same id.
        ok(room_http, alice, "webinarsStartPresentation", {"alias": alias, "id": deck, "slide": 3})
        assert a.event("slides.shown")["data"]["image_url"] == f"/files/{images[2]}"
        # Not a video: refused as one.
        reply = p.send("video.play", {"file_id": deck})
        assert (reply["ok"], reply["error"]["code"]) == (False, "invalid_input")
        assert "not a video" in reply["error"]["message"]


def test_an_uploaded_video_is_picked_and_played_from_the_store(
    settings: Settings, alice: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    clip = webm_bytes(SECONDS)
    stored = _upload(room_http, alice, clip, "Product tour.webm")
    deck = _attach(room_http, alice, room, _upload(room_http, alice, slides_pdf(2), "d.pdf")["id"])
    film = _attach(room_http, alice, room, stored["id"])
    host_ticket = ticket(settings, alice, room, "host")
    with (
        Client(room_server.ws_url, host_ticket) as host,
        Client(room_server.ws_url, ann.enter_token) as a,
    ):
        # The staff's list of playable pre-loaded videos; attendees get none.
        listed = host.next_frame()["data"]["video_files"]
        assert listed == [
            {"id": film, "name": "Product tour.webm", "duration": pytest.approx(SECONDS, abs=0.5)}
        ]
        assert deck not in [f["id"] for f in listed]
        assert a.next_frame()["data"]["video_files"] == []

        assert host.send("video.play", {"file_id": film})["ok"] is True
        playing = a.event("video.playing")["data"]
        assert (playing["url"], playing["position"]) == (f"/files/{stored['id']}", 0)
        assert room_http.get(playing["url"]).content == clip
        assert host.send("video.stop")["ok"] is True
        a.event("video.stopped")

        # MyOwnConference's automation plays it by the same id.
        ok(room_http, alice, "webinarsStartVideo", {"alias": alias, "id": film})
        assert a.event("video.playing")["data"]["url"] == f"/files/{stored['id']}"
        # Not a deck: refused as one.
        reply = host.send("slides.show", {"file_id": film, "page": 1})
        assert (reply["ok"], reply["error"]["code"]) == (False, "invalid_input")
        assert "not a presentation" in reply["error"]["message"]


def test_a_fetched_file_is_typed_by_its_bytes_not_its_url(
    settings: Settings, alice: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    """A CDN's link to a video with no suffix: a whiteboard file by its URL
    until fetched, a video (listed, played) once its bytes say so."""
    room = make_room(settings, alice)
    clip = webm_bytes(SECONDS)
    with file_server() as media:
        media.routes["/media/download"] = (200, {"Content-Type": "video/webm"}, clip)
        added = room_http.put(
            f"/api/v1/conferences/{room}/upload_file",
            headers=alice.headers,
            json={"file_url": media.url("/media/download")},
        )
        assert added.status_code == 200, added.text
        assert added.json()["file_type"] == "whiteboard"
        film = added.json()["id"]
        typed = wait_for(lambda: _listed_as(room_http, alice, room, film, "video"))
    assert (typed["state"], typed["size"]) == ("ready", len(clip))
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        assert [f["id"] for f in host.next_frame()["data"]["video_files"]] == [film]
        assert host.send("video.play", {"file_id": film})["ok"] is True
        assert host.event("video.playing")["data"]["url"] == f"/files/{typed['stored_file_id']}"


def _listed_as(
    http: httpx.Client, tenant: Tenant, conference_id: str, file_id: str, file_type: str
) -> dict[str, Any] | None:
    listed = http.get(
        f"/api/webinarium/v1/conferences/{conference_id}/files", headers=tenant.headers
    )
    found = next(f for f in listed.json() if f["id"] == file_id)
    return dict(found) if found["file_type"] == file_type else None
