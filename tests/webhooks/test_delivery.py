"""Webinarium's own webhooks delivered by the worker (webhooks.sending) to a
real receiver, on a server with a worker and a clock the tests move: retries on
the schedule until the receiver answers, each attempt in the delivery log,
every signature verifying; 429's Retry-After; 3xx not followed; 410 and 3 days
of failures disabling the endpoint; re-enabling sending what it missed."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant, create_tenant, in_database
from tests.room.conftest import RoomServer, worker_server
from tests.servers import until
from tests.webhooks.receiver import Answer, Received, Receiver
from webinarium.accounts.service import get_account
from webinarium.conferences.service import get_conference
from webinarium.events.outbox import emit
from webinarium.events.types import ConferenceUpdated
from webinarium.kit.clock import MovableClock
from webinarium.settings import Settings
from webinarium.webhooks.deliveries import queue_delivery
from webinarium.webhooks.schemas import EventType, WebhookChange
from webinarium.webhooks.sending import JITTER, SCHEDULE, TIMEOUT_SECONDS
from webinarium.webhooks.service import change_conference_subscriptions, conference_subscriptions

BASE = "/api/webinarium/v1"


@pytest.fixture(scope="module")
def server(own_settings: Settings, clock: MovableClock) -> Iterator[RoomServer]:
    with worker_server(own_settings, clock) as server:
        yield server


@pytest.fixture(scope="module")
def api(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings)


def endpoint(
    api: httpx.Client, tenant: Tenant, receiver: Receiver, path: str, **fields: Any
) -> dict[str, Any]:
    """An endpoint at the receiver's ``path`` (or at ``url``), for conference.created."""
    body = {"url": receiver.base_url + path, "event_types": ["conference.created"], **fields}
    response = api.post(f"{BASE}/webhook_endpoints", headers=tenant.headers, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def deliveries(api: httpx.Client, tenant: Tenant, endpoint_id: str) -> list[dict[str, Any]]:
    response = api.get(f"{BASE}/webhook_endpoints/{endpoint_id}/deliveries", headers=tenant.headers)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["data"]
    return found[::-1]  # oldest first


def attempted(
    api: httpx.Client, tenant: Tenant, endpoint_id: str, count: int, attempts: int
) -> list[dict[str, Any]]:
    """Waits until ``count`` deliveries each have ``attempts`` recorded."""

    def ready() -> list[dict[str, Any]] | None:
        found = deliveries(api, tenant, endpoint_id)
        if len(found) == count and all(len(d["attempts"]) == attempts for d in found):
            return found
        return None

    found: list[dict[str, Any]] = until(ready, f"{count} deliveries with {attempts} attempts")
    return found


def past_retry(clock: MovableClock, attempt: int) -> None:
    """Moves the clock past the longest jittered wait after ``attempt``."""
    clock.advance(SCHEDULE[attempt - 1] * (1 + JITTER) + timedelta(seconds=1))


def failing_then(status: int, failures: int, body: bytes = b"") -> Callable[..., Answer]:
    def script(_: Received, before: list[Received]) -> Answer:
        if len(before) < failures:
            return status, {}, body
        return 200, {}, b"thanks"

    return script


def test_a_receiver_down_for_a_while_gets_every_event_signed(
    api: httpx.Client, tenant: Tenant, receiver: Receiver, clock: MovableClock
) -> None:
    path = "/down-then-up"
    # Two events, two failed attempts each; a long answer is kept in part.
    receiver.scripts[path] = failing_then(500, 4, b"x" * 5000)
    created = endpoint(api, tenant, receiver, path)
    titles = ["First", "Second"]
    for title in titles:
        create_conference(api, tenant, title=title)
    attempted(api, tenant, created["id"], 2, 1)
    past_retry(clock, 1)
    attempted(api, tenant, created["id"], 2, 2)
    past_retry(clock, 2)
    log = attempted(api, tenant, created["id"], 2, 3)

    assert [d["status"] for d in log] == ["delivered", "delivered"]
    for delivery in log:
        assert [a["status_code"] for a in delivery["attempts"]] == [500, 500, 200]
        assert [len(a["response_body"]) for a in delivery["attempts"]] == [1024, 1024, 6]
        assert all(a["duration_ms"] >= 0 and a["error"] is None for a in delivery["attempts"])
        times = [a["at"] for a in delivery["attempts"]]
        assert times == sorted(times)
    got = receiver.at(path)
    assert len(got) == 6
    assert all(r.verifies(created["secret"]) for r in got)
    by_id: dict[str, list[Received]] = {}
    for request in got:
        by_id.setdefault(request.webhook_id, []).append(request)
    assert set(by_id) == {d["id"] for d in log}
    for requests in by_id.values():
        assert len({r.body for r in requests}) == 1  # the same bytes every time
        assert [r.status for r in requests] == [500, 500, 200]
    bodies = [requests[0].json for requests in by_id.values()]
    assert sorted(b["data"]["title"] for b in bodies) == titles
    assert {b["type"] for b in bodies} == {"conference.created"}
    assert sorted(b["seq"] for b in bodies) == sorted(d["seq"] for d in log)
    assert all(set(b) == {"type", "timestamp", "seq", "data"} for b in bodies)
    assert got[0].headers["content-type"] == "application/json"


def test_a_rotated_secret_and_the_old_one_both_sign_for_a_day(
    api: httpx.Client, tenant: Tenant, receiver: Receiver, clock: MovableClock
) -> None:
    path = "/rotated"
    created = endpoint(api, tenant, receiver, path)
    rotated = api.post(
        f"{BASE}/webhook_endpoints/{created['id']}/rotate_secret", headers=tenant.headers
    ).json()
    create_conference(api, tenant)
    (first,) = until(lambda: receiver.at(path), "the first message")
    assert len(first.headers["webhook-signature"].split()) == 2
    assert first.verifies(rotated["secret"])
    assert first.verifies(created["secret"])
    clock.advance(timedelta(hours=24, seconds=1))
    create_conference(api, tenant)
    second = until(lambda: receiver.at(path)[1:], "the second message")[0]
    assert len(second.headers["webhook-signature"].split()) == 1
    assert second.verifies(rotated["secret"])
    assert not second.verifies(created["secret"])


def test_429_waits_its_retry_after_and_3xx_is_not_followed(
    api: httpx.Client, tenant: Tenant, receiver: Receiver, clock: MovableClock
) -> None:
    slow, moved = "/slow-down", "/moved"
    receiver.scripts[slow] = lambda _, before: (
        (429, {"Retry-After": "600"}, b"") if not before else (200, {}, b"")
    )
    receiver.scripts[moved] = lambda _, __: (302, {"Location": "/elsewhere"}, b"")
    throttled = endpoint(api, tenant, receiver, slow)
    redirected = endpoint(api, tenant, receiver, moved)
    create_conference(api, tenant)
    (waiting,) = attempted(api, tenant, throttled["id"], 1, 1)
    assert waiting["status"] == "pending"
    (failed,) = until(
        lambda: [d for d in deliveries(api, tenant, redirected["id"]) if d["status"] == "failed"],
        "the redirected delivery failed",
    )
    assert [a["status_code"] for a in failed["attempts"]] == [302]
    assert receiver.at("/elsewhere") == []
    # The schedule's 5 s pass: the receiver asked for 10 minutes.
    past_retry(clock, 1)
    time.sleep(0.5)
    assert len(receiver.at(slow)) == 1
    clock.advance(timedelta(minutes=10))
    (done,) = attempted(api, tenant, throttled["id"], 1, 2)
    # Its attempts in the message: once seen pending here in CI, not reproduced.
    assert done["status"] == "delivered", done["attempts"]
    assert api.get(f"{BASE}/webhook_endpoints/{redirected['id']}", headers=tenant.headers).json()[
        "enabled"
    ]


def events_of(api: httpx.Client, tenant: Tenant, kind: str) -> list[dict[str, Any]]:
    feed = api.get(f"{BASE}/events", headers=tenant.headers, params={"limit": 1000}).json()
    return [e for e in feed["data"] if e["type"] == kind]


def test_410_disables_at_once_and_enabling_sends_what_was_missed(
    api: httpx.Client, tenant: Tenant, receiver: Receiver
) -> None:
    path = "/gone-for-now"
    receiver.scripts[path] = lambda _, before: (410, {}, b"") if not before else (200, {}, b"")
    created = endpoint(api, tenant, receiver, path)
    create_conference(api, tenant, title="Before")
    until(lambda: events_of(api, tenant, "webhook_endpoint.disabled"), "disabled")
    shown = api.get(f"{BASE}/webhook_endpoints/{created['id']}", headers=tenant.headers).json()
    assert (shown["enabled"], shown["disabled_reason"]) == (False, "gone")
    (event,) = events_of(api, tenant, "webhook_endpoint.disabled")
    assert event["data"] == {"endpoint_id": created["id"], "url": created["url"], "reason": "gone"}
    create_conference(api, tenant, title="While disabled")
    until(
        lambda: (
            [d["status"] for d in deliveries(api, tenant, created["id"])] == ["failed", "skipped"]
        ),
        "one failed, one skipped",
    )
    assert len(receiver.at(path)) == 1

    enabled = api.patch(
        f"{BASE}/webhook_endpoints/{created['id']}", headers=tenant.headers, json={"enabled": True}
    )
    assert enabled.status_code == 200, enabled.text
    until(
        lambda: (
            [d["status"] for d in deliveries(api, tenant, created["id"])]
            == ["delivered", "delivered"]
        ),
        "both delivered",
    )
    answered = [(r.json["data"]["title"], r.status) for r in receiver.at(path)]
    assert answered[0] == ("Before", 410)
    # Sent at once, in no promised order.
    assert sorted(answered[1:]) == [("Before", 200), ("While disabled", 200)]

    # A receiver that lost a message asks for it again: same id, same body.
    first = deliveries(api, tenant, created["id"])[0]
    again = api.post(f"{BASE}/webhook_deliveries/{first['id']}/redeliver", headers=tenant.headers)
    assert again.status_code == 202, again.text
    assert again.json()["status"] == "pending"
    resent = until(lambda: receiver.at(path)[3:], "the redelivery")[0]
    assert resent.webhook_id == first["id"]
    assert resent.body == receiver.at(path)[0].body


def test_three_days_of_failures_disable_the_endpoint_after_one_notice(
    api: httpx.Client, tenant: Tenant, receiver: Receiver, clock: MovableClock
) -> None:
    path = "/always-down"
    receiver.scripts[path] = lambda _, __: (503, {}, b"")
    created = endpoint(api, tenant, receiver, path)

    def tried(count: int) -> bool:
        """``count`` deliveries, each attempted (or skipped: the endpoint was
        disabled by an earlier one's retry before it was made)."""
        found = deliveries(api, tenant, created["id"])
        return len(found) == count and all(d["attempts"] or d["status"] == "skipped" for d in found)

    # An event a day: each one's first attempt fails.
    days: list[str] = []
    for day in range(4):
        days.append(f"Day {day}")
        create_conference(api, tenant, title=days[-1])
        until(lambda: tried(len(days)), f"{days[-1]}'s attempt recorded")
        if day < 3:
            clock.advance(timedelta(hours=25))
    until(lambda: events_of(api, tenant, "webhook_endpoint.disabled"), "disabled")
    (notice,) = events_of(api, tenant, "webhook_endpoint.failing")
    assert notice["data"]["endpoint_id"] == created["id"]
    (disabled,) = events_of(api, tenant, "webhook_endpoint.disabled")
    assert disabled["data"]["reason"] == "failing"
    assert notice["seq"] < disabled["seq"]
    shown = api.get(f"{BASE}/webhook_endpoints/{created['id']}", headers=tenant.headers).json()
    assert (shown["enabled"], shown["disabled_reason"]) == (False, "failing")


def test_a_test_message_goes_to_that_endpoint_only(
    api: httpx.Client, tenant: Tenant, receiver: Receiver
) -> None:
    tested = endpoint(api, tenant, receiver, "/tested", event_types="all")
    endpoint(api, tenant, receiver, "/not-tested", event_types="all")
    queued = api.post(f"{BASE}/webhook_endpoints/{tested['id']}/test", headers=tenant.headers)
    assert queued.status_code == 202, queued.text
    (message,) = until(lambda: receiver.at("/tested"), "the test message")
    assert message.webhook_id == queued.json()["id"]
    assert message.json["type"] == "webhook.test"
    assert message.json["data"] == {"endpoint_id": tested["id"]}
    assert message.verifies(tested["secret"])
    time.sleep(0.3)
    assert receiver.at("/not-tested") == []


def test_a_per_webinar_hook_is_sent_as_given_signed_with_the_account_s_secret(
    api: httpx.Client,
    tenant: Tenant,
    receiver: Receiver,
    clock: MovableClock,
    own_settings: Settings,
) -> None:
    """The interface part B's BigMarker hooks use: `queue_delivery` with a
    subscription sends the body as it is (no envelope)."""
    conference = create_conference(api, tenant)
    url = receiver.base_url + "/bigmarker-hook"
    body = {"conference_id": conference["id"], "email": "ada@example.test"}

    async def queue(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        conference_row = await get_conference(session, account, conference["id"])
        change = WebhookChange(
            label="new_registrant", event_type=EventType.REGISTRATION_CREATED, url=url, enabled=True
        )
        await change_conference_subscriptions(session, account, conference_row, [change])
        (subscription,) = (await conference_subscriptions(session, account, [conference_row.id]))[
            conference_row.id
        ]
        event = await emit(
            session,
            ConferenceUpdated(
                account_id=account.id, conference_id=conference_row.id, changed=["title"]
            ),
        )
        await session.flush()
        delivery = await queue_delivery(
            session, event, url=url, body=body, subscription=subscription
        )
        return delivery.id

    delivery_id = in_database(own_settings, queue)
    clock.advance(timedelta())  # wakes the server's worker (the commit was this thread's)
    (message,) = until(lambda: receiver.at("/bigmarker-hook"), "the per-webinar hook")
    assert message.webhook_id == delivery_id
    assert message.json == body
    secret = api.get(f"{BASE}/webhook_signing_secret", headers=tenant.headers).json()["secret"]
    assert message.verifies(secret)


def test_the_ssrf_guard_and_connection_errors_are_retried_failures(
    api: httpx.Client, tenant: Tenant, receiver: Receiver, own_settings: Settings
) -> None:
    """``localhost`` is not an allowed host (127.0.0.1 is, for the receiver):
    the guard refuses its address, as it would a private one; a closed port
    is a connection error. Both are logged and retried on the schedule."""
    port = receiver.server.server_address[1]
    refused = endpoint(api, tenant, receiver, "", url=f"http://localhost:{port}/hook")
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    closed = endpoint(api, tenant, receiver, "", url=f"http://127.0.0.1:{closed_port}/hook")
    create_conference(api, tenant)
    (guarded,) = attempted(api, tenant, refused["id"], 1, 1)
    (unreachable,) = attempted(api, tenant, closed["id"], 1, 1)
    for delivery in (guarded, unreachable):
        assert delivery["status"] == "pending"
        assert delivery["next_attempt_at"] is not None
        assert delivery["attempts"][0]["status_code"] is None
    assert "does not fetch from" in guarded["attempts"][0]["error"]
    assert unreachable["attempts"][0]["error"].startswith("connection error")
    assert receiver.at("/hook") == []


def test_a_receiver_that_does_not_answer_in_10_seconds_is_a_retried_timeout(
    api: httpx.Client, tenant: Tenant, receiver: Receiver
) -> None:
    """Real seconds: the timeout is the sender's, on the system's time."""
    answer_late = threading.Event()

    def script(_: Received, __: list[Received]) -> Answer:
        answer_late.wait(TIMEOUT_SECONDS + 5)
        return 200, {}, b"too late"

    receiver.scripts["/silent"] = script
    created = endpoint(api, tenant, receiver, "/silent")
    try:
        create_conference(api, tenant)
        (delivery,) = attempted(api, tenant, created["id"], 1, 1)
    finally:
        answer_late.set()
    (attempt,) = delivery["attempts"]
    assert attempt["status_code"] is None
    assert attempt["error"].startswith("timeout")
    # The event loop's timer may fire a hair before its deadline (CI saw 9999 ms).
    assert TIMEOUT_SECONDS * 1000 - 20 <= attempt["duration_ms"] < (TIMEOUT_SECONDS + 5) * 1000
    assert delivery["status"] == "pending"
