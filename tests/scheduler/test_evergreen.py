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
        ({"time_zone": "America"}, 400, "time zone"),
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


# Changing its schedule (PATCH)


def change(api: httpx.Client, tenant: Tenant, parent_id: str, **fields: Any) -> dict[str, Any]:
    response = api.patch(f"{NATIVE}/{parent_id}", headers=tenant.headers, json=fields)
    assert response.status_code == 200, response.text
    changed: dict[str, Any] = response.json()
    return changed


def next_in(zone_name: str, after: datetime, times: list[str]) -> datetime:
    """The first of ``times`` on ``zone_name``'s clock after ``after``, worked out here."""
    clock_zone = ZoneInfo(zone_name)
    day = after.astimezone(clock_zone).date()
    starts = [
        datetime(day.year, day.month, day.day, int(t[:2]), int(t[3:]), tzinfo=clock_zone)
        + timedelta(days=days)
        for days in range(3)
        for t in times
    ]
    return min(s for s in starts if s > after)


def updated_events(settings: Settings, tenant: Tenant) -> list[tuple[str, list[str]]]:
    """(conference id, what changed) of each conference.updated, in order."""
    return [
        (e["conference_id"], e["changed"]) for e in events(settings, tenant, "conference.updated")
    ]


def register(api: httpx.Client, tenant: Tenant, conference_id: str) -> None:
    registered = api.put(
        "/api/v1/conferences/register",
        headers=tenant.headers,
        data={
            "id": conference_id,
            "email": "ada@example.test",
            "first_name": "Ada",
            "last_name": "Lovelace",
        },
    )
    assert registered.status_code == 200, registered.text


def test_new_times_move_an_upcoming_session_nobody_registered_for(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    created = create(api, tenant)
    [first] = created["sessions"]
    new_times = ["17:30", "11:15"]
    changed = change(api, tenant, created["id"], session_times=new_times)
    assert changed["session_times"] == ["11:15", "17:30"]
    assert (changed["title"], changed["time_zone"], changed["duration_minutes"]) == (
        "Always on",
        ZONE,
        45,
    )
    [moved] = changed["sessions"]
    # The same session (nobody was told its time), at the new schedule's next start.
    assert moved["id"] == first["id"]
    moved_start = at(moved["start_time"])
    assert moved_start == next_in(ZONE, clock.now(), new_times)
    assert moved_start != at(first["start_time"])
    assert at(moved["end_time"]) - moved_start == timedelta(minutes=45)
    assert moved["status"] == "scheduled"
    assert show(api, tenant, created["id"]) == changed

    parent = conference(own_settings, conference_id=created["id"])
    session = conference(own_settings, conference_id=moved["id"])
    assert parent.settings["evergreen_session_times"] == ["11:15", "17:30"]
    assert (parent.start_at, parent.end_at) == (session.start_at, session.end_at)
    # Its address is its new start on the parent's clock.
    local = moved_start.astimezone(ZoneInfo(ZONE))
    assert session.sub_url == f"{parent.sub_url}-{local:%Y%m%d-%H%M}"
    assert updated_events(own_settings, tenant) == [
        (parent.id, ["start_at", "end_at", "settings"]),
        (session.id, ["start_at", "end_at", "sub_url"]),
    ]

    # The scheduler continues with the new times.
    rounds(own_settings, clock, moved_start)
    sessions = show(api, tenant, created["id"])["sessions"]
    assert [s["status"] for s in sessions] == ["live", "scheduled"]
    assert at(sessions[1]["start_time"]) == next_in(ZONE, moved_start, new_times)


def test_an_upcoming_session_with_a_registrant_keeps_its_time(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    created = create(api, tenant)
    [first] = created["sessions"]
    register(api, tenant, first["id"])
    new_times = ["12:45"]
    changed = change(api, tenant, created["id"], session_times=new_times, title="Renamed")
    assert (changed["title"], changed["session_times"]) == ("Renamed", ["12:45"])
    assert changed["sessions"] == [first]
    shown = api.get(f"/api/v1/conferences/{first['id']}", headers=tenant.headers)
    assert shown.status_code == 200, shown.text
    assert shown.json()["title"] == "Renamed"

    parent = conference(own_settings, conference_id=created["id"])
    kept = conference(own_settings, conference_id=first["id"])
    assert (parent.start_at, parent.end_at) == (kept.start_at, kept.end_at)
    assert updated_events(own_settings, tenant) == [
        (parent.id, ["title", "settings"]),
        (kept.id, ["title"]),
    ]

    # The session after it follows the new schedule.
    kept_start = at(first["start_time"])
    rounds(own_settings, clock, kept_start)
    sessions = show(api, tenant, created["id"])["sessions"]
    assert sessions[0]["id"] == first["id"]
    assert [s["status"] for s in sessions] == ["live", "scheduled"]
    assert at(sessions[1]["start_time"]) == next_in(ZONE, kept_start, new_times)
    after_it = conference(own_settings, conference_id=sessions[1]["id"])
    assert (after_it.title, after_it.duration_minutes) == ("Renamed", 45)


def test_a_new_length_and_title_apply_to_the_upcoming_session(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    created = create(api, tenant)
    [first] = created["sessions"]
    changed = change(api, tenant, created["id"], duration_minutes=90, title="Longer")
    assert (changed["title"], changed["duration_minutes"]) == ("Longer", 90)
    assert changed["session_times"] == TIMES
    [same] = changed["sessions"]
    # The times did not change: nor did its start.
    assert (same["id"], same["start_time"]) == (first["id"], first["start_time"])
    assert at(same["end_time"]) - at(same["start_time"]) == timedelta(minutes=90)
    session = conference(own_settings, conference_id=first["id"])
    assert (session.title, session.duration_minutes) == ("Longer", 90)
    assert updated_events(own_settings, tenant) == [
        (created["id"], ["title", "end_at", "duration_minutes"]),
        (first["id"], ["title", "end_at", "duration_minutes"]),
    ]


def test_a_new_time_zone_moves_the_upcoming_session_to_that_zones_clock(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    created = create(api, tenant)
    [first] = created["sessions"]
    # Half an hour off Berlin's: its times of day are never Berlin's.
    new_zone = "Asia/Kolkata"
    changed = change(api, tenant, created["id"], time_zone=new_zone)
    assert (changed["time_zone"], changed["session_times"]) == (new_zone, TIMES)
    [moved] = changed["sessions"]
    assert moved["id"] == first["id"]
    moved_start = at(moved["start_time"])
    assert moved_start == next_in(new_zone, clock.now(), TIMES)
    session = conference(own_settings, conference_id=moved["id"])
    parent = conference(own_settings, conference_id=created["id"])
    assert session.time_zone == new_zone
    local = moved_start.astimezone(ZoneInfo(new_zone))
    assert session.sub_url == f"{parent.sub_url}-{local:%Y%m%d-%H%M}"
    # Its address is its start on the clock: the same if only the zone differs.
    before = at(first["start_time"]).astimezone(ZoneInfo(ZONE))
    new_address = f"{local:%Y%m%d-%H%M}" != f"{before:%Y%m%d-%H%M}"
    assert updated_events(own_settings, tenant) == [
        (parent.id, ["time_zone", "start_at", "end_at"]),
        (session.id, ["time_zone", "start_at", "end_at"] + ["sub_url"] * new_address),
    ]
    rounds(own_settings, clock, moved_start)
    sessions = show(api, tenant, created["id"])["sessions"]
    assert at(sessions[1]["start_time"]) == next_in(new_zone, moved_start, TIMES)


def test_a_bad_change_is_refused_and_changes_nothing(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    created = create(api, tenant)
    path = f"{NATIVE}/{created['id']}"
    bad: list[tuple[dict[str, Any], str]] = [
        ({"session_times": ["24:00"]}, "time of day"),
        ({"session_times": ["10:00", "10:00"]}, "distinct"),
        ({"session_times": []}, "session_times"),
        ({"time_zone": "Mars/Olympus"}, "time zone"),
        ({"time_zone": ""}, "time zone"),
        # Digits of other scripts are no time of day (nor "10:00" twice).
        ({"session_times": ["1\u0662:00"]}, "time of day"),
        ({"session_times": ["10:00", "1\uff10:00"]}, "time of day"),
        # A folder of the zone database, a name longer than a file's: no zone either.
        ({"time_zone": "America"}, "time zone"),
        ({"time_zone": "Etc"}, "time zone"),
        ({"time_zone": "Europe/" + "x" * 300}, "time zone"),
        ({"session_times": "10:00"}, "session_times"),
        ({"session_times": [{"at": "10:00"}]}, "session_times"),
        ({"session_times": [None]}, "session_times"),
        ({"session_times": ["10:00"] * 100_000}, "session_times"),
        ({"title": {"text": "T"}}, "title"),
        ({"title": ["T"]}, "title"),
        ({"time_zone": 3}, "time_zone"),
        ({"duration_minutes": "long"}, "duration"),
        ({"duration_minutes": 10**40}, "duration"),
        ({"duration_minutes": 1.5}, "duration"),
        ({"duration_minutes": 0}, "duration"),
        ({"duration_minutes": 24 * 60}, "duration"),
        ({"title": ""}, "title"),
        ({"colour": "green"}, "colour"),
        ({"title": "Fine", "colour": "green"}, "colour"),
        # A valid time with a bad one: not half applied.
        ({"title": "Fine", "duration_minutes": 0}, "duration"),
        ({}, "nothing to change"),
        ({"title": None}, "nothing to change"),
    ]
    for body, word in bad:
        response = api.patch(path, headers=tenant.headers, json=body)
        assert response.status_code == 400, (body, response.text)
        error = response.json()["error"]
        assert set(error) == {"code", "message"}
        assert error["code"] == "invalid_input"
        assert word in error["message"], (body, error)
    for content, word in ((b"{", "not JSON"), (b"[1]", "JSON object")):
        response = api.patch(path, headers=tenant.headers, content=content)
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "invalid_input"
        assert word in response.json()["error"]["message"]
    # Nothing was written.
    assert show(api, tenant, created["id"]) == created
    assert updated_events(own_settings, tenant) == []


def test_another_accounts_or_a_one_time_webinar_cannot_be_changed(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    created = create(api, tenant)
    other = create_tenant(own_settings)
    one_time = api.post(
        "/api/v1/conferences",
        headers=tenant.headers,
        json={"channel_id": tenant.channel_id, "title": "Once", "start_time": "2030-06-01 10:00"},
    )
    assert one_time.status_code in (200, 201), one_time.text
    refusals = [
        (other, created["id"]),
        (tenant, created["sessions"][0]["id"]),
        (tenant, one_time.json()["id"]),
        (tenant, "nope"),
    ]
    for who, conference_id in refusals:
        response = api.patch(f"{NATIVE}/{conference_id}", headers=who.headers, json={"title": "X"})
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "conference_not_found"
    assert show(api, tenant, created["id"]) == created
    assert updated_events(own_settings, tenant) == []
    assert updated_events(own_settings, other) == []


def test_a_moved_session_gets_a_free_address_when_an_earlier_one_had_its(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    created = create(api, tenant, session_times=["10:00"])
    first_start = at(created["sessions"][0]["start_time"])
    rounds(own_settings, clock, first_start)
    parent = conference(own_settings, conference_id=created["id"])
    first = conference(own_settings, conference_id=created["sessions"][0]["id"])
    day = first_start.astimezone(ZoneInfo(ZONE))
    assert first.sub_url == f"{parent.sub_url}-{day:%Y%m%d}-1000"
    # London's 10:00 is Berlin's 11:00, the same day: on the parent's new
    # clock the next session starts at the first one's 10:00 of that day.
    changed = change(api, tenant, created["id"], time_zone="Europe/London")
    moved = changed["sessions"][1]
    moved_start = at(moved["start_time"])
    assert moved_start == next_in("Europe/London", first_start, ["10:00"])
    assert moved_start - first_start == timedelta(hours=1)
    session = conference(own_settings, conference_id=moved["id"])
    assert session.sub_url == f"{first.sub_url}-2"
    # And the scheduler's next one after it has an address of its own.
    rounds(own_settings, clock, moved_start)
    following = show(api, tenant, created["id"])["sessions"][2]
    local = at(following["start_time"]).astimezone(ZoneInfo("Europe/London"))
    following_row = conference(own_settings, conference_id=following["id"])
    assert following_row.sub_url == f"{parent.sub_url}-{local:%Y%m%d-%H%M}"


def test_a_live_session_stays_and_an_open_waiting_room_keeps_its_time(
    api: httpx.Client, own_settings: Settings, clock: MovableClock, tenant: Tenant
) -> None:
    created = create(api, tenant)
    first_start = at(created["sessions"][0]["start_time"])
    rounds(own_settings, clock, first_start)
    live, second = show(api, tenant, created["id"])["sessions"]
    assert (live["status"], second["status"]) == ("live", "scheduled")

    # The live one stays; the upcoming one moves after it, to the new times.
    new_times = ["13:20"]
    changed = change(api, tenant, created["id"], session_times=new_times)
    assert changed["sessions"][0] == live
    moved = changed["sessions"][1]
    assert moved["id"] == second["id"]
    assert at(moved["start_time"]) == next_in(ZONE, first_start, new_times)

    # Its waiting room open (a minute before its start), the upcoming session
    # keeps its time although nobody registered: people may be waiting in it.
    moved_start = at(moved["start_time"])
    rounds(own_settings, clock, moved_start - timedelta(minutes=1))
    assert show(api, tenant, created["id"])["sessions"][-1]["status"] == "open"
    kept = change(api, tenant, created["id"], session_times=["14:40"], duration_minutes=20)
    assert kept["sessions"][-1]["start_time"] == moved["start_time"]
    assert kept["sessions"][-1]["end_time"] == moved["end_time"]
    rounds(own_settings, clock, moved_start)
    following = show(api, tenant, created["id"])["sessions"][-1]
    assert at(following["start_time"]) == next_in(ZONE, moved_start, ["14:40"])
    assert at(following["end_time"]) - at(following["start_time"]) == timedelta(minutes=20)
