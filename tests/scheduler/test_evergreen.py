"""Evergreen webinars (conferences.evergreen): created over the native API,
continued by the scheduler (webinarium/scheduler) one upcoming session at a time.

The server of this module's own database runs no worker and reads a
`MovableClock` of the module's; schedulers run here over the same database with
that clock, one round (``run_once``) after each move. What they did is read
back through the APIs and from the rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference.helpers import ok
from tests.conftest import Tenant, create_tenant
from tests.room.conftest import RoomServer
from tests.scheduler.test_scheduler import changes, conference, events
from webinarium.kit.clock import MovableClock
from webinarium.kit.db import Database
from webinarium.scheduler.runner import Scheduler
from webinarium.settings import Settings

NATIVE = "/api/webinarium/v1/evergreen_webinars"
ZONE = "Europe/Berlin"
TIMES = ["10:00", "16:00"]


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    # The sessions fall at times of day: the module's clock starts at 03:00 in
    # Berlin, hours before the first of them, whenever the suite runs (run at
    # 09:50 it met a session whose waiting room was already due).
    clock = MovableClock()
    tomorrow = clock.now().astimezone(ZoneInfo(ZONE)) + timedelta(days=1)
    clock.advance_to(tomorrow.replace(hour=3, minute=0, second=0, microsecond=0))
    return clock


@pytest.fixture(scope="module")
def api(own_settings: Settings, clock: MovableClock) -> Iterator[httpx.Client]:
    # A server with no worker on the module's clock: the schedulers are the tests'.
    server = RoomServer(own_settings, clock, worker_in_serve=False).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        server.stop()


@pytest.fixture
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings)


def create(api: httpx.Client, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {
        "title": "Always on",
        "time_zone": ZONE,
        "session_times": TIMES,
        "duration_minutes": 45,
        **fields,
    }
    response = api.post(NATIVE, headers=tenant.headers, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def show(api: httpx.Client, tenant: Tenant, parent_id: str) -> dict[str, Any]:
    response = api.get(f"{NATIVE}/{parent_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    shown: dict[str, Any] = response.json()
    return shown


def next_at(after: datetime, times: list[str] = TIMES) -> datetime:
    """The first of ``times`` on Berlin's clock after ``after``, worked out here."""
    berlin = ZoneInfo(ZONE)
    day = after.astimezone(berlin).date()
    starts = [
        datetime(day.year, day.month, day.day, int(t[:2]), int(t[3:]), tzinfo=berlin)
        + timedelta(days=days)
        for days in range(3)
        for t in times
    ]
    return min(s for s in starts if s > after)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def upcoming(api: httpx.Client, tenant: Tenant, parent_id: str) -> list[dict[str, Any]]:
    return [s for s in show(api, tenant, parent_id)["sessions"] if s["status"] == "scheduled"]


def rounds(settings: Settings, clock: MovableClock, moment: datetime, schedulers: int = 1) -> None:
    """At ``moment`` (the clock moved there), one round of each of ``schedulers``
    new schedulers, all at once."""

    async def scenario() -> None:
        clock.advance_to(moment)
        databases = [Database(settings.database_url_async) for _ in range(schedulers)]
        for database in databases:
            await database.__aenter__()
        try:
            running = [Scheduler(database, settings, clock) for database in databases]
            await asyncio.gather(*(scheduler.run_once() for scheduler in running))
        finally:
            for database in databases:
                await database.__aexit__(None, None, None)

    asyncio.run(scenario())


def created_events(settings: Settings, tenant: Tenant) -> list[dict[str, Any]]:
    return events(settings, tenant, "conference.created")


# Creating one


def test_creating_an_evergreen_webinar_makes_its_first_upcoming_session(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    before = clock.now()
    created = create(api, tenant, session_times=["16:00", "10:00"])
    assert created["title"] == "Always on"
    assert created["channel_id"] == tenant.channel_id
    assert created["time_zone"] == ZONE
    assert created["session_times"] == ["10:00", "16:00"]
    assert created["duration_minutes"] == 45
    [first] = created["sessions"]
    assert at(first["start_time"]) == next_at(before)
    assert at(first["end_time"]) - at(first["start_time"]) == timedelta(minutes=45)
    assert first["status"] == "scheduled"
    assert show(api, tenant, created["id"]) == created

    parent = conference(own_settings, conference_id=created["id"])
    session = conference(own_settings, conference_id=first["id"])
    assert (parent.kind, session.kind) == ("evergreen_parent", "evergreen_child")
    assert session.parent_id == parent.id
    # The parent is as upcoming as its session.
    assert (parent.start_at, parent.end_at) == (session.start_at, session.end_at)
    assert "evergreen_session_times" not in session.settings
    kinds = [(e["conference_id"], e["kind"]) for e in created_events(own_settings, tenant)]
    assert kinds == [(parent.id, "evergreen_parent"), (session.id, "evergreen_child")]


def test_a_bad_evergreen_webinar_is_refused_in_the_native_envelope(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    bad: list[tuple[dict[str, Any], int, str]] = [
        ({"session_times": ["24:00"]}, 400, "time of day"),
        ({"session_times": ["9:00"]}, 400, "time of day"),
        ({"session_times": ["10:00", "10:00"]}, 400, "distinct"),
        ({"session_times": []}, 400, "session_times"),
        ({"session_times": [f"{h:02}:30" for h in range(24)] + ["00:15"]}, 400, "session_times"),
        ({"time_zone": "Mars/Olympus"}, 400, "time zone"),
        ({"duration_minutes": 0}, 400, "duration"),
        ({"title": ""}, 400, "title"),
        ({"channel_id": "nope"}, 404, "nope"),
        ({"channel_id": create_tenant(own_settings).channel_id}, 404, "not found"),
        ({"colour": "green"}, 400, "colour"),
    ]
    body = {"title": "T", "time_zone": ZONE, "session_times": TIMES, "duration_minutes": 30}
    for change, status, word in bad:
        response = api.post(NATIVE, headers=tenant.headers, json={**body, **change})
        assert response.status_code == status, (change, response.text)
        error = response.json()["error"]
        assert set(error) == {"code", "message"}
        assert word in error["message"], (change, error)
        assert error["code"] == ("channel_not_found" if status == 404 else "invalid_input")
    response = api.post(NATIVE, headers=tenant.headers, content=b"[1]")
    assert response.status_code == 400
    assert "JSON object" in response.json()["error"]["message"]
    # Nothing was half written.
    assert created_events(own_settings, tenant) == []


def test_another_accounts_or_a_plain_webinar_is_not_an_evergreen_one(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    created = create(api, tenant)
    other = create_tenant(own_settings)
    response = api.get(f"{NATIVE}/{created['id']}", headers=other.headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"]
    session_id = created["sessions"][0]["id"]
    assert api.get(f"{NATIVE}/{session_id}", headers=tenant.headers).status_code == 404
    missing = api.get(f"{NATIVE}/{created['id']}", headers={"API-KEY": "wrong"})
    assert missing.status_code == 401


# The scheduler continues it


def test_a_started_session_gets_its_next_one_exactly_once(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    created = create(api, tenant)
    first = created["sessions"][0]
    first_start = at(first["start_time"])

    # Before the start: the one upcoming session is enough.
    rounds(own_settings, clock, first_start - timedelta(minutes=30))
    assert [s["id"] for s in upcoming(api, tenant, created["id"])] == [first["id"]]

    # (First seen at its start, it starts without a waiting room step.)
    rounds(own_settings, clock, first_start)
    assert changes(own_settings, first["id"]) == [("live", "scheduler")]
    sessions = show(api, tenant, created["id"])["sessions"]
    assert [s["status"] for s in sessions] == ["live", "scheduled"]
    second = sessions[1]
    assert at(second["start_time"]) == next_at(first_start)
    assert created_events(own_settings, tenant)[-1]["conference_id"] == second["id"]

    # A restart (a new scheduler) at the same moment creates nothing more.
    rounds(own_settings, clock, first_start)
    assert len(show(api, tenant, created["id"])["sessions"]) == 2

    # The next one starts in its turn (the first ends past its grace meanwhile).
    second_start = at(second["start_time"])
    rounds(own_settings, clock, second_start)
    statuses = [s["status"] for s in show(api, tenant, created["id"])["sessions"]]
    assert statuses == ["ended", "live", "scheduled"]
    third = show(api, tenant, created["id"])["sessions"][2]
    assert at(third["start_time"]) == next_at(second_start)


def test_a_parent_left_without_an_upcoming_session_gets_one_once_from_two_schedulers(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    created = create(api, tenant, session_times=["03:15"])
    first_start = at(created["sessions"][0]["start_time"])
    # Two days on, as if no scheduler had run: the first is over, one next one comes.
    late = first_start + timedelta(days=2, minutes=5)
    rounds(own_settings, clock, late, schedulers=3)
    sessions = show(api, tenant, created["id"])["sessions"]
    assert [s["status"] for s in sessions] == ["ended", "scheduled"]
    assert at(sessions[1]["start_time"]) == next_at(late, ["03:15"])
    rounds(own_settings, clock, late, schedulers=2)
    assert len(show(api, tenant, created["id"])["sessions"]) == 2


def test_a_deleted_evergreen_webinar_gets_no_more_sessions(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    created = create(api, tenant)
    response = api.delete(f"/api/v1/conferences/{created['id']}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    rounds(own_settings, clock, at(created["sessions"][0]["start_time"]) + timedelta(minutes=1))
    assert api.get(f"{NATIVE}/{created['id']}", headers=tenant.headers).status_code == 404
    # Its session went with it.
    session_id = created["sessions"][0]["id"]
    gone = api.get(f"/api/v1/conferences/{session_id}", headers=tenant.headers)
    assert gone.status_code == 404, gone.text
    assert [e["kind"] for e in created_events(own_settings, tenant)] == [
        "evergreen_parent",
        "evergreen_child",
    ]


# Through the dialects


def test_the_dialects_show_list_and_register_to_an_evergreen_session(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    created = create(api, tenant)
    parent_id, session_id = created["id"], created["sessions"][0]["id"]

    def search(kind: str) -> set[str]:
        response = api.post(
            "/api/v1/conferences/search", headers=tenant.headers, json={"type": kind}
        )
        assert response.status_code == 200, response.text
        return {c["id"] for c in response.json()["conferences"]}

    assert search("evergreen_parent") == {parent_id}
    assert search("evergreen_child") == {session_id}
    assert search("recurring_child") == set()

    shown = api.get(f"/api/v1/conferences/{session_id}", headers=tenant.headers)
    assert shown.status_code == 200, shown.text
    assert shown.json()["type"] == "evergreen_child"
    assert shown.json()["master_webinar_id"] == parent_id

    # MyOwnConference lists the session (a room), not its parent; Boomstream,
    # one conference per webinar, the parent, not its session.
    session_row = conference(own_settings, conference_id=session_id)
    parent_row = conference(own_settings, conference_id=parent_id)
    listed = ok(api, tenant, "webinarsList", {})
    assert [w["alias"] for w in listed] == [session_row.alias]
    codes = [c["code"] for c in boomstream.ok(api, tenant, "list")["conferences"]]
    assert codes == [parent_row.code]

    registered = api.put(
        "/api/v1/conferences/register",
        headers=tenant.headers,
        data={
            "id": session_id,
            "email": "ada@example.test",
            "first_name": "Ada",
            "last_name": "Lovelace",
        },
    )
    assert registered.status_code == 200, registered.text
    registrants = api.get(f"/api/v1/conferences/registrations/{session_id}", headers=tenant.headers)
    assert registrants.status_code == 200, registrants.text
    assert [r["email"] for r in registrants.json()["registrations"]] == ["ada@example.test"]
