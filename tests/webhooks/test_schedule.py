"""The whole retry schedule of a webhook message (docs/webhooks.md, "Delivery"),
on a server with a worker and a clock the test moves, to a real receiver that
answers 503 every time: 8 attempts — at once, then after 5 s, 5 min, 30 min,
2 h, 5 h, 10 h and 10 h, each wait jittered by at most 10 % — then the message
is failed and never sent again, with the same ``webhook-id`` and body on every
attempt."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant, create_tenant
from tests.room.conftest import RoomServer
from tests.servers import until
from tests.webhooks.receiver import Receiver
from webinarium.kit.clock import MovableClock
from webinarium.settings import Settings

BASE = "/api/webinarium/v1"
# The documented waits before attempts 2 to 8 (written out, not imported: the
# test holds the code to the documentation).
DOCUMENTED_WAITS = [
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
]
JITTER = 0.1


@pytest.fixture(scope="module")
def server(own_settings: Settings, clock: MovableClock) -> Iterator[RoomServer]:
    server = RoomServer(own_settings, clock, worker_in_serve=True).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def deliveries(api: httpx.Client, tenant: Tenant, endpoint_id: str) -> list[dict[str, Any]]:
    response = api.get(f"{BASE}/webhook_endpoints/{endpoint_id}/deliveries", headers=tenant.headers)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["data"]
    return found[::-1]  # oldest first


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_a_message_is_tried_eight_times_on_the_documented_schedule_then_failed(
    api: httpx.Client, own_settings: Settings, receiver: Receiver, clock: MovableClock
) -> None:
    tenant = create_tenant(own_settings, "Schedule")
    path = "/always-unavailable"
    receiver.scripts[path] = lambda _, __: (503, {}, b"")
    created = api.post(
        f"{BASE}/webhook_endpoints",
        headers=tenant.headers,
        json={"url": receiver.base_url + path, "event_types": ["conference.created"]},
    )
    assert created.status_code == 201, created.text
    endpoint = created.json()
    create_conference(api, tenant, title="Never answered")

    def with_attempts(count: int) -> dict[str, Any]:
        def ready() -> dict[str, Any] | None:
            found = deliveries(api, tenant, endpoint["id"])
            if len(found) == 1 and len(found[0]["attempts"]) == count:
                return found[0]
            return None

        found: dict[str, Any] = until(ready, f"attempt {count} recorded")
        return found

    ratios = []
    for attempt, documented in enumerate(DOCUMENTED_WAITS, start=1):
        delivery = with_attempts(attempt)
        assert delivery["status"] == "pending"
        last_at = moment(delivery["attempts"][-1]["at"])
        next_at = moment(delivery["next_attempt_at"])
        ratio = (next_at - last_at) / documented
        assert 1 - JITTER <= ratio <= 1 + JITTER, (attempt, next_at - last_at)
        ratios.append(ratio)
        if documented >= timedelta(minutes=5):
            # Not before its time: half a minute short of it, nothing is sent.
            clock.advance_to(next_at - timedelta(seconds=30))
            time.sleep(0.3)
            assert len(receiver.at(path)) == attempt
        clock.advance_to(next_at + timedelta(seconds=1))

    failed = with_attempts(len(DOCUMENTED_WAITS) + 1)
    assert failed["status"] == "failed"
    assert failed["next_attempt_at"] is None
    assert [a["status_code"] for a in failed["attempts"]] == [503] * 8
    # Jittered: the waits are not all exactly the documented ones.
    assert any(abs(ratio - 1) > 1e-6 for ratio in ratios)

    # Nothing after the last attempt: another message, sent once the failed
    # one's would-be retry time passed, arrives alone.
    clock.advance(timedelta(hours=11))
    create_conference(api, tenant, title="Later")
    until(lambda: len(deliveries(api, tenant, endpoint["id"])) == 2, "the later delivery")
    until(lambda: deliveries(api, tenant, endpoint["id"])[1]["attempts"], "the later one's attempt")
    got = receiver.at(path)
    first = [r for r in got if r.webhook_id == failed["id"]]
    assert len(first) == 8
    assert len({r.body for r in first}) == 1
    assert len(got) == 9
    # About 27 hours of failures: the account was told (after 24 h), the
    # endpoint is not disabled (that takes 3 days).
    shown = api.get(f"{BASE}/webhook_endpoints/{endpoint['id']}", headers=tenant.headers).json()
    assert shown["enabled"] is True
    feed = api.get(f"{BASE}/events", headers=tenant.headers, params={"limit": 1000}).json()
    told = [e["type"] for e in feed["data"] if e["type"].startswith("webhook_endpoint.")]
    assert told == ["webhook_endpoint.failing"]
