"""Presence (one attendee however many tabs, leaving after the grace period,
the count) and bans (sockets closed, no way back until MyOwnConference's
attendeesUnbanned)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import ok
from tests.conftest import Tenant, in_database
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.models import Person, Visit
from webinarium.settings import Settings


def _visits(settings: Settings, conference_id: str, member_id: str) -> list[Visit]:
    async def read(session: AsyncSession) -> list[Visit]:
        rows = await session.scalars(
            select(Visit).where(Visit.conference_id == conference_id, Visit.member_id == member_id)
        )
        return list(rows)

    return in_database(settings, read)


def test_two_tabs_are_one_attendee_who_leaves_after_the_grace_period(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        first = Client(room_server.ws_url, ann.enter_token)
        second = Client(room_server.ws_url, ann.enter_token)
        assert second.next_frame()["data"]["presence"]["count"] == 2  # the host and Ann
        joined = host.event("presence.joined")["data"]["member"]
        assert joined == {"member_id": ann.person_id, "name": "Ann Tester", "role": "attendee"}
        assert host.event("presence.count", lambda d: d["count"] == 2)
        first.close()
        # Ann is still in with her second tab: her stay goes on.
        assert host.send("ping")["ok"] is True
        assert [f for f in host.events() if f["event"] == "presence.joined"] == []
        second.close()
        left = host.event("presence.left")["data"]["member"]
        assert left["member_id"] == ann.person_id
        assert host.event("presence.count", lambda d: d["count"] == 1)
        assert [f for f in host.events() if f["event"] == "presence.joined"] == []
    visits = _visits(settings, room, ann.person_id)
    assert len(visits) == 1
    assert visits[0].left_at is not None
    assert visits[0].role == "attendee"


@pytest.fixture
def patient_server(settings: Settings) -> Iterator[RoomServer]:
    """A grace period no loaded machine's reconnect outlasts."""
    server = RoomServer(settings, room_exit_grace_seconds=5).start()
    yield server
    server.stop()


def test_a_reconnect_within_the_grace_period_is_no_exit(
    settings: Settings, alice: Tenant, patient_server: RoomServer
) -> None:
    room_server = patient_server
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        with Client(room_server.ws_url, ann.enter_token) as tab:
            tab.next_frame()
        with Client(room_server.ws_url, ann.enter_token) as tab:
            tab.next_frame()
            host.event("presence.joined")
            assert host.send("ping")["ok"] is True
        host.event("presence.left")
    visits = _visits(settings, room, ann.person_id)
    assert len(visits) == 1


def test_a_banned_attendee_is_closed_out_until_unbanned(
    settings: Settings, alice: Tenant, room_server: RoomServer, room_http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    mona = add_staff(settings, alice, room, "Mona", moderator=True)
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    mod_ticket = ticket(settings, alice, room, "moderator", mona)
    with (
        Client(room_server.ws_url, mod_ticket) as mod,
        Client(room_server.ws_url, ann.enter_token) as tab1,
        Client(room_server.ws_url, ann.enter_token) as tab2,
        Client(room_server.ws_url, bea.enter_token) as b,
    ):
        for client in (mod, tab1, tab2, b):
            client.next_frame()
        assert b.send("member.ban", {"member_id": ann.person_id})["error"]["code"] == "forbidden"
        refused = mod.send("member.ban", {"member_id": paul})
        assert refused["error"]["code"] == "forbidden"
        assert mod.send("member.ban", {"member_id": "nobody"})["error"]["code"] == "not_found"
        assert mod.send("member.ban", {"member_id": ann.person_id})["ok"] is True
        for tab in (tab1, tab2):
            assert tab.event("member.banned")["data"] == {"member_id": ann.person_id}
            assert tab.close_code() == 4403
        assert b.event("member.banned")["data"]["member_id"] == ann.person_id
        assert mod.event("presence.left")["data"]["member"]["member_id"] == ann.person_id
        assert b.send("ping")["ok"] is True

    refused_again = Client(room_server.ws_url, ann.enter_token)
    assert refused_again.close_code() == 4403
    refused_again.close()

    # MyOwnConference shows her as banned, and attendeesUnbanned lets her back.
    banned = ok(room_http, alice, "attendeesList", {"fields": ["email"], "type": "BANNED"})
    email = _email(settings, ann.person_id)
    assert email in [row["email"] for row in _rows(banned)]
    ok(room_http, alice, "attendeesUnbanned", {"email": email})
    with Client(room_server.ws_url, ann.enter_token) as back:
        assert back.next_frame()["event"] == "room.snapshot"


def _email(settings: Settings, person_id: str) -> str:
    async def read(session: AsyncSession) -> str:
        email = await session.scalar(select(Person.email).where(Person.id == person_id))
        assert email is not None
        return email

    return in_database(settings, read)


def _rows(answer: object) -> list[dict[str, str]]:
    rows = answer["list"] if isinstance(answer, dict) and "list" in answer else answer
    assert isinstance(rows, list)
    return rows
