"""Every change the outside world hears about writes its event in the same
transaction: the change writes it, a failing request writes none."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.myownconference.helpers import alias_of, call
from tests.conftest import Tenant, in_database
from webinarium.accounts.service import get_account
from webinarium.api.bigmarker.webhook_payloads import FIRED_BY
from webinarium.events.outbox import doorbell, emit, events_after
from webinarium.events.types import EVENT_TYPES, ConferenceUpdated
from webinarium.kit.after_commit import after_commit, after_rollback
from webinarium.kit.db import run_in_transaction
from webinarium.models import OutboxEvent
from webinarium.settings import Settings
from webinarium.webhooks.schemas import EventType as WebhookEventType

API = "/api/v1"
PAST = "2020-01-01 10:00"


def stored_events(settings: Settings, tenant: Tenant) -> list[OutboxEvent]:
    async def read(session: AsyncSession) -> list[OutboxEvent]:
        account = await get_account(session, tenant.account_id)
        return await events_after(session, account, 0, limit=10_000)

    return in_database(settings, read)


def _email() -> str:
    return f"someone.{time.time_ns()}@example.test"


def _register(http: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> None:
    body = {"id": conference_id, "email": email, "first_name": "Ada", "last_name": "Lovelace"}
    response = http.put(f"{API}/conferences/register", headers=tenant.headers, data=body)
    assert response.status_code == 200, response.text


def _presenter(http: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> str:
    response = http.post(
        f"{API}/presenters",
        headers=tenant.headers,
        json={
            "conference_id": conference_id,
            "presenter_email": email,
            "presenter_first_name": "Grace",
            "presenter_last_name": "Hopper",
        },
    )
    assert response.status_code == 200, response.text
    presenter_id: str = response.json()["presenter_id"]
    return presenter_id


@dataclass
class Case:
    """``prepare`` makes what the change needs and returns it; ``change`` makes the
    change through a dialect; ``fail`` sends a request for the same change that is
    refused. ``expected`` are payload fields the event must carry."""

    prepare: Callable[[httpx.Client, Tenant, Settings], dict[str, Any]]
    change: Callable[[httpx.Client, Tenant, dict[str, Any]], None]
    fail: Callable[[httpx.Client, Tenant, dict[str, Any]], httpx.Response | dict[str, Any]]
    expected: Callable[[dict[str, Any]], dict[str, Any]]


def _webinar(http: httpx.Client, tenant: Tenant, _settings: Settings) -> dict[str, Any]:
    return {"conference": create_conference(http, tenant, start_time="2031-05-01 10:00")}


def _registered(http: httpx.Client, tenant: Tenant, settings: Settings) -> dict[str, Any]:
    given = _webinar(http, tenant, settings)
    given["email"] = _email()
    _register(http, tenant, given["conference"]["id"], given["email"])
    return given


def _presenting(http: httpx.Client, tenant: Tenant, settings: Settings) -> dict[str, Any]:
    given = _webinar(http, tenant, settings)
    given["email"] = _email()
    given["presenter_id"] = _presenter(http, tenant, given["conference"]["id"], given["email"])
    return given


def _started(http: httpx.Client, tenant: Tenant, settings: Settings) -> dict[str, Any]:
    conference = create_conference(http, tenant, start_time=PAST)
    return {"conference": conference, "alias": alias_of(settings, conference["id"])}


def _upcoming(http: httpx.Client, tenant: Tenant, settings: Settings) -> dict[str, Any]:
    given = _started(http, tenant, settings)
    upcoming = create_conference(http, tenant, start_time="2031-05-01 10:00")
    given["upcoming_alias"] = alias_of(settings, upcoming["id"])
    return given


def _no_one(_http: httpx.Client, _tenant: Tenant, _settings: Settings) -> dict[str, Any]:
    return {}


def _names(given: dict[str, Any]) -> dict[str, str]:
    return {"email": given["email"], "first_name": "Ada", "last_name": "Lovelace"}


def _id(given: dict[str, Any]) -> str:
    conference_id: str = given["conference"]["id"]
    return conference_id


CASES = {
    "conference.created": Case(
        prepare=_no_one,
        change=lambda http, t, given: given.update(
            conference=create_conference(http, t, title="Created", start_time="2031-05-01 10:00")
        ),
        fail=lambda http, t, _: http.post(
            f"{API}/conferences",
            headers=t.headers,
            json={"channel_id": t.channel_id, "title": "Too long", "duration_minutes": 5000},
        ),
        expected=lambda given: {"conference_id": _id(given), "title": "Created"},
    ),
    "conference.updated": Case(
        prepare=_webinar,
        change=lambda http, t, given: http.put(
            f"{API}/conferences/{_id(given)}", headers=t.headers, json={"title": "Renamed"}
        ).raise_for_status(),
        fail=lambda http, t, given: http.put(
            f"{API}/conferences/{_id(given)}",
            headers=t.headers,
            json={"title": "Renamed", "start_time": "not a time"},
        ),
        expected=lambda given: {"conference_id": _id(given), "changed": ["title"]},
    ),
    "conference.deleted": Case(
        prepare=_webinar,
        change=lambda http, t, given: http.delete(
            f"{API}/conferences/{_id(given)}", headers=t.headers
        ).raise_for_status(),
        fail=lambda http, t, _: http.delete(f"{API}/conferences/unknown", headers=t.headers),
        expected=lambda given: {"conference_id": _id(given)},
    ),
    "registration.created": Case(
        prepare=_webinar,
        change=lambda http, t, given: _register(
            http, t, _id(given), given.setdefault("email", _email())
        ),
        fail=lambda http, t, given: http.put(
            f"{API}/conferences/register",
            headers=t.headers,
            data={"id": _id(given), "email": "not an address", "first_name": "A"},
        ),
        expected=lambda given: {"conference_id": _id(given), "email": given["email"]},
    ),
    "registration.updated": Case(
        prepare=_registered,
        change=lambda http, t, given: http.put(
            f"{API}/conferences/register_or_update",
            headers=t.headers,
            data={**_names(given), "id": _id(given), "utm_bmcr_source": "newsletter"},
        ).raise_for_status(),
        fail=lambda http, t, given: http.put(
            f"{API}/conferences/register_or_update",
            headers=t.headers,
            data={**_names(given), "id": "unknown", "utm_bmcr_source": "newsletter"},
        ),
        expected=lambda given: {"email": given["email"], "changed": ["tracking"]},
    ),
    "registration.cancelled": Case(
        prepare=_registered,
        change=lambda http, t, given: http.request(
            "DELETE",
            f"{API}/conferences/register",
            headers=t.headers,
            data={"id": _id(given), "email": given["email"]},
        ).raise_for_status(),
        fail=lambda http, t, given: http.request(
            "DELETE",
            f"{API}/conferences/register",
            headers=t.headers,
            data={"id": _id(given), "email": _email()},
        ),
        expected=lambda given: {"conference_id": _id(given), "email": given["email"]},
    ),
    "presenter.added": Case(
        prepare=_webinar,
        change=lambda http, t, given: given.update(
            presenter_id=_presenter(http, t, _id(given), given.setdefault("email", _email()))
        ),
        fail=lambda http, t, given: http.post(
            f"{API}/presenters",
            headers=t.headers,
            json={"conference_id": _id(given), "presenter_email": _email()},
        ),
        expected=lambda given: {"presenter_id": given["presenter_id"], "email": given["email"]},
    ),
    "presenter.removed": Case(
        prepare=_presenting,
        change=lambda http, t, given: http.delete(
            f"{API}/presenters/{given['presenter_id']}", headers=t.headers
        ).raise_for_status(),
        fail=lambda http, t, _: http.delete(f"{API}/presenters/unknown", headers=t.headers),
        expected=lambda given: {"presenter_id": given["presenter_id"], "email": given["email"]},
    ),
    "conference.ended": Case(
        prepare=_upcoming,
        change=lambda http, t, given: call(
            http, t.api_key, "webinarsFinish", {"alias": given["alias"]}
        ),
        # Not started yet: finishing it is refused.
        fail=lambda http, t, given: call(
            http, t.api_key, "webinarsFinish", {"alias": given["upcoming_alias"]}
        ),
        expected=lambda given: {"conference_id": _id(given), "status": "ended", "by": "api"},
    ),
}


@pytest.mark.parametrize("event_type", sorted(CASES))
def test_the_change_writes_its_event_and_a_refused_one_writes_none(
    http: httpx.Client, fresh_tenant: Tenant, settings: Settings, event_type: str
) -> None:
    case = CASES[event_type]
    given = case.prepare(http, fresh_tenant, settings)
    before = [e.id for e in stored_events(settings, fresh_tenant)]

    refused = case.fail(http, fresh_tenant, given)
    if isinstance(refused, httpx.Response):
        assert refused.status_code >= 400, refused.text
    else:
        assert "error" in refused["response"], refused
    assert [e.id for e in stored_events(settings, fresh_tenant)] == before

    case.change(http, fresh_tenant, given)
    new = stored_events(settings, fresh_tenant)[len(before) :]
    assert [event.type for event in new] == [event_type]
    payload = new[0].payload
    for name, value in case.expected(given).items():
        assert payload[name] == value, (name, payload)
    # The payload is the event type's own: it reads back as the typed event.
    EVENT_TYPES[event_type].model_validate({**payload, "account_id": fresh_tenant.account_id})


def test_every_event_type_is_proved_here_or_in_the_lifecycle_or_scheduler_tests() -> None:
    # tests/conferences (the lifecycle) and tests/scheduler (the clock's steps
    # and reminders) prove these.
    proved_elsewhere = {
        "conference.waiting_room_opened",
        "conference.started",
        "conference.cancelled",
        "conference.reminder_due",
        # tests/webhooks/test_delivery.py
        "webhook_endpoint.failing",
        "webhook_endpoint.disabled",
        # tests/recordings
        "recording.ready",
        "recording.published",
        "recording.viewed",
    }
    assert set(CASES) | proved_elsewhere == set(EVENT_TYPES)


def test_sequence_numbers_count_each_account_from_one_in_order(
    http: httpx.Client, fresh_tenant: Tenant, bob: Tenant, settings: Settings
) -> None:
    for n in range(3):
        create_conference(http, fresh_tenant, title=f"Numbered {n}")
    create_conference(http, bob, title="Bob's own")
    events = stored_events(settings, fresh_tenant)
    assert [e.sequence for e in events] == [1, 2, 3]
    assert [e.payload["title"] for e in events] == ["Numbered 0", "Numbered 1", "Numbered 2"]
    assert all(e.account_id == fresh_tenant.account_id for e in events)
    assert [e.id for e in events] == sorted(e.id for e in events)


def test_concurrent_changes_get_distinct_consecutive_numbers(
    http: httpx.Client, fresh_tenant: Tenant, settings: Settings, server_url: str
) -> None:
    async def create_many() -> None:
        async with httpx.AsyncClient(base_url=server_url, timeout=60) as client:
            responses = await asyncio.gather(
                *(
                    client.post(
                        f"{API}/conferences",
                        headers=fresh_tenant.headers,
                        json={"channel_id": fresh_tenant.channel_id, "title": f"Race {n}"},
                    )
                    for n in range(12)
                )
            )
        assert all(r.status_code == 200 for r in responses), [r.text for r in responses]

    asyncio.run(create_many())
    assert sorted(e.sequence for e in stored_events(settings, fresh_tenant)) == list(range(1, 13))


class _Refused(Exception):
    pass


def test_an_event_is_rolled_back_with_its_transaction_and_only_rollback_hooks_run(
    settings: Settings, fresh_tenant: Tenant
) -> None:
    rung: list[str] = []

    async def change_then_fail(session: AsyncSession) -> None:
        account = await get_account(session, fresh_tenant.account_id)
        await emit(
            session, ConferenceUpdated(account_id=account.id, conference_id="x", changed=["title"])
        )
        after_commit(session, lambda: rung.append("committed"))
        after_rollback(session, lambda: rung.append("rolled back"))
        raise _Refused

    with pytest.raises(_Refused):
        asyncio.run(run_in_transaction(settings.database_url_async, change_then_fail))
    assert stored_events(settings, fresh_tenant) == []
    assert rung == ["rolled back"]


def test_a_commit_runs_the_hooks_and_rings_the_doorbell(
    settings: Settings, fresh_tenant: Tenant
) -> None:
    order: list[str] = []

    async def change(session: AsyncSession) -> None:
        account = await get_account(session, fresh_tenant.account_id)
        await emit(
            session, ConferenceUpdated(account_id=account.id, conference_id="x", changed=["title"])
        )
        after_commit(session, lambda: order.append("hook"))
        # A failing hook does not stop the others: the change is committed.
        after_commit(session, lambda: 1 / 0)
        after_commit(session, lambda: order.append("second hook"))
        after_rollback(session, lambda: order.append("rolled back"))
        await session.flush()
        order.append("flushed")

    async def wait_and_change() -> None:
        rung = asyncio.Event()

        def on_ring(_: None) -> None:
            rung.set()

        doorbell.listen(asyncio.get_running_loop(), on_ring)
        try:
            await run_in_transaction(settings.database_url_async, change)
            async with asyncio.timeout(5):
                await rung.wait()
        finally:
            doorbell.forget(on_ring)

    asyncio.run(wait_and_change())
    assert order == ["flushed", "hook", "second hook"]
    assert [e.type for e in stored_events(settings, fresh_tenant)] == ["conference.updated"]


def test_webhooks_listen_only_to_registered_events() -> None:
    # One exception, not an outbox event type: attendance.live_data is the label
    # BigMarker's live attendee data hook is stored under; conference.ended
    # fires it (api/bigmarker/webhook_payloads.FIRED_BY).
    not_outbox_events = {"attendance.live_data"}
    subscribable = {event.value for event in WebhookEventType}
    assert subscribable - not_outbox_events <= set(EVENT_TYPES)
    assert not_outbox_events & set(EVENT_TYPES) == set()
    fired_by, _ = FIRED_BY["attendance.live_data"]
    assert fired_by == "conference.ended"
    assert fired_by in EVENT_TYPES
    # The on-demand viewer hook hears the event of its own name.
    assert FIRED_BY["recording.viewed"][0] == "recording.viewed"
