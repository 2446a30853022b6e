"""Issue 15's "done when", end to end: one server with the worker and the
scheduler on a database of its own and a clock the test moves, mailing an SMTP
server (aiosmtpd) and posting to a real HTTP receiver in the test process.

A BigMarker webinar with its registration, waiting-room, start and end hooks
(set as BigMarker's Create Conference takes them) and a native endpoint for
every event. Registering through BigMarker, MyOwnConference and Boomstream gives
each person one confirmation mail, one registrant POST to the BigMarker hook and
one native ``registration.created``, every signature checked with the snippet of
docs/webhooks.md. Then the clock: a day before (the reminder, once), an hour
before, the waiting room, the start (the STARTED letter), the end past its grace
(the follow-up) — each step posted to its hook and to the endpoint."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import API, create_conference
from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference import helpers as moc
from tests.conftest import Tenant, create_tenant, in_database
from tests.room.conftest import worker_server
from tests.servers import Inbox, SmtpServer, until
from tests.webhooks.receiver import Received, Receiver
from webinarium.conferences.schemas import ConferenceStatus
from webinarium.kit.clock import MovableClock
from webinarium.kit.ids import new_id
from webinarium.models import Conference
from webinarium.settings import Settings

NATIVE = "/api/webinarium/v1"
MINUTE = timedelta(minutes=1)
# Where each BigMarker hook of the webinar posts, at the receiver.
HOOK_PATHS = {
    "new_reg_webhook": "/bigmarker/new-registrant",
    "waiting_room_open_webhook": "/bigmarker/waiting-room",
    "webinar_start_webhook": "/bigmarker/start",
    "webinar_end_webhook": "/bigmarker/end",
}
ENDPOINT_PATH = "/native"


@pytest.fixture(scope="module")
def web(own_settings: Settings, clock: MovableClock, smtp: SmtpServer) -> Iterator[httpx.Client]:
    with (
        worker_server(own_settings, clock, smtp) as server,
        httpx.Client(base_url=server.url, timeout=30) as client,
    ):
        yield client


Verify = Callable[[str, Received], bool]


@pytest.fixture(scope="module")
def verify(clock: MovableClock) -> Verify:
    """The verification snippet of docs/webhooks.md, as a receiver runs it, on
    a receiver whose clock is the server's (moved days ahead: the timestamps
    are signed on it)."""
    docs = (Path(__file__).parents[1] / "docs" / "webhooks.md").read_text()
    snippet = docs.split("### Verifying the signature", 1)[1].split("```python", 1)[1]
    namespace: dict[str, Any] = {}
    exec(snippet.split("```", 1)[0], namespace)

    class ReceiverTime:
        @staticmethod
        def time() -> float:
            return clock.now().timestamp()

    namespace["time"] = ReceiverTime
    snippet_verify = namespace["verify"]

    def verified(secret: str, received: Received) -> bool:
        return bool(snippet_verify(secret, received.headers, received.body.encode()))

    return verified


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def status_of(settings: Settings, conference_id: str) -> ConferenceStatus:
    async def read(session: AsyncSession) -> ConferenceStatus:
        conference = await session.get(Conference, conference_id)
        assert conference is not None
        return ConferenceStatus(conference.status)

    return in_database(settings, read)


def boomstream_code(settings: Settings, conference_id: str) -> str:
    async def read(session: AsyncSession) -> str:
        conference = await session.get(Conference, conference_id)
        assert conference is not None
        return conference.code

    return in_database(settings, read)


def test_registrations_mails_hooks_and_the_webinar_s_clock_end_to_end(
    web: httpx.Client,
    own_settings: Settings,
    clock: MovableClock,
    inbox: Inbox,
    receiver: Receiver,
    verify: Verify,
) -> None:
    tenant: Tenant = create_tenant(own_settings, "Announced Webinars")
    endpoint = ok(
        web.post(
            f"{NATIVE}/webhook_endpoints",
            headers=tenant.headers,
            json={"url": receiver.base_url + ENDPOINT_PATH},
        ),
        201,
    )
    hook_secret = ok(web.get(f"{NATIVE}/webhook_signing_secret", headers=tenant.headers))["secret"]
    start = (clock.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    end = start + timedelta(minutes=60)
    title = f"Announced {new_id()}"
    hooks = {
        field: value
        for label, path in HOOK_PATHS.items()
        for field, value in ((f"enable_{label}", True), (f"{label}_url", receiver.base_url + path))
    }
    conference_id = create_conference(
        web,
        tenant,
        title=title,
        start_time=f"{start:%Y-%m-%d %H:%M}",
        time_zone="UTC",
        duration_minutes=60,
        **hooks,
    )["id"]

    # Each message is verified once, when it arrived: later, after the clock
    # moved on, its timestamp is old and the snippet refuses it (a replay).
    verified: set[str] = set()

    def check(secret: str, messages: list[Received]) -> None:
        for message in messages:
            if message.webhook_id not in verified:
                assert verify(secret, message), message.headers
                verified.add(message.webhook_id)

    def native(kind: str, count: int) -> list[Received]:
        """The endpoint's messages of type ``kind``, once ``count`` arrived."""

        def arrived() -> list[Received]:
            return [r for r in receiver.at(ENDPOINT_PATH) if r.json["type"] == kind]

        until(lambda: len(arrived()) >= count, f"{count} native {kind}")
        found = arrived()
        assert len(found) == count, [r.json for r in found]
        check(endpoint["secret"], found)
        assert {m.json["data"]["conference_id"] for m in found} == {conference_id}
        return found

    def hook(label: str, count: int = 1) -> list[Received]:
        """The BigMarker hook's POSTs, once ``count`` arrived."""
        path = HOOK_PATHS[label]
        until(lambda: len(receiver.at(path)) >= count, f"{count} POST(s) to {label}")
        found = receiver.at(path)
        assert len(found) == count
        check(hook_secret, found)
        return found

    def subjects(email: str, count: int) -> list[str]:
        return [m["Subject"] for m in inbox.wait_for(email, count)]

    # Registering through each front door.
    people = {dialect: f"{dialect}-{new_id()}@example.test" for dialect in ("bm", "moc", "bs")}
    ok(
        web.put(
            f"{API}/conferences/register",
            headers=tenant.headers,
            data={
                "id": conference_id,
                "email": people["bm"],
                "first_name": "Ada",
                "last_name": "Lovelace",
            },
        )
    )
    moc.ok(web, tenant, "attendeesCreate", {"email": people["moc"], "name": "Grace Hopper"})
    moc.ok(
        web,
        tenant,
        "attendeesAddToWebinar",
        {"alias": moc.alias_of(own_settings, conference_id), "attendees": [people["moc"]]},
    )
    code = boomstream_code(own_settings, conference_id)
    boomstream.invite(web, tenant, code, people["bs"], name="Katherine Johnson")

    for email in people.values():
        assert subjects(email, 1) == [f"You are registered: {title}"]
    listed = ok(
        web.get(
            f"{API}/conferences/registrations_with_fields/{conference_id}", headers=tenant.headers
        )
    )["registrations"]
    registrants = {r["email"]: r for r in listed}
    posted = hook("new_reg_webhook", 3)
    assert sorted(p.json["email"] for p in posted) == sorted(people.values())
    for message in posted:
        # The registrant exactly as Show Conference Registrations lists them.
        assert message.json == registrants[message.json["email"]]
    created = native("registration.created", 3)
    assert sorted(m.json["data"]["email"] for m in created) == sorted(people.values())
    # Each kind has its own secret: neither verifies the other's messages.
    assert not verify(hook_secret, created[0])
    assert not verify(endpoint["secret"], posted[0])

    # A day before: the day's reminder, once; an hour before, the hour's.
    clock.advance_to(start - timedelta(days=1) + MINUTE)
    for email in people.values():
        assert subjects(email, 2)[1] == f"Tomorrow: {title}"
    native("conference.reminder_due", 1)
    clock.advance_to(start - timedelta(hours=1) + MINUTE)
    for email in people.values():
        assert subjects(email, 3)[1:] == [f"Tomorrow: {title}", f"In one hour: {title}"]
    reminders = native("conference.reminder_due", 2)
    assert [m.json["data"]["reminder"] for m in reminders] == ["one_day_before", "one_hour_before"]

    # The attendees' early entry (BigMarker's 15 minutes): the waiting room opens.
    clock.advance_to(start - timedelta(minutes=15) + MINUTE)
    (opened,) = hook("waiting_room_open_webhook")
    native("conference.waiting_room_opened", 1)
    assert status_of(own_settings, conference_id) == ConferenceStatus.OPEN
    shown = ok(web.get(f"{API}/conferences/{conference_id}", headers=tenant.headers))
    assert opened.json == shown  # Show Conference, as it answers

    # The start: live, the STARTED letter.
    clock.advance_to(start + MINUTE)
    (started,) = hook("webinar_start_webhook")
    assert started.json["id"] == conference_id
    native("conference.started", 1)
    assert status_of(own_settings, conference_id) == ConferenceStatus.LIVE
    happening = ok(
        web.get(f"{API}/conferences", headers=tenant.headers, params={"type": "happening_now"})
    )["conferences"]
    assert conference_id in {c["id"] for c in happening}
    for email in people.values():
        assert subjects(email, 4)[3] == f"Starting now: {title}"

    # The end past its grace (nobody came): ended, the follow-up.
    clock.advance_to(end + timedelta(minutes=own_settings.scheduler_end_grace_minutes) + MINUTE)
    (ended,) = hook("webinar_end_webhook")
    assert ended.json["id"] == conference_id
    native("conference.ended", 1)
    assert status_of(own_settings, conference_id) == ConferenceStatus.ENDED
    past = ok(web.get(f"{API}/conferences", headers=tenant.headers, params={"type": "past"}))
    assert conference_id in {c["id"] for c in past["conferences"]}
    for email in people.values():
        assert subjects(email, 5) == [
            f"You are registered: {title}",
            f"Tomorrow: {title}",
            f"In one hour: {title}",
            f"Starting now: {title}",
            f"Sorry we missed you: {title}",
        ]

    # Nothing came twice.
    time.sleep(1)
    for email in people.values():
        assert len(inbox.to(email)) == 5
    for label, count in (
        ("new_reg_webhook", 3),
        ("waiting_room_open_webhook", 1),
        ("webinar_start_webhook", 1),
        ("webinar_end_webhook", 1),
    ):
        hook(label, count)
    for kind, count in (
        ("registration.created", 3),
        ("conference.reminder_due", 2),
        ("conference.waiting_room_opened", 1),
        ("conference.started", 1),
        ("conference.ended", 1),
    ):
        native(kind, count)
