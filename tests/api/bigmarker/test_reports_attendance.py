"""BigMarker's attendance reports over a scripted webinar.

People come into a real room over the protocol (tests/room/helpers.py): Ann (a
desktop browser) chats, asks, votes, views and downloads a handout, answers
the attendance monitor, leaves, and comes back in two tabs at once; Bea (an
Android phone) misses the monitor's check, then chats; Cid registers and never
comes; a presenter, the host and a virtual attendee are in the room too. Then
every report is checked field by field against what the script did: counts
and texts from the script itself, times and durations computed here from the
stays and events the room stored (the test's own reading of the rules of
docs/bigmarker.md, "Attendance reports")."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import documented_error
from tests.api.myownconference.helpers import alias_of
from tests.api.myownconference.helpers import ok as moc_ok
from tests.conftest import Tenant, in_database
from tests.queries import QueryCounter
from tests.room.conftest import RoomServer
from tests.room.helpers import WAIT, Client, add_staff, make_room, register_someone, ticket
from webinarium.kit.signed_links import sign_link
from webinarium.kit.time import utcnow
from webinarium.models import (
    AttentionAsk,
    ChatMessage,
    Conference,
    HandoutLog,
    Person,
    PollVote,
    Question,
    Registration,
    Visit,
)
from webinarium.settings import Settings

T = TypeVar("T")
API = "/api/v1"
REPORTING = f"{API}/reporting/conferences"
NATIVE = "/api/webinarium/v1"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/120.0.0.0 Safari/537.36"
)
ANDROID = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/116.0.0.0 Mobile Safari/537.36"
)
# The monitor's minute lasts 1.2 s; hubs look every 0.1 s.
TIMERS = {"room_attention_poll_seconds": 0.1, "room_attention_time_scale": 0.02}
MONITOR: dict[str, Any] = {
    "attendance_monitor": True,
    "attendance_monitor_interval_minutes": 1,
    "attendance_monitor_answer_seconds": 30,
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


def wait_for(what: Callable[[], T], until: Callable[[T], bool]) -> T:
    deadline = time.monotonic() + WAIT
    while True:
        value = what()
        if until(value):
            return value
        assert time.monotonic() < deadline, f"still {value!r}"
        time.sleep(0.05)


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _documented_fields(operation: dict[str, Any]) -> list[str]:
    """The response table's field names in order, once each, paging fields left out."""
    names = [f["name"] for f in operation["response"]["documented_fields"][0]["fields"]]
    paging = set(operation["response"].get("pagination_fields", []))
    return [name for name in dict.fromkeys(names) if name not in paging]


# The test's own reading of the rules.

Interval = tuple[datetime, datetime]


def _merged(intervals: list[Interval]) -> list[Interval]:
    result: list[Interval] = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result


def _within(window: Interval, intervals: list[Interval]) -> timedelta:
    total = timedelta()
    for start, end in intervals:
        low, high = max(window[0], start), min(window[1], end)
        total += max(high - low, timedelta())
    return total


def _utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _wall(moment: datetime | None, zone: str) -> str | None:
    return (
        None if moment is None else moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M:%S")
    )


def _minutes(seconds: int) -> str:
    return f"{seconds / 60:.1f} min"


@dataclass(frozen=True)
class Stored:
    """What the room stored for one person, read from the database."""

    person: Person
    registration: Registration | None
    visits: list[Visit]
    chats: list[ChatMessage]
    questions: list[Question]
    logs: list[HandoutLog]
    asks: list[AttentionAsk]
    votes: list[PollVote]

    @classmethod
    def of(cls, settings: Settings, conference_id: str, person_id: str) -> Stored:
        async def read(session: AsyncSession) -> Stored:
            async def rows(model: Any) -> list[Any]:
                found = await session.scalars(
                    select(model).where(
                        model.conference_id == conference_id, model.person_id == person_id
                    )
                )
                return list(found)

            person = await session.get(Person, person_id)
            assert person is not None
            votes = await session.scalars(select(PollVote).where(PollVote.person_id == person_id))
            return cls(
                person=person,
                registration=await session.scalar(
                    select(Registration).where(
                        Registration.conference_id == conference_id,
                        Registration.person_id == person_id,
                    )
                ),
                visits=await rows(Visit),
                chats=await rows(ChatMessage),
                questions=await rows(Question),
                logs=await rows(HandoutLog),
                asks=await rows(AttentionAsk),
                votes=list(votes),
            )

        return in_database(settings, read)

    @property
    def stays(self) -> list[Interval]:
        assert all(v.left_at is not None for v in self.visits)  # the room ended
        return _merged([(v.entered_at, v.left_at) for v in self.visits if v.left_at])

    @property
    def seconds(self) -> int:
        return int(sum((end - start for start, end in self.stays), timedelta()).total_seconds())

    @property
    def engaged_seconds(self) -> int:
        signs = sorted(
            [c.created_at for c in self.chats]
            + [q.created_at for q in self.questions]
            + [v.created_at for v in self.votes]
            + [log.at for log in self.logs]
            + [a.answered_at for a in self.asks if a.state == "answered" and a.answered_at]
        )
        end = self.stays[-1][1]
        away = _merged(
            [
                (a.shown_at, next((s for s in signs if s > a.shown_at), end))
                for a in self.asks
                if a.state == "missed" and a.shown_at < end
            ]
        )
        lost = sum((_within(window, self.stays) for window in away), timedelta())
        total = sum((e - s for s, e in self.stays), timedelta())
        return int((total - lost).total_seconds())

    @property
    def entered_at(self) -> datetime:
        return min(v.entered_at for v in self.visits)

    @property
    def left_at(self) -> datetime:
        return max(v.left_at for v in self.visits if v.left_at is not None)


@pytest.fixture(scope="module")
def webinar(
    settings: Settings, alice: Tenant, server: RoomServer, api: httpx.Client
) -> dict[str, Any]:
    """The scripted webinar, run once for the module; what the script did."""
    room = make_room(settings, alice, **MONITOR)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    cid = register_someone(settings, alice, room, "Cid")

    async def ann_gives_her_country(session: AsyncSession) -> None:
        await session.execute(
            update(Registration)
            .where(Registration.id == ann.registration_id)
            .values(answers={"Country": "Germany"})
        )

    in_database(settings, ann_gives_her_country)
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    poll = _ok(
        api.post(
            f"{API}/polls",
            headers=alice.headers,
            json={"conference_id": room, "question": "Which one?", "choices": ["Red", "Green"]},
        )
    )
    green = poll["choices"][1]["id"]
    handout = _ok(
        api.post(
            f"{API}/conferences/{room}/add_handout_with_url",
            headers=alice.headers,
            json={"title": "Deck", "handout_url": "https://files.example.test/deck.pdf"},
        )
    )
    with (
        Client(server.ws_url, ann.enter_token, user_agent=CHROME) as a,
        Client(server.ws_url, bea.enter_token, user_agent=ANDROID) as b,
        Client(server.ws_url, ticket(settings, alice, room, "presenter", paul)) as p,
        Client(server.ws_url, ticket(settings, alice, room, "host")) as host,
    ):
        for client in (a, b, p, host):
            client.next_frame()
        moc_ok(
            api,
            alice,
            "webinarsAddBotToRoom",
            {"alias": alias_of(settings, room), "name": "Vic", "country": "de"},
        )
        assert p.send("room.start")["ok"]
        check = a.event("attention.check")["data"]["check_id"]
        assert b.event("attention.check")["data"]["check_id"] == check
        assert a.send("attention.ack", {"check_id": check})["ok"]
        # The monitor stops; Bea's check closes unanswered.
        _ok(
            api.put(
                f"{NATIVE}/conferences/{room}/attendance-monitor",
                headers=alice.headers,
                json={"enabled": False},
            )
        )
        wait_for(
            lambda: Stored.of(settings, room, bea.person_id).asks,
            lambda asks: bool(asks) and all(x.state == "missed" for x in asks),
        )
        assert a.send("chat.send", {"text": "Hello"})["ok"]
        assert a.send("chat.send", {"text": "Hi again"})["ok"]
        assert a.send("qa.ask", {"text": "Slides later?"})["ok"]
        assert p.send("poll.open", {"poll_id": poll["id"]})["ok"]
        assert a.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [green]})["ok"]
        assert a.send("handout.view", {"handout_id": handout["id"]})["ok"]
        assert a.send("handout.download", {"handout_id": handout["id"]})["ok"]
        assert b.send("chat.send", {"text": "Back"})["ok"]
        assert p.send("chat.send", {"text": "Welcome"})["ok"]
        a.close()
        wait_for(
            lambda: Stored.of(settings, room, ann.person_id).visits,
            lambda visits: all(v.left_at is not None for v in visits),
        )
        # Ann again, in two tabs at once: one stay.
        with (
            Client(server.ws_url, ann.enter_token, user_agent=CHROME) as a1,
            Client(server.ws_url, ann.enter_token, user_agent=CHROME) as a2,
        ):
            a1.next_frame()
            a2.next_frame()
            assert a1.send("chat.send", {"text": "Two tabs"})["ok"]
        wait_for(
            lambda: Stored.of(settings, room, ann.person_id).visits,
            lambda visits: len(visits) == 2 and all(v.left_at is not None for v in visits),
        )
        not_ended = api.get(f"{API}/conferences/{room}/attendees", headers=alice.headers)
        assert host.send("room.end")["ok"]
    return {
        "room": room,
        "ann": ann,
        "bea": bea,
        "cid": cid,
        "paul": paul,
        "not_ended": not_ended,
    }


def _entry_order(stored: dict[str, Stored]) -> list[str]:
    """Attendees' names in the order they first entered (Ann and Bea come at once)."""
    return sorted(stored, key=lambda name: (stored[name].entered_at, stored[name].person.id))


def _zone(settings: Settings, room: str) -> str:
    async def read(session: AsyncSession) -> str:
        zone = await session.scalar(select(Conference.time_zone).where(Conference.id == room))
        assert zone is not None
        return zone

    return in_database(settings, read)


def test_attendees_are_reported_once_the_webinar_is_over(
    settings: Settings,
    alice: Tenant,
    api: httpx.Client,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations["conferences_attendees"]
    assert webinar["not_ended"].status_code == 404
    assert webinar["not_ended"].json() == documented_error(operation, 404)
    room = webinar["room"]
    ann = Stored.of(settings, room, webinar["ann"].person_id)
    bea = Stored.of(settings, room, webinar["bea"].person_id)
    assert len(ann.visits) == 2
    assert len(bea.visits) == 1
    assert [v.user_agent for v in ann.visits] == [CHROME, CHROME]

    body = _ok(api.get(f"{API}/conferences/{room}/attendees", headers=alice.headers))
    assert list(body) == ["per_page", "current_page", "total_entries", "attendees"]
    assert (body["per_page"], body["current_page"], body["total_entries"]) == (500, 1, 2)
    view, download = sorted(ann.logs, key=lambda log: log.action != "view")
    expected: list[dict[str, Any]] = [
        {
            "email": ann.person.email,
            "first_name": "Ann",
            "last_name": "Tester",
            "entered_at": _utc(ann.entered_at),
            "leaved_at": _utc(ann.left_at),
            "total_duration": str(ann.seconds),
            "engaged_duration": str(ann.engaged_seconds),
            "chats_count": 3,
            "qas_count": 1,
            "polls_count": 1,
            "polls": [{"question": "Which one?", "answer": "Green"}],
            "questions": ["Slides later?"],
            "handouts": ["Deck"],
            "view_handout": [{"handout_name": "Deck", "viewed_at": _utc(view.at)}],
            "download_handout": [{"handout_name": "Deck", "downloaded_at": _utc(download.at)}],
            "browser_name": "Chrome",
            "browser_version": 120,
            "device_name": "desktop",
        },
        {
            "email": bea.person.email,
            "first_name": "Bea",
            "last_name": "Tester",
            "entered_at": _utc(bea.entered_at),
            "leaved_at": _utc(bea.left_at),
            "total_duration": str(bea.seconds),
            "engaged_duration": str(bea.engaged_seconds),
            "chats_count": 1,
            "qas_count": 0,
            "polls_count": 0,
            "polls": [],
            "questions": [],
            "handouts": [],
            "view_handout": [],
            "download_handout": [],
            "browser_name": "Chrome Mobile",
            "browser_version": 116,
            "device_name": "android",
        },
    ]
    # In the order they first entered (both came at once: either may be first).
    first = sorted((ann, bea), key=lambda stored: (stored.entered_at, stored.person.id))
    if first[0] is bea:
        expected.reverse()
    assert body["attendees"] == expected
    # Bea missed a check and was away until she chatted: less engaged than present.
    assert bea.engaged_seconds <= bea.seconds
    assert any(a.state == "missed" for a in bea.asks)

    second = _ok(
        api.get(
            f"{API}/conferences/{room}/attendees",
            headers=alice.headers,
            params={"current_page": 2, "per_page": 1},
        )
    )
    assert (second["per_page"], second["current_page"], second["total_entries"]) == (1, 2, 2)
    assert second["attendees"] == body["attendees"][1:]

    listed = api.get(
        f"{API}/conferences/{room}/attendees", headers=alice.headers, params={"format": "csv"}
    )
    assert listed.status_code == 200
    assert listed.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(listed.text)))
    assert rows[0] == _documented_fields(operation)
    assert [row[0] for row in rows[1:]] == [row["email"] for row in expected]
    ann_row = next(row for row in rows[1:] if row[0] == ann.person.email)
    assert ann_row[rows[0].index("polls")] == '[{"question":"Which one?","answer":"Green"}]'


def _registrant_row(stored: Stored, zone: str, *, country: str = "") -> dict[str, Any]:
    attended = bool(stored.visits)
    seconds = stored.seconds if attended else 0
    engaged = stored.engaged_seconds if attended else 0
    registration = stored.registration
    assert registration is not None
    return {
        "id": registration.id,
        "email": stored.person.email,
        "first_name": stored.person.first_name,
        "last_name": "Tester",
        "BMID": stored.person.id,
        "coupon": "",
        "registration_date": _wall(registration.registered_at, zone),
        "country": country,
        "time_zone": zone,
        "active_consent": "",
        "traffic_source": "",
        "referral_domain": "",
        "tracking_code": "",
        "attended?": "Yes" if attended else "No",
        "watched_on_demand": "No",
        "on_demand_duration": "0.0 min",
        "duration": _minutes(seconds),
        "engaged": _minutes(engaged),
        "chats": len(stored.chats),
        "qa": len(stored.questions),
        "polls": len({v.poll_id for v in stored.votes}),
        "polls_info": [{"question": "Which one?", "answer": "Green"}] if stored.votes else [],
        "rating": None,
        "comment": None,
        "banned": "No",
        "custom_fields": {"Country": country} if country else {},
        "recording_duration": "0.0 min",
        "enter_time": _wall(stored.entered_at, zone) if attended else None,
        "exit_time": _wall(stored.left_at, zone) if attended else None,
        "OS": {"Ann": "Windows", "Bea": "Android"}.get(stored.person.first_name, ""),
        "browser": {"Ann": "Chrome", "Bea": "Chrome Mobile"}.get(stored.person.first_name, ""),
        "downloaded": sum(1 for log in stored.logs if log.action == "download"),
        "handout_name": ["Deck"] if stored.logs else [],
        "live_duration": _minutes(seconds),
    }


def _only(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {name: row[name] for name in fields}


def test_reporting_lists_registrants_attendees_and_no_shows(
    settings: Settings,
    alice: Tenant,
    api: httpx.Client,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    room = webinar["room"]
    zone = _zone(settings, room)
    ann, bea, cid = (Stored.of(settings, room, webinar[n].person_id) for n in ("ann", "bea", "cid"))
    rows = {
        "ann": _registrant_row(ann, zone, country="Germany"),
        "bea": _registrant_row(bea, zone),
        "cid": _registrant_row(cid, zone),
    }

    def listed(report: str, **params: Any) -> Any:
        return _ok(api.get(f"{REPORTING}/{report}/{room}", headers=alice.headers, params=params))

    fields = _documented_fields(bigmarker_operations["reporting_registrations"])
    everyone = [_only(rows[n], fields) for n in ("ann", "bea", "cid")]
    assert listed("registrations") == {"registrations": everyone}
    assert listed("registrations", attended_live="true") == {"registrations": everyone[:2]}
    assert listed("registrations", watched_on_demand="true") == {"registrations": []}
    assert listed("registrations", current_page=2, per_page=2) == {"registrations": everyone[2:]}

    fields = _documented_fields(bigmarker_operations["reporting_live_attendees"])
    order = _entry_order({"ann": ann, "bea": bea})
    assert listed("live_attendees") == {"attendees": [_only(rows[n], fields) for n in order]}
    fields = _documented_fields(bigmarker_operations["reporting_no_shows"])
    assert listed("no_shows") == {"registrations": [_only(rows["cid"], fields)]}
    assert listed("on_demand_attendees") == {"attendees": []}

    # Every list as CSV: the documented columns, the same rows.
    for report, operation in (
        ("registrations", "reporting_registrations"),
        ("live_attendees", "reporting_live_attendees"),
        ("no_shows", "reporting_no_shows"),
        ("on_demand_attendees", "reporting_on_demand_attendees"),
    ):
        response = api.get(
            f"{REPORTING}/{report}/{room}", headers=alice.headers, params={"format": "csv"}
        )
        assert response.status_code == 200, response.text
        table = list(csv.reader(io.StringIO(response.text)))
        assert table[0] == _documented_fields(bigmarker_operations[operation]), report
        ids = [row[0] for row in table[1:]]
        assert ids == [row["id"] for row in listed(report).popitem()[1]], report


def test_enter_exit_log_and_event_summary(
    settings: Settings,
    alice: Tenant,
    api: httpx.Client,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    room = webinar["room"]
    zone = _zone(settings, room)
    moves = []
    for name in ("ann", "bea"):
        stored = Stored.of(settings, room, webinar[name].person_id)
        for visit in stored.visits:
            for kind, at in (("enter", visit.entered_at), ("exit", visit.left_at)):
                assert at is not None
                moves.append((at, visit.id, kind, stored.person))
    moves.sort(key=lambda m: (m[0], m[1], m[2]))
    expected: list[dict[str, Any]] = [
        {
            "bmid": person.id,
            "email": person.email,
            "first_name": person.first_name,
            "last_name": "Tester",
            "activity_type": kind,
            "time": at.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds"),
        }
        for at, _, kind, person in moves
    ]
    assert len(expected) == 6  # Ann: two stays, Bea: one; the staff and the bot left out
    url = f"{REPORTING}/enter_exit_log/{room}"
    body = _ok(api.get(url, headers=alice.headers))
    assert body == {
        "per_page": 200,
        "current_page": 1,
        "total_entries": 6,
        "total_pages": 1,
        "activities": expected,
    }
    page = _ok(api.get(url, headers=alice.headers, params={"per_page": 4, "current_page": 2}))
    assert (page["total_pages"], page["activities"]) == (2, expected[4:])
    table = list(
        csv.reader(io.StringIO(api.get(url, headers=alice.headers, params={"format": "csv"}).text))
    )
    assert table[0] == _documented_fields(bigmarker_operations["reporting_enter_exit_log"])
    assert [row[4] for row in table[1:]] == [m["activity_type"] for m in expected]

    seconds = sum(Stored.of(settings, room, webinar[n].person_id).seconds for n in ("ann", "bea"))
    summary = _ok(api.get(f"{REPORTING}/event_summary/{room}", headers=alice.headers))
    assert summary == {"total_live_minutes_watched": round(seconds / 60)}


def test_refresh_and_dial_in_answer_what_there_is(
    alice: Tenant, bob: Tenant, api: httpx.Client, webinar: dict[str, Any]
) -> None:
    room = webinar["room"]
    refresh = f"{API}/conferences/refresh_analytics_report/{room}"
    assert _ok(api.get(refresh, headers=alice.headers)) == {"status": "creating"}
    assert _ok(api.get(f"{API}/conferences/dial_in_list/{room}", headers=alice.headers)) == []
    # Bob's key reaches none of Alice's reports.
    assert api.get(refresh, headers=bob.headers).status_code == 404
    for report in ("registrations", "live_attendees", "enter_exit_log", "event_summary"):
        response = api.get(f"{REPORTING}/{report}/{room}", headers=bob.headers)
        assert response.status_code == 404
        assert response.json() == {"error": "The conference you are requesting is not found."}


def test_an_export_tap_walks_every_conference_without_an_error(
    settings: Settings, fresh_tenant: Tenant, api: httpx.Client
) -> None:
    """As The-Daily-Upside's tap-bigmarker does: every conference its search
    finds (start_time=0: upcoming ones too), then each conference's attendees
    and reporting lists, stopping on a 404 whose body it does not know."""
    upcoming = make_room(settings, fresh_tenant)
    ended = make_room(settings, fresh_tenant, starts_in=timedelta(hours=-2))
    found = _ok(
        api.post(
            f"{API}/conferences/search/",
            headers=fresh_tenant.headers,
            params={"page": 1, "per_page": 500, "start_time": 0},
        )
    )["conferences"]
    assert {c["id"] for c in found} == {upcoming, ended}
    for conference in found:
        cid = conference["id"]
        attendees = _ok(
            api.get(
                f"{API}/conferences/{cid}/attendees",
                headers=fresh_tenant.headers,
                params={"current_page": 1, "per_page": 500},
            )
        )
        assert attendees == {
            "per_page": 500,
            "current_page": 1,
            "total_entries": 0,
            "attendees": [],
        }
        for report, key in (
            ("registrations", "registrations"),
            ("live_attendees", "attendees"),
            ("no_shows", "registrations"),
            ("on_demand_attendees", "attendees"),
        ):
            body = _ok(
                api.get(
                    f"{REPORTING}/{report}/{cid}",
                    headers=fresh_tenant.headers,
                    params={"current_page": 1, "per_page": 500},
                )
            )
            assert body == {key: []}


def test_unknown_conferences_get_the_documented_errors(
    alice: Tenant, api: httpx.Client, bigmarker_operations: dict[str, Any]
) -> None:
    cases = {
        f"{API}/conferences/nope/attendees": ("conferences_attendees", 403),
        f"{REPORTING}/no_shows/nope": ("reporting_no_shows", 404),
        f"{REPORTING}/on_demand_attendees/nope": ("reporting_on_demand_attendees", 404),
        f"{API}/conferences/dial_in_list/nope": ("conferences_dial_in_list", 401),
        f"{API}/conferences/refresh_analytics_report/nope": (
            "conferences_refresh_analytics_report",
            404,
        ),
    }
    for url, (operation, status) in cases.items():
        response = api.get(url, headers=alice.headers)
        assert response.status_code == status, url
        if operation == "conferences_dial_in_list":
            assert response.json() == {
                "error": "You do not have permission to access or modify this conference."
            }
        else:
            assert response.json() == documented_error(bigmarker_operations[operation], status)
        missing_key = api.get(url)
        assert missing_key.status_code == 401
        assert missing_key.json() == {"error": "Missing or invalid API key."}


def test_the_statistics_link_downloads_without_a_key_and_is_refused_when_altered(
    settings: Settings,
    alice: Tenant,
    api: httpx.Client,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    room = webinar["room"]
    admin = _ok(
        api.post(
            f"{API}/channel_admins",
            headers=alice.headers,
            json={"channel_id": alice.channel_id, "email": f"admin-{room}@example.test"},
        )
    )
    stats = f"{API}/conferences/{room}/stats"
    not_admin = api.get(stats, headers=alice.headers, params={"bmid": webinar["paul"]})
    assert not_admin.status_code == 400
    assert "not an admin" in not_admin.json()["error"]
    body = _ok(api.get(stats, headers=alice.headers, params={"bmid": admin["bmid"]}))
    assert list(body) == ["report_url"]
    url = urlsplit(body["report_url"])
    assert url.path.startswith(f"/reports/stats/{room}/")
    assert url.path.endswith(".csv")

    download = api.get(url.path)  # no API key
    assert download.status_code == 200, download.text
    assert download.headers["cache-control"] == "no-store"
    table = list(csv.reader(io.StringIO(download.text)))
    assert table[0] == _documented_fields(bigmarker_operations["conferences_attendees"])
    stored = {n: Stored.of(settings, room, webinar[n].person_id) for n in ("ann", "bea")}
    ann = stored["ann"]
    assert [(row[0], row[5]) for row in table[1:]] == [
        (stored[n].person.email, str(stored[n].seconds)) for n in _entry_order(stored)
    ]
    page = api.get(url.path.removesuffix(".csv") + ".html")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "Room test" in page.text
    assert ann.person.email in page.text

    token = url.path.rsplit("/", 1)[1].removesuffix(".csv")
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    other = make_room(settings, alice)
    expired = sign_link(
        settings.secret_key,
        "stats-report",
        {"account": alice.account_id, "conference": room, "admin": admin["bmid"]},
        lifetime=timedelta(hours=1),
        now=utcnow() - timedelta(hours=2),
    )
    for refused in (
        f"/reports/stats/{room}/{tampered}.csv",
        f"/reports/stats/{other}/{token}.csv",
        f"/reports/stats/{room}/{expired}.csv",
        f"/reports/stats/{room}/{expired}.html",
    ):
        response = api.get(refused)
        assert response.status_code == 403, refused
        assert "This report link does not work" in response.text
        assert ann.person.email not in response.text


def test_attendee_reports_run_the_same_statements_for_2_and_12_people(
    settings: Settings,
    alice: Tenant,
    http: httpx.Client,
    queries: QueryCounter,
) -> None:
    """Ended webinars with 2 and 12 attendees (stays written as an API's are,
    no room role) and as many no-shows."""
    counts: dict[str, list[int]] = {"attendees": [], "no_shows": []}
    for size in (2, 12):
        room = make_room(settings, alice, starts_in=timedelta(hours=-2))
        people = [register_someone(settings, alice, room, f"P{i}") for i in range(2 * size)]
        at = utcnow() - timedelta(hours=2)

        async def visit(
            session: AsyncSession,
            room: str = room,
            people: Any = people,
            size: int = size,
            at: datetime = at,
        ) -> None:
            for person in people[:size]:
                session.add(
                    Visit(
                        account_id=alice.account_id,
                        conference_id=room,
                        person_id=person.person_id,
                        name="Visitor",
                        entered_at=at,
                        left_at=at + timedelta(minutes=5),
                    )
                )

        in_database(settings, visit)
        with queries.count() as attendees:
            body = _ok(http.get(f"{API}/conferences/{room}/attendees", headers=alice.headers))
        assert body["total_entries"] == size == len(body["attendees"])
        assert body["attendees"][0]["total_duration"] == "300"
        with queries.count() as no_shows:
            body = _ok(http.get(f"{REPORTING}/no_shows/{room}", headers=alice.headers))
        assert len(body["registrations"]) == size
        counts["attendees"].append(attendees.total)
        counts["no_shows"].append(no_shows.total)
    assert counts == {"attendees": [13, 13], "no_shows": [13, 13]}
