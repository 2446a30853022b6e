"""A BigMarker data-export client runs through a scripted webinar.

The client is The-Daily-Upside's tap-bigmarker (a Singer tap; docs/bigmarker.md,
"What real clients read") as this test re-enacts it: its streams in its order
(each channel's child streams, then every conference its search finds and each
conference's child streams), its parameters (``page`` or ``current_page``, its
``per_page``, ``start_time=0``), its paging rule, what it does with an error
(tolerated statuses skipped, a 404 whose body it knows skipped, any other 4xx
stops the run, a 5xx is retried for ever) and its records: each answer's rows
read by the stream's JSON path and wrapped as the tap wraps them
(``{"id", "raw", identity keys…}``), then validated against the tap's one JSON
schema (identity keys: string or null).

The webinar is played over the real room protocol: the host, two presenters,
attendees who join and leave twice, chat, questions and an answer, votes on two
polls, handout downloads, an attention check answered and one missed, an offer
shown and clicked, a bot added by MyOwnConference's automation action, a
check-in at the venue and a survey answered at the end. The run must end
without an error and its records must be the script's."""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import jsonschema
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import alias_of, ok
from tests.api.webinarium.checkins import check_in
from tests.api.webinarium.checkins import register as register_at_the_venue
from tests.conftest import Tenant, create_tenant, in_database
from tests.room.conftest import RoomServer
from tests.room.helpers import WAIT, Client, add_staff, make_room, register_someone, ticket
from webinarium.models import AttentionAsk, Person, Visit
from webinarium.settings import Settings

T = TypeVar("T")
BOT = "Vicbot"
API = "/api/v1"
NATIVE = "/api/webinarium/v1"
# The monitor's minute lasts 1.2 s; hubs look every 0.1 s (as the attendance tests).
TIMERS = {"room_attention_poll_seconds": 0.1, "room_attention_time_scale": 0.02}
MONITOR: dict[str, Any] = {
    "attendance_monitor": True,
    "attendance_monitor_interval_minutes": 1,
    "attendance_monitor_answer_seconds": 30,
}

# The tap's record schema (tap_bigmarker/schemas/bigmarker_raw.json): the
# wrapper's identity keys are strings or null, ``raw`` is anything.
IDENTITY_KEYS = (
    "id",
    "conference_id",
    "channel_id",
    "custom_email_id",
    "meeting_space_id",
    "download_bmid",
    "bmid",
    "admin_id",
    "presenter_id",
    "member_id",
)
RECORD_SCHEMA: dict[str, Any] = {
    "type": ["null", "object"],
    "additionalProperties": True,
    "properties": {
        **{key: {"type": ["null", "string"]} for key in IDENTITY_KEYS},
        "raw": {"type": ["object", "array", "string", "number", "boolean", "null"]},
    },
    "required": ["id", "raw"],
}
# Copied from a record into its wrapper, and from the context or the config.
RECORD_IDENTITY = ("bmid", "admin_id", "presenter_id", "member_id")
CONTEXT_IDENTITY = ("conference_id", "channel_id", "custom_email_id", "meeting_space_id")
# 404 bodies the tap takes for a resource that is simply not there.
KNOWN_404 = (
    "conference_not_found",
    "conference you are requesting is not found",
    "this is not a recurring conference",
    "does not have any recordings",
)
# Streams whose endpoint BigMarker's document does not have (Webinarium answers
# them 404 "Not Found!", on which the tap stops): deselected in the tap's
# catalog, as anyone running it against Webinarium would.
NOT_IN_THE_DOCUMENT = {
    "channels_conferences_stats": "/channels/{channel_id}/conferences/stats",
    "conference_automations_timeline": "/automations/{conference_id}",
    "conference_presenter_engagement": (
        "/reporting/conferences/presenter_engagement/{conference_id}"
    ),
}


@dataclass(frozen=True)
class Stream:
    """One of the tap's streams: where it reads, how it pages, what it forgives."""

    name: str
    path: str
    records: str  # the JSON path of its rows: "$", "$[*]" or "$.<key>[*]"
    page_key: str = "page"
    per_page: int = 10
    paged: bool = True
    tolerated: tuple[int, ...] = (401,)
    method: str = "GET"
    params: dict[str, Any] = field(default_factory=dict)
    needs: str = ""  # a config key without which the stream reads nothing

    # The page (past the first) and per_page in the URL: every stream but one.
    paging_params: bool = True

    def url_params(self, token: int | None) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if self.paging_params:
            if token:
                params[self.page_key] = token
            params["per_page"] = self.per_page
        return {**params, **self.params}


def _list(name: str, path: str, records: str, **how: Any) -> Stream:
    """A stream paged with current_page, 500 a page."""
    return Stream(name, path, records, page_key="current_page", per_page=500, **how)


ONCE = {"paged": False}
CHANNELS = Stream("channels", "/channels", "$.channels[*]", **ONCE)
CHANNEL_STREAMS = [
    Stream(
        "channels_subscribers", "/channels/{channel_id}/subscribers", "$.subscribers[*]", **ONCE
    ),
    Stream("channels_admins", "/channel_admins/{channel_id}", "$[*]", **ONCE),
    _list("channels_conferences", "/channels/{channel_id}/conferences", "$.conferences[*]"),
    _list(
        "channels_conferences_stats", "/channels/{channel_id}/conferences/stats", "$.conferences[*]"
    ),
    _list(
        "channel_registrations",
        "/conferences/registrations/channel/{channel_id}",
        "$.registrations[*]",
    ),
    Stream(
        "channel_registered_conferences",
        "/channels/{channel_id}/list_registered_conferences",
        "$.conferences[*]",
        per_page=500,
        needs="registered_conferences_email",
    ),
    _list(
        "channel_block_list",
        "/channels/block_list/{channel_id}",
        "$.list_data[*]",
        params={"list_type": "block_list"},
    ),
]
CONFERENCES = Stream(
    "conferences",
    "/conferences/search/",
    "$.conferences[*]",
    method="POST",
    per_page=500,
    params={"start_time": 0},
)
SKIPS_404 = {"tolerated": (401, 404)}
DOWNLOAD = {"paged": False, "needs": "download_bmid"}
REPORTING = "/reporting/conferences"
CONFERENCE_STREAMS = [
    Stream(
        "conferences_handouts", "/conferences/{conference_id}/handouts", "$[*]", **ONCE, **SKIPS_404
    ),
    Stream(
        "conferences_surveys",
        "/conferences/survey/{conference_id}",
        "$.survey[*]",
        **ONCE,
        **SKIPS_404,
    ),
    Stream(
        "conferences_presenters",
        "/conferences/{conference_id}/presenters",
        "$.presenters[*]",
        **ONCE,
    ),
    _list("conferences_attendees", "/conferences/{conference_id}/attendees", "$.attendees[*]"),
    Stream(
        "conferences_registrants",
        "/conferences/registrations_with_fields/{conference_id}",
        "$.registrations[*]",
        per_page=100,
        tolerated=(401, 404, 429),
    ),
    _list(
        "conferences_registrations_live",
        f"{REPORTING}/registrations/{{conference_id}}",
        "$.registrations[*]",
    ),
    _list(
        "conferences_attendees_live",
        f"{REPORTING}/live_attendees/{{conference_id}}",
        "$.attendees[*]",
    ),
    _list(
        "conferences_attendees_on_demand",
        f"{REPORTING}/on_demand_attendees/{{conference_id}}",
        "$.attendees[*]",
    ),
    _list(
        "conferences_registrations_no_shows",
        f"{REPORTING}/no_shows/{{conference_id}}",
        "$.registrations[*]",
    ),
    _list(
        "conferences_registrations_qa",
        f"{REPORTING}/q_and_a_transcript/{{conference_id}}",
        "$.q_and_a[*]",
    ),
    Stream("conference_detail", "/conferences/{conference_id}", "$", **ONCE),
    Stream(
        "conference_custom_fields", "/conferences/custom_fields/{conference_id}", "$[*]", **ONCE
    ),
    Stream(
        "conference_associated_sessions",
        "/conferences/get_associated_sessions/{conference_id}",
        "$.conferences[*]",
    ),
    Stream(
        "conference_recurring_children",
        "/conferences/recurring/{conference_id}",
        "$[*]",
        **ONCE,
        **SKIPS_404,
    ),
    Stream(
        "conference_recording_status",
        "/conferences/{conference_id}/recording",
        "$",
        **ONCE,
        **SKIPS_404,
    ),
    _list(
        "conference_recording_views",
        "/conferences/{conference_id}/recording_views",
        "$.recording_views[*]",
        **SKIPS_404,
    ),
    Stream("conference_admin_url", "/conferences/{conference_id}/admin_url", "$", **DOWNLOAD),
    Stream("conference_transcript_url", "/conferences/{conference_id}/transcript", "$", **DOWNLOAD),
    Stream("conference_stats_url", "/conferences/{conference_id}/stats", "$", **DOWNLOAD),
    _list(
        "conference_registrations",
        "/conferences/registrations/{conference_id}",
        "$.registrations[*]",
    ),
    _list(
        "conference_checked_in_registrants",
        "/conferences/checked_in_registrants/{conference_id}",
        "$.registrations[*]",
    ),
    _list("conference_automations_timeline", "/automations/{conference_id}", "$.automations[*]"),
    _list(
        "conference_chat_transcript", f"{REPORTING}/chat_transcript/{{conference_id}}", "$.chats[*]"
    ),
    _list(
        "conference_poll_transcript", f"{REPORTING}/poll_transcript/{{conference_id}}", "$.polls[*]"
    ),
    _list(
        "conference_offer_transcript",
        f"{REPORTING}/offer_transcript/{{conference_id}}",
        "$.offers[*]",
    ),
    Stream("conference_event_summary", f"{REPORTING}/event_summary/{{conference_id}}", "$", **ONCE),
    _list(
        "conference_enter_exit_log",
        f"{REPORTING}/enter_exit_log/{{conference_id}}",
        "$.activities[*]",
    ),
    _list(
        "conference_presenter_engagement",
        f"{REPORTING}/presenter_engagement/{{conference_id}}",
        "$.activities[*]",
    ),
    _list(
        "conference_attendance_monitor_data",
        f"{REPORTING}/attendance_monitor_data/{{conference_id}}",
        "$.activities[*]",
    ),
    Stream(
        "conference_handout_download_data",
        "/conferences/handout_download_data/{conference_id}",
        "$",
        **ONCE,
    ),
    Stream("conference_dial_in_list", "/conferences/dial_in_list/{conference_id}", "$", **ONCE),
    Stream(
        "conference_integration_settings",
        "/conferences/get_integration_settings/{conference_id}",
        "$",
        paged=False,
        paging_params=False,
        tolerated=(401, 404, 429),
        params={"integration_type": "salesforce"},
    ),
    Stream(
        "conference_activity_logs",
        "/conferences/{conference_id}/activity_logs",
        "$.activity_logs[*]",
        **ONCE,
    ),
    _list(
        "conference_registration_block_list",
        "/registration_block_list/{conference_id}",
        "$.list[*]",
        method="POST",
        tolerated=(401, 500),
        params={"list_type": "block_list"},
    ),
]


class ExportFailed(AssertionError):
    """What stops the tap's run (a FatalAPIError, or a retry that never ends)."""


def _rows_at(value: Any) -> list[Any]:
    """``[*]`` as the tap's JSON path library reads it: nothing for an empty
    value, a list's items, any other value as one row."""
    if not value:
        return []
    return list(value) if isinstance(value, list) else [value]


def _value_at(stream: Stream, payload: Any) -> Any:
    """What the stream's path reads before its ``[*]``."""
    if stream.records in ("$", "$[*]"):
        return payload
    key = stream.records.removeprefix("$.").removesuffix("[*]")
    return payload.get(key) if isinstance(payload, dict) else None


@dataclass
class ExportClient:
    """The tap's run: ``records`` per stream as it would emit them, and every
    request it sent (stream, path, URL parameters, status)."""

    http: httpx.Client
    config: dict[str, str]
    deselected: set[str]
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, Any], int]] = field(default_factory=list)
    validator: Any = field(default_factory=lambda: jsonschema.Draft7Validator(RECORD_SCHEMA))

    def run(self) -> None:
        for channel in self.sync(CHANNELS, {}):
            context = {"channel_id": self._source_id(channel, "channel_id")}
            for stream in CHANNEL_STREAMS:
                self.sync_all(stream, context)
        for conference in self.sync(CONFERENCES, {}):
            context = {"conference_id": self._source_id(conference, "conference_id")}
            for stream in CONFERENCE_STREAMS:
                self.sync_all(stream, context)

    def sync_all(self, stream: Stream, context: dict[str, Any]) -> None:
        for _ in self.sync(stream, context):
            pass

    def sync(self, stream: Stream, context: dict[str, Any]) -> Iterator[dict[str, Any]]:
        self.records.setdefault(stream.name, [])
        if stream.name in self.deselected or (stream.needs and not self.config.get(stream.needs)):
            return
        path = stream.path
        for key, value in {**self.config, **context}.items():
            path = path.replace("{" + key + "}", str(value).replace("/", "%2F"))
        token: int | None = None
        for _ in range(50):  # far more pages than any list here has
            params = stream.url_params(token)
            if stream.needs == "download_bmid":
                params["bmid"] = self.config["download_bmid"]
            response = self.http.request(
                stream.method,
                API + path,
                params=params,
                headers={"API-KEY": self.config["api_key"]},
                follow_redirects=True,
            )
            self.requests.append((stream.name, path, params, response.status_code))
            self._validate(stream, response)
            for row in self._parse(stream, response):
                record = self._wrap(row, context)
                errors = [e.message for e in self.validator.iter_errors(record)]
                if errors:
                    raise ExportFailed(f"{stream.name}: {errors} in {record}")
                self.records[stream.name].append(record)
                yield record
            token = self._next_page(stream, response, token)
            if token is None:
                return
        raise ExportFailed(f"{stream.name} pages without an end")

    @staticmethod
    def _validate(stream: Stream, response: httpx.Response) -> None:
        status = response.status_code
        if status in stream.tolerated:
            return
        if status == 404 and any(s in response.text.lower() for s in KNOWN_404):
            return
        if status == 429 or 500 <= status < 600:
            raise ExportFailed(f"{stream.name}: retried for ever on {status} {response.text}")
        if 400 <= status < 500:
            raise ExportFailed(f"{stream.name}: stopped on {status} {response.text}")

    @staticmethod
    def _parse(stream: Stream, response: httpx.Response) -> list[Any]:
        if response.status_code in stream.tolerated:
            return []
        try:
            payload = response.json()
        except ValueError as error:
            raise ExportFailed(f"{stream.name}: not JSON: {response.text[:200]}") from error
        if stream.records == "$":
            return [payload]
        return _rows_at(_value_at(stream, payload))

    @staticmethod
    def _next_page(stream: Stream, response: httpx.Response, previous: int | None) -> int | None:
        if not stream.paged:
            return None
        payload = response.json()
        if isinstance(payload, dict):
            current = payload.get("current_page") or payload.get("page")
            total_pages = payload.get("total_pages")
            if current is not None and total_pages is not None:
                try:
                    return None if int(current) >= int(total_pages) else int(current) + 1
                except (TypeError, ValueError):
                    pass
            entries = payload.get("total_entries") or payload.get("total_count")
            if current is not None and entries is not None:
                try:
                    per_page = int(payload.get("per_page") or stream.per_page or 0)
                    if per_page > 0:
                        pages = (int(entries) + per_page - 1) // per_page
                        return None if int(current) >= pages else int(current) + 1
                except (TypeError, ValueError):
                    pass
        try:
            count = len(_value_at(stream, payload))
        except TypeError:
            count = 0
        if stream.per_page and count < stream.per_page:
            return None
        return int(previous or 1) + 1 if count > 0 else None

    def _wrap(self, row: Any, context: dict[str, Any]) -> dict[str, Any]:
        blob = json.dumps(
            row, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
        )
        record: dict[str, Any] = {"id": hashlib.sha256(blob.encode()).hexdigest(), "raw": row}
        if isinstance(row, dict):
            record.update({k: row[k] for k in RECORD_IDENTITY if row.get(k) is not None})
        for key in (*CONTEXT_IDENTITY, "download_bmid"):
            value = context[key] if context.get(key) is not None else self.config.get(key)
            if value is not None:
                record[key] = value
        return record

    @staticmethod
    def _source_id(record: dict[str, Any], key: str) -> Any:
        raw = record["raw"]
        for name in (key, "id"):
            if isinstance(raw, dict) and raw.get(name) not in (None, ""):
                return raw[name]
        return None

    def raw(self, stream: str, conference_id: str | None = None) -> list[Any]:
        return [
            r["raw"]
            for r in self.records[stream]
            if conference_id is None or r.get("conference_id") == conference_id
        ]


# --- The scripted webinar ---------------------------------------------------


@dataclass
class Webinar:
    tenant: Tenant
    room: str
    upcoming: str
    people: dict[str, Person]  # ann, bea, paul, pam (presenters)
    cid_email: str  # registered and checked in at the venue; never online
    admin_bmid: str
    polls: dict[str, dict[str, Any]]
    offer: dict[str, Any]
    handouts: dict[str, dict[str, Any]]
    survey: list[dict[str, Any]]
    chat: list[tuple[str, str]]  # (who, text)
    questions: list[tuple[str, str]]
    downloads: list[tuple[str, str]]  # (who, handout)
    votes: list[tuple[str, str]]  # (who, poll)


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings, **TIMERS).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def _ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _wait_for(what: Callable[[], T], until: Callable[[T], bool]) -> T:
    deadline = time.monotonic() + WAIT
    while True:
        value = what()
        if until(value):
            return value
        assert time.monotonic() < deadline, f"still {value!r}"
        time.sleep(0.05)


def _stored(settings: Settings, model: Any, room: str, person_id: str) -> list[Any]:
    async def read(session: AsyncSession) -> list[Any]:
        found = await session.scalars(
            select(model).where(model.conference_id == room, model.person_id == person_id)
        )
        return list(found)

    return in_database(settings, read)


def _person(settings: Settings, person_id: str) -> Person:
    async def read(session: AsyncSession) -> Person:
        return await session.get_one(Person, person_id)

    return in_database(settings, read)


def _left(settings: Settings, room: str, person_id: str, stays: int) -> None:
    """Waits until the person's ``stays`` visits are all closed."""
    _wait_for(
        lambda: _stored(settings, Visit, room, person_id),
        lambda visits: len(visits) == stays and all(v.left_at is not None for v in visits),
    )


@pytest.fixture(scope="module")
def webinar(settings: Settings, server: RoomServer, api: httpx.Client) -> Webinar:
    tenant = create_tenant(settings, "Export")
    headers = tenant.headers
    upcoming = make_room(settings, tenant)  # nobody came yet: its lists are empty
    room = make_room(settings, tenant, **MONITOR)
    ann = register_someone(settings, tenant, room, "Ann")
    bea = register_someone(settings, tenant, room, "Bea")
    cid_email = f"cid-{time.time_ns()}@example.test"
    cid_code = register_at_the_venue(api, tenant, room, cid_email, "Cid", "Venue")
    assert check_in(api, tenant, room, cid_code).status_code == 201
    paul = add_staff(settings, tenant, room, "Paul", moderator=False)
    pam = add_staff(settings, tenant, room, "Pam", moderator=True)
    admin = _ok(
        api.post(
            f"{API}/channel_admins",
            headers=headers,
            json={"channel_id": tenant.channel_id, "email": f"admin-{room}@example.test"},
        )
    )

    def poll(question: str, method: str, choices: list[str]) -> dict[str, Any]:
        body = {
            "conference_id": room,
            "question": question,
            "choices": choices,
            "selection_method": method,
        }
        made: dict[str, Any] = _ok(api.post(f"{API}/polls", headers=headers, json=body))
        return made

    polls = {
        "colour": poll("Which colour?", "single", ["Red", "Green"]),
        "drinks": poll("Which drinks?", "multi", ["Tea", "Coffee"]),
    }
    choice = {c["choice"]: c["id"] for p in polls.values() for c in p["choices"]}
    offer = _ok(
        api.post(
            f"{NATIVE}/conferences/{room}/offers",
            headers=headers,
            json={"title": "demo", "button_text": "Go", "url": "https://example.org/demo"},
        )
    )
    handouts = {
        title: _ok(
            api.post(
                f"{API}/conferences/{room}/add_handout_with_url",
                headers=headers,
                json={"title": title, "handout_url": f"https://files.example.test/{title}.pdf"},
            )
        )
        for title in ("Deck", "Guide")
    }
    survey = _ok(
        api.put(
            f"{NATIVE}/conferences/{room}/survey",
            headers=headers,
            json={"questions": [{"text": "How was it?", "kind": "rating"}, {"text": "Why?"}]},
        )
    )["questions"]
    chat: list[tuple[str, str]] = []
    questions: list[tuple[str, str]] = []
    downloads: list[tuple[str, str]] = []
    votes: list[tuple[str, str]] = []
    ws = server.ws_url

    def say(client: Client, who: str, text: str) -> None:
        assert client.send("chat.send", {"text": text})["ok"]
        chat.append((who, text))

    def download(client: Client, who: str, title: str) -> None:
        sent = client.send("handout.download", {"handout_id": handouts[title]["id"]})
        assert sent["ok"], sent
        downloads.append((who, title))

    def vote(client: Client, who: str, name: str, *choices: str) -> None:
        sent = client.send(
            "poll.vote", {"poll_id": polls[name]["id"], "choice_ids": [choice[c] for c in choices]}
        )
        assert sent["ok"], sent
        votes.append((who, name))

    with (
        Client(ws, ticket(settings, tenant, room, "host")) as host,
        Client(ws, ticket(settings, tenant, room, "presenter", paul)) as p,
        Client(ws, ticket(settings, tenant, room, "moderator", pam)) as m,
    ):
        for client in (host, p, m):
            client.next_frame()
        # The first stay of each attendee.
        with Client(ws, ann.enter_token) as a, Client(ws, bea.enter_token) as b:
            a.next_frame()
            b.next_frame()
            ok(
                api,
                tenant,
                "webinarsAddBotToRoom",
                {"alias": alias_of(settings, room), "name": BOT, "country": "de"},
            )
            assert p.send("room.start")["ok"]
            check = a.event("attention.check")["data"]["check_id"]
            assert b.event("attention.check")["data"]["check_id"] == check
            assert a.send("attention.ack", {"check_id": check})["ok"]
            # The monitor stops; Bea's check closes unanswered.
            _ok(
                api.put(
                    f"{NATIVE}/conferences/{room}/attendance-monitor",
                    headers=headers,
                    json={"enabled": False},
                )
            )
            _wait_for(
                lambda: _stored(settings, AttentionAsk, room, bea.person_id),
                lambda asks: bool(asks) and all(x.state == "missed" for x in asks),
            )
            say(a, "ann", "Hello")
            say(b, "bea", "Hi all")
            say(p, "paul", "Welcome")
            for who, client, text in (("ann", a, "Slides later?"), ("bea", b, "Recording?")):
                asked = client.send("qa.ask", {"text": text})
                assert asked["ok"], asked
                questions.append((who, text))
                if who == "ann":
                    answer = {"question_id": asked["data"]["id"], "text": "Yes"}
                    assert m.send("qa.answer", answer)["ok"]
            assert p.send("poll.open", {"poll_id": polls["colour"]["id"]})["ok"]
            vote(a, "ann", "colour", "Green")
            vote(b, "bea", "colour", "Red")
            assert p.send("poll.open", {"poll_id": polls["drinks"]["id"]})["ok"]
            vote(a, "ann", "drinks", "Tea", "Coffee")
            assert p.send("offer.show", {"offer_id": offer["id"]})["ok"]
            assert a.send("offer.click", {"offer_id": offer["id"]})["ok"]
            download(a, "ann", "Deck")
            download(b, "bea", "Deck")
        _left(settings, room, ann.person_id, 1)
        _left(settings, room, bea.person_id, 1)
        # The second stay.
        with Client(ws, ann.enter_token) as a, Client(ws, bea.enter_token) as b:
            a.next_frame()
            b.next_frame()
            say(a, "ann", "Back again")
            download(a, "ann", "Guide")
        _left(settings, room, ann.person_id, 2)
        _left(settings, room, bea.person_id, 2)
        assert host.send("room.end")["ok"]

    answered = ticket(settings, tenant, room, "registration", ann.registration_id)
    rating = next(q for q in survey if q["kind"] == "rating")
    _ok(
        api.post(
            "/room/survey",
            json={"ticket": answered, "answers": [{"question_id": rating["id"], "value": 5}]},
        )
    )
    people = {
        name: _person(settings, person_id)
        for name, person_id in (
            ("ann", ann.person_id),
            ("bea", bea.person_id),
            ("paul", paul),
            ("pam", pam),
        )
    }
    return Webinar(
        tenant=tenant,
        room=room,
        upcoming=upcoming,
        people=people,
        cid_email=cid_email,
        admin_bmid=admin["bmid"],
        polls=polls,
        offer=offer,
        handouts=handouts,
        survey=survey,
        chat=chat,
        questions=questions,
        downloads=downloads,
        votes=votes,
    )


@pytest.fixture(scope="module")
def export(webinar: Webinar, api: httpx.Client) -> ExportClient:
    client = ExportClient(
        api,
        {
            "api_key": webinar.tenant.api_key,
            "api_url": str(api.base_url) + API,
            "download_bmid": webinar.admin_bmid,
        },
        deselected=set(NOT_IN_THE_DOCUMENT),
    )
    client.run()
    return client


def test_the_export_runs_through_without_an_error(webinar: Webinar, export: ExportClient) -> None:
    """The run ended (no ExportFailed), every record passed the tap's schema,
    and every selected stream was read for the channel and for each conference."""
    conferences = [r["raw"]["id"] for r in export.records["conferences"]]
    assert sorted(conferences) == sorted([webinar.room, webinar.upcoming])
    assert [r["raw"]["channel_id"] for r in export.records["channels"]] == [
        webinar.tenant.channel_id
    ]
    read = {(name, path) for name, path, _, _ in export.requests}
    for stream in CHANNEL_STREAMS + CONFERENCE_STREAMS:
        skipped = (
            stream.name in NOT_IN_THE_DOCUMENT or stream.needs == "registered_conferences_email"
        )
        contexts = [{"channel_id": webinar.tenant.channel_id}]
        if stream in CONFERENCE_STREAMS:
            contexts = [{"conference_id": c} for c in conferences]
        for context in contexts:
            path = stream.path.format(**context)
            assert ((stream.name, path) in read) is not skipped, (stream.name, path)
    # Only statuses the streams forgive were not 200: not a recurring webinar,
    # no recording, no CRM integration settings.
    assert {(name, status) for name, _, _, status in export.requests if status != 200} == {
        ("conference_recurring_children", 401),
        ("conference_recording_status", 404),
        ("conference_recording_views", 404),
        ("conference_integration_settings", 404),
    }
    # Every record carries the admin's bmid the run was configured with.
    assert {r["download_bmid"] for rows in export.records.values() for r in rows} == {
        webinar.admin_bmid
    }


def test_the_streams_not_in_the_document_would_stop_the_run(
    webinar: Webinar, api: httpx.Client
) -> None:
    """Why the catalog deselects them: Webinarium answers 404 "Not Found!",
    a body the tap does not know, so it stops."""
    for path in NOT_IN_THE_DOCUMENT.values():
        url = API + path.format(channel_id=webinar.tenant.channel_id, conference_id=webinar.room)
        response = api.get(url, headers=webinar.tenant.headers)
        assert (response.status_code, response.json()) == (404, {"error": "Not Found!"})
    everything = ExportClient(
        api,
        {"api_key": webinar.tenant.api_key, "api_url": str(api.base_url) + API},
        deselected=set(),
    )
    with pytest.raises(ExportFailed, match="channels_conferences_stats: stopped on 404"):
        everything.run()


def _emails(rows: list[Any], key: str = "email") -> list[str]:
    return sorted(row[key] for row in rows)


def test_the_records_are_the_scripts(webinar: Webinar, export: ExportClient) -> None:
    room, people = webinar.room, webinar.people
    email = {name: person.email for name, person in people.items()} | {"cid": webinar.cid_email}

    def rows(stream: str) -> list[Any]:
        return export.raw(stream, room)

    attendees = sorted([email["ann"], email["bea"]])
    registrants = sorted([*attendees, email["cid"]])
    assert _emails(rows("conferences_attendees")) == attendees
    assert _emails(rows("conferences_attendees_live")) == attendees
    for stream in ("conferences_registrants", "conference_registrations"):
        assert _emails(rows(stream)) == registrants
    assert _emails(rows("conferences_registrations_live")) == registrants
    assert _emails(rows("conferences_registrations_no_shows")) == [email["cid"]]
    assert _emails(rows("conference_checked_in_registrants")) == [email["cid"]]
    assert rows("conferences_attendees_on_demand") == []
    assert _emails(export.raw("channel_registrations")) == registrants

    presenters = rows("conferences_presenters")
    assert _emails(presenters) == sorted([email["paul"], email["pam"]])
    assert {p["member_id"] for p in presenters} == {people["paul"].id, people["pam"].id}

    assert [h["handout_name"] for h in rows("conferences_handouts")] == list(webinar.handouts)
    survey = rows("conferences_surveys")
    assert [q["question_title"] for q in survey] == [q["text"] for q in webinar.survey]
    assert [[r["review_response"] for r in q["responses"]] for q in survey] == [["5"], []]
    assert survey[0]["responses"][0]["review"]["email"] == email["ann"]

    assert [(c["email"], c["chat"]) for c in rows("conference_chat_transcript")] == [
        (email[who], text) for who, text in webinar.chat
    ]
    qa = rows("conferences_registrations_qa")
    assert [(q["email"], q["q_and_a"]) for q in qa] == [
        (email[who], text) for who, text in webinar.questions
    ]
    assert [[(r["email"], r["response"]) for r in q["responses"]] for q in qa] == [
        [(email["pam"], "Yes")],
        [],
    ]

    polls = rows("conference_poll_transcript")
    assert [p["id"] for p in polls] == [p["id"] for p in webinar.polls.values()]
    assert [_emails(p["poll_responses"]) for p in polls] == [
        sorted(email[who] for who, name in webinar.votes if name == poll) for poll in webinar.polls
    ]
    (offer,) = rows("conference_offer_transcript")
    assert offer["id"] == webinar.offer["id"]
    assert [c["email"] for c in offer["offer_data"]] == [email["ann"]]

    # Two stays each: an enter and an exit per stay.
    moves = rows("conference_enter_exit_log")
    for who in ("ann", "bea"):
        mine = [m["activity_type"] for m in moves if m["email"] == email[who]]
        assert sorted(mine) == ["enter", "enter", "exit", "exit"]
    assert len(moves) == 8

    (downloads,) = rows("conference_handout_download_data")
    counted = Counter((email[who], title) for who, title in webinar.downloads)
    assert {(d["email"], d["handout_name"]): d["download"] for d in downloads} == counted

    logs = rows("conference_activity_logs")
    assert [a["activity_type"] for a in logs] == ["start_webinar", "end_webinar"]
    assert logs[0]["performed_by"] == email["paul"]  # Paul started it
    assert rows("conference_dial_in_list") == [[]]
    assert len(rows("conference_event_summary")) == 1
    for stream, key in (
        ("conference_admin_url", "admin_url"),
        ("conference_transcript_url", "transcript_url"),
        ("conference_stats_url", "report_url"),
    ):
        (link,) = rows(stream)
        assert list(link) == [key]


def test_the_monitor_records_are_what_the_room_stored(
    settings: Settings, webinar: Webinar, export: ExportClient
) -> None:
    """One ShowPopUp a check shown, one ClickPopUp a check answered; Ann
    answered, Bea missed hers."""
    expected: Counter[tuple[str, str]] = Counter()
    for name in ("ann", "bea"):
        person = webinar.people[name]
        asks = _stored(settings, AttentionAsk, webinar.room, person.id)
        expected[(person.email, "ShowPopUp")] += len(asks)
        expected[(person.email, "ClickPopUp")] += sum(a.state == "answered" for a in asks)
    assert expected[(webinar.people["ann"].email, "ClickPopUp")] >= 1
    assert expected[(webinar.people["bea"].email, "ClickPopUp")] == 0
    got = Counter(
        (row["email"], row["activity_type"])
        for row in export.raw("conference_attendance_monitor_data", webinar.room)
    )
    assert got == +expected


def test_no_record_shows_the_bot_and_the_upcoming_webinar_has_empty_lists(
    webinar: Webinar, export: ExportClient
) -> None:
    records = json.dumps(export.records)
    assert BOT not in records
    lists = [
        s.name
        for s in CONFERENCE_STREAMS
        if s.records != "$" and s.name not in ("conferences_handouts", "conferences_surveys")
    ]
    for stream in lists:
        assert export.raw(stream, webinar.upcoming) == [], stream
