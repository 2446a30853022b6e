"""Handouts over the socket: the snapshot's ``handouts``, ``handout.view`` and
``handout.download`` answered with a URL of this server (the stored file, as an
attachment to download) or the handout's own URL (a web page, a file not
fetched), and every one logged with who it was; another conference's handout
is not found and logs nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.files.helpers import FileServer, file_server, pdf_bytes, wait_for
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.models import HandoutLog
from webinarium.settings import Settings

FILES = "/api/webinarium/v1/files"
PDF = pdf_bytes(pages=2)


@pytest.fixture(scope="module")
def server() -> Iterator[FileServer]:
    with file_server() as server:
        server.routes["/deck.pdf"] = (200, {"Content-Type": "application/pdf"}, PDF)
        yield server


def add_handout(
    http: httpx.Client, tenant: Tenant, conference_id: str, **fields: str
) -> dict[str, Any]:
    response = http.post(
        f"/api/v1/conferences/{conference_id}/add_handout_with_url",
        headers=tenant.headers,
        json=fields,
    )
    assert response.status_code == 200, response.text
    handout: dict[str, Any] = response.json()
    return handout


def fetched(http: httpx.Client, tenant: Tenant, url: str) -> dict[str, Any]:
    """The tenant's file fetched from ``url``, once no longer fetching."""

    def done() -> dict[str, Any] | None:
        for file in http.get(FILES, headers=tenant.headers).json():
            if file["source_url"] == url and file["state"] != "fetching":
                return dict(file)
        return None

    return wait_for(done)


def logs(settings: Settings, conference_id: str) -> list[HandoutLog]:
    async def work(session: AsyncSession) -> list[HandoutLog]:
        rows = await session.scalars(
            select(HandoutLog)
            .where(HandoutLog.conference_id == conference_id)
            .order_by(HandoutLog.id)
        )
        return list(rows)

    return in_database(settings, work)


def test_listed_viewed_and_downloaded_each_logged_with_who(
    settings: Settings,
    fresh_tenant: Tenant,
    room_server: RoomServer,
    room_http: httpx.Client,
    server: FileServer,
) -> None:
    room = make_room(settings, fresh_tenant)
    ann = register_someone(settings, fresh_tenant, room, "Ann")
    paul = add_staff(settings, fresh_tenant, room, "Paul", moderator=False)
    deck_url = server.url("/deck.pdf")
    deck = add_handout(room_http, fresh_tenant, room, title="Deck", handout_url=deck_url)
    site = add_handout(
        room_http, fresh_tenant, room, title="Our site", handout_link="https://example.org/page"
    )
    file = fetched(room_http, fresh_tenant, deck_url)
    assert file["state"] == "ready", file
    thumbnail = file["icon_url"].split("example.test", 1)[1]

    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, fresh_tenant, room, "presenter", paul)) as p,
    ):
        handouts = a.next_frame()["data"]["handouts"]
        assert handouts == [
            {"id": deck["id"], "name": "Deck", "kind": "file", "icon_url": thumbnail},
            {"id": site["id"], "name": "Our site", "kind": "link", "icon_url": None},
        ]
        assert p.next_frame()["data"]["handouts"] == handouts

        download = a.send("handout.download", {"handout_id": deck["id"]})
        assert download == {"re": 1, "ok": True, "data": {"url": f"/files/{file['id']}?download=1"}}
        got = room_http.get(download["data"]["url"])
        assert got.content == PDF
        assert got.headers["content-disposition"] == 'attachment; filename="deck.pdf"'

        view = a.send("handout.view", {"handout_id": deck["id"]})
        assert view["data"] == {"url": f"/files/{file['id']}"}
        shown = room_http.get(view["data"]["url"])
        assert shown.content == PDF
        assert "attachment" not in shown.headers.get("content-disposition", "")
        # A web page opens itself; the staff's views are logged too.
        link = a.send("handout.view", {"handout_id": site["id"]})
        assert link["data"] == {"url": "https://example.org/page"}
        assert p.send("handout.download", {"handout_id": deck["id"]})["ok"]

    rows = logs(settings, room)
    assert [(r.handout_id, r.handout_title, r.action, r.member_id) for r in rows] == [
        (deck["id"], "Deck", "download", ann.person_id),
        (deck["id"], "Deck", "view", ann.person_id),
        (site["id"], "Our site", "view", ann.person_id),
        (deck["id"], "Deck", "download", paul),
    ]
    first = rows[0]
    assert (first.person_id, first.name, first.first_name, first.last_name) == (
        ann.person_id,
        "Ann Tester",
        "Ann",
        "Tester",
    )
    assert first.email.startswith("ann-")
    assert first.email.endswith("@example.test")
    assert rows[3].name == "Paul Staff"
    # Fetching the URL again logs nothing: the command logged.
    assert room_http.get(f"/files/{file['id']}?download=1").status_code == 200
    assert len(logs(settings, room)) == 4
    # Deleting the handout keeps its log, with the title it had.
    deleted = room_http.post(
        f"/api/v1/conferences/{deck['id']}/delete_handout", headers=fresh_tenant.headers
    )
    assert deleted.status_code == 200, deleted.text
    kept = logs(settings, room)
    assert [(r.handout_id, r.handout_title) for r in kept[:2]] == [(None, "Deck"), (None, "Deck")]


def test_the_room_hears_handouts_added_changed_and_deleted(
    settings: Settings, fresh_tenant: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, fresh_tenant)
    other_room = make_room(settings, fresh_tenant)
    ann = register_someone(settings, fresh_tenant, room, "Ann")
    with Client(room_server.ws_url, ann.enter_token) as a:
        assert a.next_frame()["data"]["handouts"] == []
        site = add_handout(
            room_http, fresh_tenant, room, title="Our site", handout_link="https://example.org/"
        )
        listed = [{"id": site["id"], "name": "Our site", "kind": "link", "icon_url": None}]
        assert a.event("handouts.changed")["data"] == {"handouts": listed}
        # Another conference's handouts are not this room's.
        add_handout(
            room_http, fresh_tenant, other_room, title="Other", handout_link="https://x.test/"
        )
        renamed = room_http.put(
            f"/api/v1/conferences/{site['id']}/update_handout",
            headers=fresh_tenant.headers,
            json={"title": "Our new site"},
        )
        assert renamed.status_code == 200, renamed.text
        changed = a.event("handouts.changed")["data"]["handouts"]
        assert changed == [{**listed[0], "name": "Our new site"}]
        deleted = room_http.post(
            f"/api/v1/conferences/{site['id']}/delete_handout", headers=fresh_tenant.headers
        )
        assert deleted.status_code == 200, deleted.text
        assert a.event("handouts.changed")["data"] == {"handouts": []}
        assert [e for e in a.events() if e["event"] == "handouts.changed"] == []


def test_a_file_not_fetched_opens_its_own_url(
    settings: Settings,
    fresh_tenant: Tenant,
    room_server: RoomServer,
    room_http: httpx.Client,
    server: FileServer,
) -> None:
    room = make_room(settings, fresh_tenant)
    ann = register_someone(settings, fresh_tenant, room, "Ann")
    missing = server.url("/missing.pdf")
    handout = add_handout(room_http, fresh_tenant, room, title="Gone", handout_url=missing)
    assert fetched(room_http, fresh_tenant, missing)["state"] == "failed"
    with Client(room_server.ws_url, ann.enter_token) as a:
        listed = a.next_frame()["data"]["handouts"]
        assert listed == [{"id": handout["id"], "name": "Gone", "kind": "file", "icon_url": None}]
        reply = a.send("handout.download", {"handout_id": handout["id"]})
        assert reply["data"] == {"url": missing}
    assert [r.action for r in logs(settings, room)] == ["download"]


def test_another_conference_s_handout_is_not_found_and_nothing_is_logged(
    settings: Settings,
    fresh_tenant: Tenant,
    bob: Tenant,
    room_server: RoomServer,
    room_http: httpx.Client,
) -> None:
    room = make_room(settings, fresh_tenant)
    other_room = make_room(settings, fresh_tenant)
    bobs_room = make_room(settings, bob)
    ann = register_someone(settings, fresh_tenant, room, "Ann")
    elsewhere = add_handout(
        room_http, fresh_tenant, other_room, title="Other", handout_link="https://example.org/"
    )
    bobs = add_handout(
        room_http, bob, bobs_room, title="Bob's", handout_link="https://example.org/"
    )
    with Client(room_server.ws_url, ann.enter_token) as a:
        assert a.next_frame()["data"]["handouts"] == []
        for handout_id in (elsewhere["id"], bobs["id"], "0" * 20, "nothing"):
            for cmd in ("handout.view", "handout.download"):
                reply = a.send(cmd, {"handout_id": handout_id})
                assert reply["error"]["code"] == "not_found", reply
        for data in ({}, {"handout_id": 7}, {"handout_id": "x" * 41}):
            reply = a.send("handout.view", data)
            assert reply["error"]["code"] == "invalid_input", reply
    assert logs(settings, room) == []
    assert logs(settings, other_room) == []
    assert logs(settings, bobs_room) == []
