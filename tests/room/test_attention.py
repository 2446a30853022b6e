"""The attendance monitor over the socket: checks to the attendees present (not
the staff) every interval while the room is live, answers stored, misses stored
when the answer time is over, late answers refused, nothing while the monitor
is off, and one check per round when two processes serve the room."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.room.conftest import RedisServer, RoomServer
from tests.room.helpers import WAIT, Client, add_staff, make_room, register_someone, ticket
from webinarium.models import AttentionAsk, AttentionCheck
from webinarium.settings import Settings

T = TypeVar("T")
NATIVE = "/api/webinarium/v1"
# A minute of the monitor lasts 1.2 s, ten seconds 0.2 s; hubs look every 0.1 s.
SCALE = 0.02
TIMERS = {"room_attention_poll_seconds": 0.1, "room_attention_time_scale": SCALE}
MONITOR = {
    "attendance_monitor": True,
    "attendance_monitor_interval_minutes": 1,
    "attendance_monitor_answer_seconds": 600,
}


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings, **TIMERS).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def asked(api: httpx.Client, tenant: Tenant, room: str) -> list[dict[str, Any]]:
    response = api.get(
        f"{NATIVE}/conferences/{room}/attendance-monitor/checks", headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["asked"]
    return rows


def stored(settings: Settings, room: str) -> list[tuple[int, str, str]]:
    """(round, person id, state) of every attendee asked in the room, as stored."""

    async def read(session: AsyncSession) -> list[tuple[int, str, str]]:
        rows = await session.execute(
            select(AttentionCheck.round, AttentionAsk.person_id, AttentionAsk.state)
            .join(AttentionAsk, AttentionAsk.check_id == AttentionCheck.id)
            .where(AttentionCheck.conference_id == room)
            .order_by(AttentionCheck.round, AttentionAsk.person_id)
        )
        return [(r, p, s) for r, p, s in rows]

    return in_database(settings, read)


def rounds(settings: Settings, room: str) -> list[int]:
    async def read(session: AsyncSession) -> list[int]:
        rows = await session.scalars(
            select(AttentionCheck.round)
            .where(AttentionCheck.conference_id == room)
            .order_by(AttentionCheck.round)
        )
        return list(rows)

    return in_database(settings, read)


def wait_for(what: Callable[[], T], until: Callable[[T], bool]) -> T:
    """``what()`` once ``until`` holds of it (asked again until then)."""
    deadline = time.monotonic() + WAIT
    while True:
        value = what()
        if until(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_checks_reach_the_attendees_at_the_interval_and_answers_are_stored(
    settings: Settings, alice: Tenant, server: RoomServer, api: httpx.Client
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    # Turned on through the native API; the settings given change, the others stay.
    url = f"{NATIVE}/conferences/{room}/attendance-monitor"
    assert api.get(url, headers=alice.headers).json() == {
        "enabled": False,
        "interval_minutes": 10,
        "answer_seconds": 60,
    }
    response = api.put(url, headers=alice.headers, json={"enabled": True, "interval_minutes": 1})
    assert response.status_code == 200, response.text
    response = api.put(url, headers=alice.headers, json={"answer_seconds": 600})
    assert response.json() == {"enabled": True, "interval_minutes": 1, "answer_seconds": 600}

    presenter_ticket = ticket(settings, alice, room, "presenter", paul)
    with (
        Client(server.ws_url, ann.enter_token) as a,
        Client(server.ws_url, bea.enter_token) as b,
        Client(server.ws_url, presenter_ticket) as p,
    ):
        for client in (a, b, p):
            assert client.next_frame()["data"]["attention"] is None
        assert p.send("room.start")["ok"]
        first = a.event("attention.check")["data"]
        assert set(first) == {"check_id", "expires_in"}
        assert 0 < first["expires_in"] <= 600 * SCALE
        assert b.event("attention.check")["data"]["check_id"] == first["check_id"]
        # Another tab of Bea's learns of the check she may still answer.
        with Client(server.ws_url, bea.enter_token) as b2:
            assert b2.next_frame()["data"]["attention"]["check_id"] == first["check_id"]

        reply = a.send("attention.ack", {"check_id": first["check_id"]})
        assert reply["ok"], reply
        assert reply["data"]["check_id"] == first["check_id"]
        again = a.send("attention.ack", {"check_id": first["check_id"]})
        assert again["data"] == reply["data"]  # the first answer's time stays

        refused = p.send("attention.ack", {"check_id": first["check_id"]})
        assert refused["error"]["code"] == "forbidden"
        assert a.send("attention.ack", {"check_id": "nope"})["error"]["code"] == "not_found"
        assert a.send("attention.ack", {})["error"]["code"] == "invalid_input"

        # The next round comes one interval after the first.
        second = a.event("attention.check", lambda d: d["check_id"] != first["check_id"])
        assert p.send("ping")["ok"]
        assert not [f for f in p.pending if f.get("event") == "attention.check"]
        # A fresh staff snapshot has no check either.
        with Client(server.ws_url, presenter_ticket) as p2:
            assert p2.next_frame()["data"]["attention"] is None

    rows = asked(api, alice, room)
    by_check = {(r["check_id"], r["email"].split("-")[0]): r for r in rows}
    assert {r["person_id"] for r in rows} == {ann.person_id, bea.person_id}  # no staff
    ann_first = by_check[(first["check_id"], "ann")]
    assert ann_first["state"] == "answered"
    assert ann_first["answered_at"] == reply["data"]["answered_at"]
    assert (ann_first["first_name"], ann_first["last_name"]) == ("Ann", "Tester")
    bea_first = by_check[(first["check_id"], "bea")]
    assert bea_first["state"] in ("asked", "missed")
    assert bea_first["answered_at"] is None
    ann_second = by_check[(second["data"]["check_id"], "ann")]
    assert (ann_first["round"], ann_second["round"]) == (1, 2)
    gap = moment(ann_second["shown_at"]) - moment(ann_first["shown_at"])
    assert gap.total_seconds() >= 60 * SCALE - 0.001


def test_an_unanswered_check_is_stored_missed_and_a_late_answer_refused(
    settings: Settings, alice: Tenant, server: RoomServer
) -> None:
    room = make_room(settings, alice, **{**MONITOR, "attendance_monitor_answer_seconds": 10})
    ann = register_someone(settings, alice, room, "Ann")
    with (
        Client(server.ws_url, ann.enter_token) as a,
        Client(server.ws_url, ticket(settings, alice, room, "host")) as host,
    ):
        assert host.send("room.start")["ok"]
        check = a.event("attention.check")["data"]
        missed = wait_for(
            lambda: stored(settings, room), lambda rows: bool(rows) and rows[0][2] == "missed"
        )
        assert missed[0] == (1, ann.person_id, "missed")
        late = a.send("attention.ack", {"check_id": check["check_id"]})
        assert late["ok"] is False
        assert late["error"]["code"] == "attention_expired"
        assert stored(settings, room)[0] == (1, ann.person_id, "missed")


def test_no_checks_while_the_monitor_is_off(
    settings: Settings, alice: Tenant, server: RoomServer, api: httpx.Client
) -> None:
    quiet = make_room(settings, alice)
    watched = make_room(settings, alice, **MONITOR)
    ann = register_someone(settings, alice, quiet, "Ann")
    bea = register_someone(settings, alice, watched, "Bea")
    with (
        Client(server.ws_url, ann.enter_token) as a,
        Client(server.ws_url, bea.enter_token) as b,
        Client(server.ws_url, ticket(settings, alice, quiet, "host")) as quiet_host,
        Client(server.ws_url, ticket(settings, alice, watched, "host")) as watched_host,
    ):
        assert quiet_host.send("room.start")["ok"]
        assert watched_host.send("room.start")["ok"]
        # Two rounds in the watched room: the quiet room's hub looked as often.
        first = b.event("attention.check")["data"]["check_id"]
        b.event("attention.check", lambda d: d["check_id"] != first)
        assert a.send("ping")["ok"]
        assert not [f for f in a.pending if f.get("event") == "attention.check"]
    assert asked(api, alice, quiet) == []
    assert rounds(settings, quiet) == []


@pytest.fixture
def two_servers(settings: Settings, shared_redis: RedisServer) -> Iterator[tuple[RoomServer, ...]]:
    """Two apps on the suite's database and one Redis: two processes' worth."""
    on_redis = settings.model_copy(
        update={"broker_url": shared_redis.url, "broker_channel_prefix": f"test-{uuid.uuid4()}:"}
    )
    first = RoomServer(on_redis, room_idle_seconds=120, **TIMERS).start()
    second = RoomServer(on_redis, room_idle_seconds=120, **TIMERS).start()
    yield first, second
    second.stop()
    first.stop()


def test_two_processes_make_one_check_per_round(
    settings: Settings, alice: Tenant, two_servers: tuple[RoomServer, RoomServer]
) -> None:
    first, second = two_servers
    room = make_room(settings, alice, **MONITOR)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    with (
        Client(first.ws_url, ann.enter_token) as a,
        Client(second.ws_url, bea.enter_token) as b,
        Client(first.ws_url, ticket(settings, alice, room, "host")) as host,
    ):
        assert host.send("room.start")["ok"]
        seen_a: list[str] = []
        seen_b: list[str] = []
        for _ in range(3):
            seen_a.append(
                a.event("attention.check", lambda d: d["check_id"] not in seen_a)["data"][
                    "check_id"
                ]
            )
            seen_b.append(
                b.event("attention.check", lambda d: d["check_id"] not in seen_b)["data"][
                    "check_id"
                ]
            )
        assert seen_a == seen_b
    made = rounds(settings, room)
    assert made == list(range(1, len(made) + 1))
    asks = stored(settings, room)
    for number in made:
        assert sorted(p for r, p, _ in asks if r == number) == sorted(
            [ann.person_id, bea.person_id]
        )
