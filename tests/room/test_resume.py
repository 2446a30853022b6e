"""Resuming: ``since`` replays what a client missed, in order and only what it
may see; a restart (a new server on the same database) goes on from the stored
seq and state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant, in_database
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, make_room, register_someone, ticket
from webinarium.accounts.service import get_account
from webinarium.conferences.service import get_conference
from webinarium.kit.counters import take_numbers
from webinarium.kit.time import utcnow
from webinarium.live import journal
from webinarium.live.journal import Announced
from webinarium.models import RoomEvent
from webinarium.room.gateway import REPLAY_LIMIT
from webinarium.settings import Settings


def test_since_replays_the_missed_events_the_member_may_see(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        with Client(room_server.ws_url, ann.enter_token) as a:
            seen = a.next_frame()["seq"]
        with Client(room_server.ws_url, bea.enter_token) as b:
            b.next_frame()
            public = host.send("chat.send", {"text": "while you were away"})["data"]["id"]
            b.send("chat.send", {"text": "psst", "to": "moderators"})
            host.send("chat.lock")
        with Client(room_server.ws_url, ann.enter_token, since=seen) as a:
            assert a.send("ping")["ok"] is True
            frames = a.events()
    # In order, after what she had seen; no snapshot, nothing private (Bea's
    # message, the staff's presence list). The count may change meanwhile.
    seqs = [f["seq"] for f in frames]
    assert seqs == sorted(seqs)
    assert seqs[0] > seen
    replayed = [f for f in frames if f["event"] != "presence.count"]
    assert [f["event"] for f in replayed] == ["chat.message", "chat.locked"]
    assert replayed[0]["data"]["id"] == public


def test_a_gap_too_old_or_a_seq_from_the_future_gets_a_snapshot(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with Client(room_server.ws_url, ann.enter_token) as a:
        seen = a.next_frame()["seq"]
    with Client(room_server.ws_url, ann.enter_token, since=seen + 1000) as a:
        assert a.next_frame()["event"] == "room.snapshot"

    async def many_events(session: AsyncSession) -> None:
        account = await get_account(session, alice.account_id)
        conference = await get_conference(session, account, room)
        for _ in range(REPLAY_LIMIT + 1):
            await journal.record(session, conference, "presence.count", {"count": 1})

    in_database(settings, many_events)
    with Client(room_server.ws_url, ann.enter_token, since=seen) as a:
        first = a.next_frame()
    assert first["event"] == "room.snapshot"
    assert first["seq"] > seen + REPLAY_LIMIT


@pytest.fixture
def first_server(settings: Settings) -> Iterator[RoomServer]:
    # Its members are held for its grace period from its stop: long enough for
    # the next server to start and Ann to come back on a loaded machine. They
    # stay silent while the test works the API: they may, for longer.
    server = RoomServer(settings, room_exit_grace_seconds=8, room_idle_seconds=120).start()
    yield server
    server.stop()


def test_a_restart_resumes_from_the_database(
    settings: Settings, alice: Tenant, first_server: RoomServer
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    host_ticket = ticket(settings, alice, room, "host")
    a = Client(first_server.ws_url, ann.enter_token)
    b = Client(first_server.ws_url, bea.enter_token)
    with Client(first_server.ws_url, host_ticket) as host:
        host.next_frame()
        a.next_frame()
        b.next_frame()
        said = host.send("chat.send", {"text": "before the restart"})["data"]["id"]
        host.send("chat.links_lock")
        seen = a.event("chat.links_locked")["seq"]
        first_server.stop()
    for client in (a, b):
        client.close_code()
        client.close()

    # The host waits in silence for Bea's exit, which comes at the end of the
    # first server's grace period.
    second = RoomServer(settings, room_exit_grace_seconds=3, room_idle_seconds=30).start()
    try:
        with Client(second.ws_url, host_ticket) as host:
            snapshot = host.next_frame()
            assert snapshot["seq"] >= seen
            chat = snapshot["data"]["chat"]
            assert chat["links_locked"] is True
            assert [m["id"] for m in chat["recent"]] == [said]
            # Ann and Bea were in the room when it stopped; Ann comes back
            # within the grace period, Bea does not and is counted out.
            with Client(second.ws_url, ann.enter_token, since=seen) as back:
                again = host.send("chat.send", {"text": "after the restart"})
                replayed = back.event("chat.message")
                assert replayed["data"]["id"] == again["data"]["id"]
                assert replayed["seq"] > seen
                left = host.event("presence.left")["data"]["member"]
                assert left["member_id"] == bea.person_id
                assert host.send("ping")["ok"] is True
                assert all(
                    f["data"]["member"]["member_id"] != ann.person_id
                    for f in host.events()
                    if f["event"] == "presence.left"
                )
    finally:
        second.stop()


def test_a_restart_keeps_every_state_and_event_of_the_room(
    settings: Settings, alice: Tenant, first_server: RoomServer
) -> None:
    """What the room shows (status, locks, chat, questions, a virtual attendee,
    the slide shown) and every event that told it come back from the database;
    the automation API goes on changing the room through the new server."""
    room = make_room(settings, alice)
    alias = alias_of(settings, room)
    ann = register_someone(settings, alice, room, "Ann")
    host_ticket = ticket(settings, alice, room, "host")
    with httpx.Client(base_url=first_server.url, timeout=30) as api:
        deck = _upload(api, alice, room, "https://cdn.example.test/decks/q1.pdf")
        film = _upload(api, alice, room, "https://cdn.example.test/media/q1.mp4")
        with Client(first_server.ws_url, host_ticket) as host:
            host.next_frame()
            a = Client(first_server.ws_url, ann.enter_token)
            a.next_frame()
            assert host.send("room.start")["ok"] is True
            said = host.send("chat.send", {"text": "before the restart"})["data"]["id"]
            asked = a.send("qa.ask", {"text": "Will it survive?"})["data"]["id"]
            vic = ok(
                api, alice, "webinarsAddBotToRoom", {"alias": alias, "name": "Vic", "country": "PL"}
            )["id"]
            ok(api, alice, "webinarsLockChat", {"alias": alias})
            ok(api, alice, "webinarsLinkLockInChat", {"alias": alias})
            show = {"alias": alias, "id": deck, "slide": 2}
            ok(api, alice, "webinarsStartPresentation", show)
            shown = a.event("slides.shown")
            seen = shown["seq"]
            first_server.stop()
        a.close_code()
        a.close()

    second = RoomServer(settings, room_exit_grace_seconds=3, room_idle_seconds=120).start()
    try:
        with Client(second.ws_url, host_ticket) as host:
            view = host.next_frame()["data"]
            assert view["conference"]["status"] == "live"
            assert (view["chat"]["locked"], view["chat"]["links_locked"]) == (True, True)
            assert [m["id"] for m in view["chat"]["recent"]] == [said]
            assert [q["id"] for q in view["qa"]["questions"]] == [asked]
            assert view["slides"]["current"] == shown["data"]
            assert {"member_id": vic, "name": "Vic", "role": "bot"} in view["presence"]["members"]

            with httpx.Client(base_url=second.url, timeout=30) as api:
                ok(api, alice, "webinarsStartVideo", {"alias": alias, "id": film})
            playing = host.event("video.playing")
            with Client(second.ws_url, ann.enter_token, since=seen) as back:
                assert back.event("video.playing")["seq"] == playing["seq"]
                missed = [f["event"] for f in back.events() if f["event"] != "presence.count"]
                assert missed == ["slides.stopped"]
                refused = back.send("chat.send", {"text": "hello?"})
                assert refused["error"]["code"] == "chat_locked"
            assert _snapshot_video(second, ann.enter_token) == {**playing["data"], "paused": False}

            # The whole story, in order, from the first event on.
            with Client(second.ws_url, host_ticket, since=0) as story:
                assert story.send("ping")["ok"] is True
                told = [
                    f["event"] for f in story.events() if not f["event"].startswith("presence.")
                ]
        assert told == [
            "room.status",
            "chat.message",
            "qa.question",
            "chat.locked",
            "chat.links_locked",
            "slides.shown",
            "slides.stopped",
            "video.playing",
        ]
    finally:
        second.stop()


def _upload(http: httpx.Client, tenant: Tenant, conference_id: str, url: str) -> str:
    response = http.put(
        f"/api/v1/conferences/{conference_id}/upload_file",
        headers=tenant.headers,
        json={"file_url": url, "autoplay": "false"},
    )
    assert response.status_code == 200, response.text
    file_id: str = response.json()["id"]
    return file_id


def _snapshot_video(server: RoomServer, member_ticket: str) -> Any:
    with Client(server.ws_url, member_ticket) as client:
        return client.next_frame()["data"]["video"]


def test_events_arriving_out_of_order_or_twice_reach_sockets_in_order_once(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    """As another process's events may: the hub reads a missing number from the
    table and drops a repeat."""
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")

    async def store_quietly(session: AsyncSession) -> list[Announced]:
        # Stored as another process would, whose broker messages have not come yet.
        account = await get_account(session, alice.account_id)
        conference = await get_conference(session, account, room)
        rows = []
        for event in ("chat.locked", "chat.unlocked"):
            seq = await take_numbers(session, account.id, journal.counter_name(conference.id))
            row = RoomEvent(
                account_id=account.id,
                conference_id=room,
                seq=seq,
                event=event,
                data={},
                at=utcnow(),
            )
            session.add(row)
            rows.append(row)
        await session.flush()
        return [journal.announced(row) for row in rows]

    with Client(room_server.ws_url, ann.enter_token) as a:
        seen = a.next_frame()["seq"]
        first, second = in_database(settings, store_quietly)
        assert first.seq > seen
        # The first never comes through the broker: the hub reads it.
        journal.announcer.send(second)
        journal.announcer.send(second)
        chat: list[dict[str, Any]] = []
        while len(chat) < 2:
            frame = a.next_frame()
            if frame.get("event", "").startswith("chat."):
                chat.append(frame)
        assert [(f["event"], f["seq"]) for f in chat] == [
            ("chat.locked", first.seq),
            ("chat.unlocked", second.seq),
        ]
        assert a.send("ping")["ok"] is True
        assert [f for f in a.events() if f["event"].startswith("chat.")] == []
