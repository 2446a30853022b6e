"""Offers over the socket: shown and hidden by the staff to everyone
(``offer.shown`` / ``offer.hidden``, one at a time), the snapshot's ``offer`` and
``all_offers``, views once per showing and member, every click logged with who
it was, and the refusals: attendees may not show, the staff do not click, an
offer not shown now is not clicked (``offer_not_shown``), another conference's
offer is not found."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.models import OfferClick, OfferShow, OfferView
from webinarium.settings import Settings


def create_offer(
    http: httpx.Client, tenant: Tenant, conference_id: str, title: str, url: str
) -> dict[str, Any]:
    response = http.post(
        f"/api/webinarium/v1/conferences/{conference_id}/offers",
        headers=tenant.headers,
        json={"title": title, "button_text": "Go", "url": url},
    )
    assert response.status_code == 201, response.text
    offer: dict[str, Any] = response.json()
    return offer


def shown(offer: dict[str, Any]) -> dict[str, Any]:
    """An offer as the room shows it."""
    return {k: offer[k] for k in ("id", "title", "button_text", "url")}


def rows(settings: Settings, model: Any, conference_id: str) -> Sequence[Any]:
    async def work(session: AsyncSession) -> Sequence[Any]:
        found = await session.scalars(
            select(model).where(model.conference_id == conference_id).order_by(model.id)
        )
        return list(found)

    return in_database(settings, work)


def test_shown_to_everyone_viewed_and_clicked_then_hidden(
    settings: Settings, fresh_tenant: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, fresh_tenant)
    ann = register_someone(settings, fresh_tenant, room, "Ann")
    bea = register_someone(settings, fresh_tenant, room, "Bea")
    paul = add_staff(settings, fresh_tenant, room, "Paul", moderator=False)
    demo = create_offer(room_http, fresh_tenant, room, "Book a demo", "https://example.org/demo")
    book = create_offer(room_http, fresh_tenant, room, "The e-book", "https://example.org/book")
    presenter = ticket(settings, fresh_tenant, room, "presenter", paul)
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, bea.enter_token) as b,
        Client(room_server.ws_url, presenter) as p,
    ):
        first = a.next_frame()["data"]
        assert (first["offer"], first["all_offers"]) == (None, None)
        b.next_frame()
        staff = p.next_frame()["data"]
        assert (staff["offer"], staff["all_offers"]) == (None, [shown(demo), shown(book)])

        # Attendees do not show; nobody clicks or views what is not shown.
        assert a.send("offer.show", {"offer_id": demo["id"]})["error"]["code"] == "forbidden"
        for cmd in ("offer.click", "offer.view"):
            assert a.send(cmd, {"offer_id": demo["id"]})["error"]["code"] == "offer_not_shown"

        assert p.send("offer.show", {"offer_id": demo["id"]}) == {"re": 1, "ok": True}
        for client in (a, b, p):
            assert client.event("offer.shown")["data"] == {"offer": shown(demo)}

        assert a.send("offer.view", {"offer_id": demo["id"]})["data"] == {"counted": True}
        assert a.send("offer.view", {"offer_id": demo["id"]})["data"] == {"counted": False}
        assert b.send("offer.view", {"offer_id": demo["id"]})["data"] == {"counted": True}
        for client in (a, a, b):
            reply = client.send("offer.click", {"offer_id": demo["id"]})
            assert reply["data"] == {"url": "https://example.org/demo"}
        # The staff show offers, they do not click them; another offer is not shown.
        assert p.send("offer.click", {"offer_id": demo["id"]})["error"]["code"] == "forbidden"
        refused = a.send("offer.click", {"offer_id": book["id"]})
        assert refused["error"]["code"] == "offer_not_shown"

        # Showing the one shown changes nothing; showing another hides it first.
        assert p.send("offer.show", {"offer_id": demo["id"]})["ok"]
        assert p.send("offer.show", {"offer_id": book["id"]})["ok"]
        hidden = a.event("offer.hidden")
        again = a.event("offer.shown")
        assert hidden["data"] == {"offer_id": demo["id"]}
        assert again["data"] == {"offer": shown(book)}
        assert hidden["seq"] < again["seq"]
        assert [e for e in a.events() if e["event"].startswith("offer.")] == []
        late = a.send("offer.click", {"offer_id": demo["id"]})
        assert late["error"]["code"] == "offer_not_shown"

        with Client(room_server.ws_url, bea.enter_token) as reloaded:
            assert reloaded.next_frame()["data"]["offer"] == shown(book)
        # A new showing is seen anew.
        assert b.send("offer.view", {"offer_id": book["id"]})["data"] == {"counted": True}

        assert p.send("offer.hide", {"offer_id": book["id"]})["ok"]
        assert b.event("offer.hidden", lambda d: d["offer_id"] == book["id"])
        # Hiding what is not shown changes nothing.
        assert p.send("offer.hide", {"offer_id": book["id"]})["ok"]
        assert p.send("offer.hide", {"offer_id": demo["id"]})["ok"]
        with Client(room_server.ws_url, bea.enter_token) as reloaded:
            assert reloaded.next_frame()["data"]["offer"] is None

    shows = rows(settings, OfferShow, room)
    assert [(s.offer_id, s.hidden_at is not None) for s in shows] == [
        (demo["id"], True),
        (book["id"], True),
    ]
    assert shows[0].shown_by == f"{paul} Paul Staff"
    clicks = rows(settings, OfferClick, room)
    assert [(c.offer_id, c.show_id, c.member_id) for c in clicks] == [
        (demo["id"], shows[0].id, ann.person_id),
        (demo["id"], shows[0].id, ann.person_id),
        (demo["id"], shows[0].id, bea.person_id),
    ]
    assert (clicks[0].name, clicks[0].first_name, clicks[0].last_name) == (
        "Ann Tester",
        "Ann",
        "Tester",
    )
    assert clicks[0].person_id == ann.person_id
    assert clicks[0].email.startswith("ann-")
    views = rows(settings, OfferView, room)
    assert [(v.show_id, v.member_id) for v in views] == [
        (shows[0].id, ann.person_id),
        (shows[0].id, bea.person_id),
        (shows[1].id, bea.person_id),
    ]


def test_the_staff_hear_offers_made_and_deleted(
    settings: Settings, fresh_tenant: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, fresh_tenant)
    ann = register_someone(settings, fresh_tenant, room, "Ann")
    mona = add_staff(settings, fresh_tenant, room, "Mona", moderator=True)
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, fresh_tenant, room, "moderator", mona)) as m,
    ):
        a.next_frame()
        assert m.next_frame()["data"]["all_offers"] == []
        made = create_offer(room_http, fresh_tenant, room, "New", "https://example.org/new")
        assert m.event("offers.changed")["data"] == {"all_offers": [shown(made)]}
        deleted = room_http.delete(
            f"/api/webinarium/v1/conferences/{room}/offers/{made['id']}",
            headers=fresh_tenant.headers,
        )
        assert deleted.status_code == 204, deleted.text
        assert m.event("offers.changed")["data"] == {"all_offers": []}
        # Attendees do not hear the staff's list: Ann's next event is her own chat line.
        assert a.send("chat.send", {"text": "hello"})["ok"]
        a.event("chat.message")
        assert [e["event"] for e in a.events() if e["event"].startswith("offers.")] == []


def test_deleting_the_shown_offer_hides_it(
    settings: Settings, fresh_tenant: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, fresh_tenant)
    ann = register_someone(settings, fresh_tenant, room, "Ann")
    mona = add_staff(settings, fresh_tenant, room, "Mona", moderator=True)
    offer = create_offer(room_http, fresh_tenant, room, "Soon gone", "https://example.org/")
    with (
        Client(room_server.ws_url, ann.enter_token) as a,
        Client(room_server.ws_url, ticket(settings, fresh_tenant, room, "moderator", mona)) as m,
    ):
        a.next_frame()
        m.next_frame()
        assert m.send("offer.show", {"offer_id": offer["id"]})["ok"]
        assert a.event("offer.shown")["data"]["offer"]["id"] == offer["id"]
        deleted = room_http.delete(
            f"/api/webinarium/v1/conferences/{room}/offers/{offer['id']}",
            headers=fresh_tenant.headers,
        )
        assert deleted.status_code == 204, deleted.text
        assert a.event("offer.hidden")["data"] == {"offer_id": offer["id"]}
        assert a.send("offer.click", {"offer_id": offer["id"]})["error"]["code"] == "not_found"
        assert m.send("offer.show", {"offer_id": offer["id"]})["error"]["code"] == "not_found"
    with Client(room_server.ws_url, ticket(settings, fresh_tenant, room, "moderator", mona)) as m:
        snapshot = m.next_frame()["data"]
        assert (snapshot["offer"], snapshot["all_offers"]) == (None, [])


def test_another_conference_s_offer_is_not_found(
    settings: Settings,
    fresh_tenant: Tenant,
    bob: Tenant,
    room_server: RoomServer,
    room_http: httpx.Client,
) -> None:
    room = make_room(settings, fresh_tenant)
    other_room = make_room(settings, fresh_tenant)
    bobs_room = make_room(settings, bob)
    mona = add_staff(settings, fresh_tenant, room, "Mona", moderator=True)
    elsewhere = create_offer(room_http, fresh_tenant, other_room, "Other", "https://example.org/")
    bobs = create_offer(room_http, bob, bobs_room, "Bob's", "https://example.org/")
    with Client(room_server.ws_url, ticket(settings, fresh_tenant, room, "moderator", mona)) as m:
        assert m.next_frame()["data"]["all_offers"] == []
        for offer_id in (elsewhere["id"], bobs["id"], "0" * 20):
            for cmd in ("offer.show", "offer.hide"):
                assert m.send(cmd, {"offer_id": offer_id})["error"]["code"] == "not_found"
        for data in ({}, {"offer_id": None}, {"offer_id": "x" * 41}):
            assert m.send("offer.show", data)["error"]["code"] == "invalid_input"
    assert rows(settings, OfferShow, room) == []
    assert rows(settings, OfferShow, other_room) == []
