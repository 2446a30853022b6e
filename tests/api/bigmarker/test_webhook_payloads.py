"""BigMarker's per-webinar hooks: which an outbox event triggers, and the body
each gets, the same, field by field, as what the API answers for the same rows
(the registrant of Show Conference Registrations with custom fields, Show
Conference, each attendee of Show Conference Attendees once the webinar ends,
posted by a server's worker to a real receiver); and the registration
webhook, which registers people posted to it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import API, create_conference
from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference import helpers as moc
from tests.conftest import Tenant, create_tenant, in_database
from tests.events.test_outbox import stored_events
from tests.room.conftest import RoomServer, worker_server
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from tests.servers import until
from tests.webhooks.receiver import Receiver
from webinarium.accounts.service import get_account
from webinarium.api.bigmarker.webhook_payloads import bigmarker_hook_bodies
from webinarium.conferences import lifecycle
from webinarium.conferences.service import get_conference
from webinarium.kit.actors import API as BY_API
from webinarium.kit.clock import MovableClock
from webinarium.models import Conference, OutboxEvent, Person, Visit
from webinarium.settings import Settings

HOOK_HOST = "https://hooks.example.test"
# Every hook on, each with its own URL, as Create Conference takes them.
ALL_HOOKS: dict[str, Any] = {
    "webhook_url": f"{HOOK_HOST}/registrations",
    "enable_new_reg_webhook": True,
    "new_reg_webhook_url": f"{HOOK_HOST}/new-registration",
    "enable_webinar_start_webhook": True,
    "webinar_start_webhook_url": f"{HOOK_HOST}/start",
    "enable_waiting_room_open_webhook": True,
    "waiting_room_open_webhook_url": f"{HOOK_HOST}/waiting-room",
    "enable_webinar_end_webhook": True,
    "webinar_end_webhook_url": f"{HOOK_HOST}/end",
    "enable_live_attendee_data_webhook": True,
    "live_attendee_data_webhook_url": f"{HOOK_HOST}/live-data",
    "enable_on_demand_viewer_webhook": True,
    "on_demand_viewer_webhook_url": f"{HOOK_HOST}/on-demand",
}
CUSTOM_FIELDS = [
    {"field_name": "Company", "field_type": "text", "required": False, "api_name": "company"}
]
NOW = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)


def _email(tag: str) -> str:
    return f"{tag}.{time.time_ns()}@example.test"


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _hooks_for(
    settings: Settings, event: OutboxEvent
) -> list[tuple[str | None, str | None, dict[str, Any]]]:
    """(label, URL, body) of each hook ``event`` triggers."""

    async def work(session: AsyncSession) -> list[tuple[str | None, str | None, dict[str, Any]]]:
        found = await bigmarker_hook_bodies(session, event, settings=settings)
        return [(row.label, row.url, body) for row, body in found]

    return in_database(settings, work)


def _events(
    settings: Settings, tenant: Tenant, conference_id: str, event_type: str
) -> list[OutboxEvent]:
    return [
        e
        for e in stored_events(settings, tenant)
        if e.type == event_type and e.payload.get("conference_id") == conference_id
    ]


def _registrant(
    http: httpx.Client, tenant: Tenant, conference_id: str, bmid: str
) -> dict[str, Any]:
    listed = _ok(
        http.get(
            f"{API}/conferences/registrations_with_fields/{conference_id}",
            params={"bmid": bmid},
            headers=tenant.headers,
        )
    )
    (registrant,) = listed["registrations"]
    assert isinstance(registrant, dict)
    return registrant


def _show(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, Any]:
    shown = _ok(http.get(f"{API}/conferences/{conference_id}", headers=tenant.headers))
    assert isinstance(shown, dict)
    return shown


def _register(http: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> None:
    _ok(
        http.put(
            f"{API}/conferences/register",
            headers=tenant.headers,
            data={
                "id": conference_id,
                "email": email,
                "first_name": "Ada",
                "last_name": "Lovelace",
                "custom_fields": json.dumps({"company": "Analytical Engines"}),
                "utm_bmcr_source": "newsletter",
            },
        )
    )


def _boomstream_code(settings: Settings, conference_id: str) -> str:
    async def read(session: AsyncSession) -> str:
        conference = await session.get(Conference, conference_id)
        assert conference is not None
        return conference.code

    return in_database(settings, read)


def test_a_registration_through_any_dialect_posts_the_registrant_to_both_registration_hooks(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference = create_conference(
        http,
        fresh_tenant,
        start_time="2031-05-01 10:00",
        custom_fields=CUSTOM_FIELDS,
        **ALL_HOOKS,
    )
    conference_id = conference["id"]
    through_bigmarker, through_moc, through_boomstream = (
        _email(tag) for tag in ("bigmarker", "moc", "boomstream")
    )
    _register(http, fresh_tenant, conference_id, through_bigmarker)
    moc.ok(http, fresh_tenant, "attendeesCreate", {"email": through_moc, "name": "Grace Hopper"})
    moc.ok(
        http,
        fresh_tenant,
        "attendeesAddToWebinar",
        {"alias": moc.alias_of(settings, conference_id), "attendees": [through_moc]},
    )
    boomstream.invite(
        http,
        fresh_tenant,
        _boomstream_code(settings, conference_id),
        through_boomstream,
        name="Katherine Johnson",
    )

    events = _events(settings, fresh_tenant, conference_id, "registration.created")
    assert [e.payload["email"] for e in events] == [
        through_bigmarker,
        through_moc,
        through_boomstream,
    ]
    for event in events:
        hooks = _hooks_for(settings, event)
        assert [(label, url) for label, url, _ in hooks] == [
            ("webhook_url", ALL_HOOKS["webhook_url"]),
            ("new_reg_webhook", ALL_HOOKS["new_reg_webhook_url"]),
        ]
        registrant = _registrant(http, fresh_tenant, conference_id, event.payload["person_id"])
        for _, _, body in hooks:
            assert list(body) == list(registrant)
            for name, value in registrant.items():
                assert body[name] == value, (event.payload["email"], name)
    first = _hooks_for(settings, events[0])[0][2]
    assert (first["email"], first["source"]) == (through_bigmarker, "newsletter")
    assert first["custom_fields"] == [{"Company": "Analytical Engines"}]


def test_the_waiting_room_start_and_end_post_show_conference_to_their_hooks(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = create_conference(
        http, fresh_tenant, start_time="2031-06-01 13:00", **ALL_HOOKS
    )["id"]

    async def run_the_webinar(session: AsyncSession) -> None:
        account = await get_account(session, fresh_tenant.account_id)
        conference = await get_conference(session, account, conference_id)
        await lifecycle.open_waiting_room(session, account, conference, by=BY_API, now=NOW)
        await lifecycle.start(session, account, conference, by=BY_API, now=NOW + timedelta(hours=1))
        await lifecycle.end(session, account, conference, by=BY_API, now=NOW + timedelta(hours=2))

    in_database(settings, run_the_webinar)
    shown = _show(http, fresh_tenant, conference_id)
    for event_type, label, url_field in (
        (
            "conference.waiting_room_opened",
            "waiting_room_open_webhook",
            "waiting_room_open_webhook_url",
        ),
        ("conference.started", "webinar_start_webhook", "webinar_start_webhook_url"),
        ("conference.ended", "webinar_end_webhook", "webinar_end_webhook_url"),
    ):
        (event,) = _events(settings, fresh_tenant, conference_id, event_type)
        ((hook_label, url, body),) = _hooks_for(settings, event)
        assert (hook_label, url) == (label, ALL_HOOKS[url_field])
        assert list(body) == list(shown)
        for name, value in shown.items():
            assert body[name] == value, (event_type, name)
    assert shown["manual_end_time"] is not None


def test_a_hook_switched_off_or_without_a_url_sends_nothing(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    url = f"{HOOK_HOST}/new-registration"
    # Off, with a URL; webhook_url not given.
    conference_id = create_conference(
        http,
        fresh_tenant,
        start_time="2031-05-01 10:00",
        enable_new_reg_webhook=False,
        new_reg_webhook_url=url,
    )["id"]
    _register(http, fresh_tenant, conference_id, _email("off"))
    (registered,) = _events(settings, fresh_tenant, conference_id, "registration.created")
    assert _hooks_for(settings, registered) == []

    def update(**fields: Any) -> None:
        _ok(
            http.put(
                f"{API}/conferences/{conference_id}", headers=fresh_tenant.headers, json=fields
            )
        )

    update(enable_new_reg_webhook=True)
    assert [(label, url) for label, url, _ in _hooks_for(settings, registered)] == [
        ("new_reg_webhook", url)
    ]
    # On, without a URL.
    update(new_reg_webhook_url=None)
    assert _hooks_for(settings, registered) == []
    # A URL again, switched off as the document's clients send it.
    update(new_reg_webhook_url=url, enable_new_reg_webhook="false")
    assert _hooks_for(settings, registered) == []


def test_an_event_triggers_only_its_own_accounts_hooks_of_its_own_conference(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, bob: Tenant
) -> None:
    mine = create_conference(http, fresh_tenant, start_time="2031-05-01 10:00", **ALL_HOOKS)["id"]
    other = create_conference(http, fresh_tenant, start_time="2031-05-01 10:00", **ALL_HOOKS)["id"]
    bobs = create_conference(http, bob, start_time="2031-05-01 10:00", **ALL_HOOKS)["id"]
    _register(http, fresh_tenant, mine, _email("mine"))
    (event,) = _events(settings, fresh_tenant, mine, "registration.created")
    hooks = _hooks_for(settings, event)
    assert len(hooks) == 2
    assert {body["email"] for _, _, body in hooks} == {event.payload["email"]}
    assert _events(settings, fresh_tenant, other, "registration.created") == []

    # An event naming another account's conference (no such row is ever
    # written: the conference is looked up in the event's own account).
    forged = OutboxEvent(
        account_id=fresh_tenant.account_id,
        sequence=0,
        type=event.type,
        payload={**event.payload, "conference_id": bobs},
    )
    assert _hooks_for(settings, forged) == []
    forged.payload = {**event.payload, "conference_id": mine}
    forged.account_id = bob.account_id
    assert _hooks_for(settings, forged) == []


def test_events_without_a_bigmarker_body_trigger_nothing(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    """conference.created and .updated have no hook (recording.viewed:
    tests/recordings/test_on_demand_page.py)."""
    conference_id = create_conference(
        http, fresh_tenant, start_time="2031-05-01 10:00", **ALL_HOOKS
    )["id"]
    _ok(
        http.put(
            f"{API}/conferences/{conference_id}",
            headers=fresh_tenant.headers,
            json={"title": "Renamed"},
        )
    )
    events = [
        e
        for e in stored_events(settings, fresh_tenant)
        if e.payload.get("conference_id") == conference_id
    ]
    assert [e.type for e in events] == ["conference.created", "conference.updated"]
    for event in events:
        assert _hooks_for(settings, event) == []


# The live attendee data hook: each attendee, once the webinar has ended


LIVE_DATA = "live_attendee_data_webhook"


@pytest.fixture(scope="module")
def room_server(settings: Settings) -> Iterator[RoomServer]:
    """A server of this module's own on the suite's database (no worker): the
    shared one serves no room sockets to test clients by URL."""
    server = RoomServer(settings).start()
    yield server
    server.stop()


@dataclass(frozen=True)
class LiveWebinar:
    conference_id: str
    # The attendees' e-mails, in the order they entered.
    attendees: list[str]


def _run_a_live_webinar(
    settings: Settings, tenant: Tenant, server: RoomServer, api: httpx.Client, **hooks: Any
) -> LiveWebinar:
    """A webinar with ``hooks`` set as Update Conference takes them (JSON, as
    the document's example sends its body): Ann and Bea, registered, enter and
    chat; a presenter and a virtual attendee are in the room too; the host
    ends it."""
    room = make_room(settings, tenant)
    _ok(api.put(f"{API}/conferences/{room}", headers=tenant.headers, json=hooks))
    ann = register_someone(settings, tenant, room, "Ann")
    bea = register_someone(settings, tenant, room, "Bea")
    paul = add_staff(settings, tenant, room, "Paul", moderator=False)
    with (
        Client(server.ws_url, ann.enter_token) as a,
        Client(server.ws_url, ticket(settings, tenant, room, "presenter", paul)) as p,
        Client(server.ws_url, ticket(settings, tenant, room, "host")) as host,
    ):
        for client in (a, p, host):
            client.next_frame()
        moc.ok(
            api,
            tenant,
            "webinarsAddBotToRoom",
            {"alias": moc.alias_of(settings, room), "name": "Vic", "country": "de"},
        )
        assert p.send("room.start")["ok"]
        assert a.send("chat.send", {"text": "Hello"})["ok"]
        with Client(server.ws_url, bea.enter_token) as b:
            b.next_frame()
            assert b.send("chat.send", {"text": "Hi"})["ok"]
            assert p.send("chat.send", {"text": "Welcome"})["ok"]
            assert host.send("room.end")["ok"]
    emails = [_person_email(settings, person_id) for person_id in (ann.person_id, bea.person_id)]
    return LiveWebinar(room, emails)


def _person_email(settings: Settings, person_id: str) -> str:
    async def read(session: AsyncSession) -> str:
        person = await session.get(Person, person_id)
        assert person is not None
        return person.email

    return in_database(settings, read)


def _attendees_report(api: httpx.Client, tenant: Tenant, conference_id: str) -> list[Any]:
    listed = _ok(api.get(f"{API}/conferences/{conference_id}/attendees", headers=tenant.headers))
    attendees: list[Any] = listed["attendees"]
    return attendees


def test_the_end_posts_each_attendee_as_the_attendees_report_lists_them(
    settings: Settings, fresh_tenant: Tenant, bob: Tenant, room_server: RoomServer
) -> None:
    with httpx.Client(base_url=room_server.url, timeout=30) as api:
        webinar = _run_a_live_webinar(
            settings,
            fresh_tenant,
            room_server,
            api,
            enable_live_attendee_data_webhook=True,
            live_attendee_data_webhook_url=f"{HOOK_HOST}/live-data",
            enable_webinar_end_webhook=True,
            webinar_end_webhook_url=f"{HOOK_HOST}/end",
        )
        room = webinar.conference_id
        report = _attendees_report(api, fresh_tenant, room)

        (ended,) = _events(settings, fresh_tenant, room, "conference.ended")
        hooks = _hooks_for(settings, ended)
        # The end hook its one body, the live data hook one per attendee: the
        # presenter and the virtual attendee are no attendees.
        assert [(label, url) for label, url, _ in hooks] == [
            ("webinar_end_webhook", f"{HOOK_HOST}/end"),
            (LIVE_DATA, f"{HOOK_HOST}/live-data"),
            (LIVE_DATA, f"{HOOK_HOST}/live-data"),
        ]
        posted = [body for label, _, body in hooks if label == LIVE_DATA]
        assert [body["email"] for body in posted] == webinar.attendees
        assert [entry["email"] for entry in report] == webinar.attendees
        for body, entry in zip(posted, report, strict=True):
            assert list(body) == list(entry)
            for name, value in entry.items():
                assert body[name] == value, (entry["email"], name)
        assert [body["chats_count"] for body in posted] == [1, 1]
        assert all(body["leaved_at"] is not None for body in posted)

        # Other events of the webinar fire no live data hook.
        for event in stored_events(settings, fresh_tenant):
            if event.type != "conference.ended":
                assert LIVE_DATA not in [label for label, _, _ in _hooks_for(settings, event)]

        # Another account's event naming the conference: nothing.
        forged = OutboxEvent(
            account_id=bob.account_id, sequence=0, type=ended.type, payload=ended.payload
        )
        assert _hooks_for(settings, forged) == []

        # Switched off (as the document's clients send it): no attendee is posted.
        _ok(
            api.put(
                f"{API}/conferences/{room}",
                headers=fresh_tenant.headers,
                json={"enable_live_attendee_data_webhook": False},
            )
        )
        assert [label for label, _, _ in _hooks_for(settings, ended)] == ["webinar_end_webhook"]


def test_attendees_beyond_a_report_page_are_each_posted_once(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    """501 attendees (stays written as an API's are): the hook's bodies are
    read over two report pages, in the report's order, every one once."""
    room = make_room(settings, fresh_tenant, starts_in=timedelta(hours=-2))
    _ok(
        http.put(
            f"{API}/conferences/{room}",
            headers=fresh_tenant.headers,
            json={
                "enable_live_attendee_data_webhook": True,
                "live_attendee_data_webhook_url": f"{HOOK_HOST}/live-data",
            },
        )
    )
    entered = datetime.now(UTC) - timedelta(hours=2)

    async def come(session: AsyncSession) -> None:
        for number in range(501):
            person = Person(
                account_id=fresh_tenant.account_id, email=f"p{number}.{room}@example.test"
            )
            session.add(person)
            await session.flush()
            session.add(
                Visit(
                    account_id=fresh_tenant.account_id,
                    conference_id=room,
                    person_id=person.id,
                    name="Visitor",
                    entered_at=entered + timedelta(seconds=number),
                    left_at=entered + timedelta(minutes=30),
                )
            )

    in_database(settings, come)
    ended = OutboxEvent(
        account_id=fresh_tenant.account_id,
        sequence=0,
        type="conference.ended",
        payload={"conference_id": room},
    )
    posted = [body for _, _, body in _hooks_for(settings, ended)]
    report = [
        entry
        for page in (1, 2)
        for entry in _ok(
            http.get(
                f"{API}/conferences/{room}/attendees",
                params={"current_page": page},
                headers=fresh_tenant.headers,
            )
        )["attendees"]
    ]
    assert len(report) == 501
    assert posted == report
    assert len({body["email"] for body in posted}) == 501


# Delivered by a server's worker to a real receiver


@pytest.fixture(scope="module")
def delivering_server(own_settings: Settings, clock: MovableClock) -> Iterator[RoomServer]:
    with worker_server(own_settings, clock) as server:
        yield server


def test_the_worker_posts_each_attendee_signed_once_the_webinar_ends(
    own_settings: Settings, delivering_server: RoomServer, receiver: Receiver
) -> None:
    tenant = create_tenant(own_settings)
    path = "/live-attendees"
    with httpx.Client(base_url=delivering_server.url, timeout=30) as api:
        webinar = _run_a_live_webinar(
            own_settings,
            tenant,
            delivering_server,
            api,
            enable_live_attendee_data_webhook=True,
            live_attendee_data_webhook_url=receiver.base_url + path,
        )
        until(lambda: len(receiver.at(path)) >= 2, "the attendees posted")
        posts = receiver.at(path)
        report = _attendees_report(api, tenant, webinar.conference_id)
        secret = api.get(
            "/api/webinarium/v1/webhook_signing_secret", headers=tenant.headers
        ).json()["secret"]
    assert len(posts) == 2
    assert sorted((post.json for post in posts), key=lambda b: b["email"]) == sorted(
        report, key=lambda entry: entry["email"]
    )
    assert {post.json["email"] for post in posts} == set(webinar.attendees)
    assert all(post.verifies(secret) for post in posts)
    # A delivery each: two messages, two ids.
    assert len({post.webhook_id for post in posts}) == 2


# The registration webhook


def _registration_webhook(http: httpx.Client, tenant: Tenant, conference_id: str) -> Any:
    return _ok(
        http.get(
            f"/api/webinarium/v1/conferences/{conference_id}/registration-webhook",
            headers=tenant.headers,
        )
    )


def _path(settings: Settings, url: str) -> str:
    assert url.startswith(f"{settings.base_url}{API}/webhooks/registrations/"), url
    return url.removeprefix(settings.base_url)


def test_the_registration_webhook_registers_who_is_posted_to_it(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = create_conference(
        http,
        fresh_tenant,
        start_time="2031-05-01 10:00",
        custom_fields=CUSTOM_FIELDS,
        enable_create_webinar_reg_webhook=True,
    )["id"]
    shown = _registration_webhook(http, fresh_tenant, conference_id)
    assert shown["enabled"] is True
    path = _path(settings, shown["url"])

    # BigMarker's register body, as a form and as JSON; no API key.
    as_form, as_json = _email("form"), _email("json")
    posted = _ok(
        http.post(
            path,
            data={
                "email": as_form,
                "first_name": "Ada",
                "last_name": "Lovelace",
                "custom_fields": json.dumps({"company": "Analytical Engines"}),
                "tracking_code": "zap-1",
            },
        )
    )
    _ok(http.post(path, json={"email": as_json, "first_name": "Grace", "last_name": "Hopper"}))

    listed = _ok(
        http.get(
            f"{API}/conferences/registrations_with_fields/{conference_id}",
            headers=fresh_tenant.headers,
        )
    )["registrations"]
    by_email = {r["email"]: r for r in listed}
    assert set(by_email) == {as_form, as_json}
    registrant = by_email[as_form]
    assert (registrant["first_name"], registrant["tracking_code"]) == ("Ada", "zap-1")
    assert registrant["custom_fields"] == [{"Company": "Analytical Engines"}]
    # The answer of Register to a Conference: the registrant's own enter link.
    assert posted == {"conference_url": f"{registrant['enter_url']}&bmid={registrant['bmid']}"}
    registered = _events(settings, fresh_tenant, conference_id, "registration.created")
    assert [e.payload["email"] for e in registered] == [as_form, as_json]

    # A token of another kind, though shaped alike (the enter link's), is no URL here.
    enter_token = registrant["enter_url"].split("?token=")[1]
    other_kind = http.post(
        f"{API}/webhooks/registrations/{enter_token}",
        data={"email": _email("other"), "first_name": "Eve", "last_name": "Mallory"},
    )
    assert other_kind.status_code == 404, other_kind.text

    # Bad input: the register's own refusal, in BigMarker's envelope.
    missing = http.post(path, data={"email": _email("missing"), "first_name": "No"})
    assert missing.status_code == 400, missing.text
    assert "last_name" in missing.json()["error"]


def test_a_registration_webhook_url_altered_or_switched_off_registers_no_one(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, bob: Tenant
) -> None:
    conference_id = create_conference(
        http, fresh_tenant, start_time="2031-05-01 10:00", enable_create_webinar_reg_webhook=True
    )["id"]
    other_id = create_conference(
        http, fresh_tenant, start_time="2031-05-01 10:00", enable_create_webinar_reg_webhook=True
    )["id"]
    path = _path(settings, _registration_webhook(http, fresh_tenant, conference_id)["url"])
    other = _path(settings, _registration_webhook(http, fresh_tenant, other_id)["url"])
    assert other != path
    account_id, _, signature = path.rsplit("/", 1)[1].split(".")
    body = {"email": _email("refused"), "first_name": "Eve", "last_name": "Mallory"}
    not_found = {"error": "The conference you are requesting is not found."}
    for altered in (
        f"{path[:-2]}xx",
        # Another conference's id under this one's signature.
        path.replace(conference_id, other_id),
        # Bob's account named with Alice's conference and signature.
        path.replace(account_id, bob.account_id),
        f"{API}/webhooks/registrations/{conference_id}",
        f"{API}/webhooks/registrations/{account_id}.{conference_id}.{signature[::-1]}",
    ):
        response = http.post(altered, data=body)
        assert (response.status_code, response.json()) == (404, not_found), altered

    # Switched off: refused in BigMarker's envelope, and the read says so.
    _ok(
        http.put(
            f"{API}/conferences/{conference_id}",
            headers=fresh_tenant.headers,
            json={"enable_create_webinar_reg_webhook": False},
        )
    )
    assert _registration_webhook(http, fresh_tenant, conference_id)["enabled"] is False
    off = http.post(path, data=body)
    assert off.status_code == 403, off.text
    assert "does not accept registrations by webhook" in off.json()["error"]
    # A conference created without the switch refuses its URL the same way.
    never = create_conference(http, fresh_tenant, start_time="2031-05-01 10:00")["id"]
    never_path = _path(settings, _registration_webhook(http, fresh_tenant, never)["url"])
    assert http.post(never_path, data=body).status_code == 403
    assert [
        e for e in stored_events(settings, fresh_tenant) if e.type == "registration.created"
    ] == []

    # Bob cannot read Alice's URL; the native envelope says not found.
    refused = http.get(
        f"/api/webinarium/v1/conferences/{conference_id}/registration-webhook",
        headers=bob.headers,
    )
    assert refused.status_code == 404, refused.text
    assert refused.json()["error"]["code"] == "conference_not_found"


def test_a_replaced_registration_webhook_url_stops_and_the_new_one_registers(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, bob: Tenant
) -> None:
    conference_id = create_conference(
        http, fresh_tenant, start_time="2031-05-01 10:00", enable_create_webinar_reg_webhook=True
    )["id"]
    address = f"/api/webinarium/v1/conferences/{conference_id}/registration-webhook"
    old = _path(settings, _registration_webhook(http, fresh_tenant, conference_id)["url"])
    # Bob cannot replace Alice's URL: it stays as it was.
    refused = http.post(address, headers=bob.headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "conference_not_found")
    assert _path(settings, _registration_webhook(http, fresh_tenant, conference_id)["url"]) == old

    replaced = _ok(http.post(address, headers=fresh_tenant.headers))
    assert replaced["enabled"] is True
    new = _path(settings, replaced["url"])
    assert new != old
    assert _registration_webhook(http, fresh_tenant, conference_id) == replaced
    body = {"first_name": "Ada", "last_name": "Lovelace"}
    stale = http.post(old, data={**body, "email": _email("stale")})
    assert stale.status_code == 404, stale.text
    _ok(http.post(new, data={**body, "email": _email("fresh")}))
    registered = _events(settings, fresh_tenant, conference_id, "registration.created")
    assert [e.payload["email"].split(".")[0] for e in registered] == ["fresh"]
