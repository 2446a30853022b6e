"""BigMarker's per-webinar webhook fields: kept as webhook subscriptions, read and
written by Create, Update and Show Conference exactly as the fields they are."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant, in_database
from webinarium.models import Conference, WebhookSubscription
from webinarium.settings import Settings

# (switch, URL field, event type the document describes); webhook_url has no switch.
HOOKS = [
    (None, "webhook_url", "registration.created"),
    ("enable_new_reg_webhook", "new_reg_webhook_url", "registration.created"),
    ("enable_webinar_start_webhook", "webinar_start_webhook_url", "conference.started"),
    (
        "enable_waiting_room_open_webhook",
        "waiting_room_open_webhook_url",
        "conference.waiting_room_opened",
    ),
    ("enable_webinar_end_webhook", "webinar_end_webhook_url", "conference.ended"),
    (
        "enable_live_attendee_data_webhook",
        "live_attendee_data_webhook_url",
        "attendance.live_data",
    ),
    ("enable_on_demand_viewer_webhook", "on_demand_viewer_webhook_url", "recording.viewed"),
]


def _show(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, Any]:
    response = http.get(f"/api/v1/conferences/{conference_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _update(
    http: httpx.Client, tenant: Tenant, conference_id: str, body: dict[str, Any]
) -> httpx.Response:
    return http.put(f"/api/v1/conferences/{conference_id}", headers=tenant.headers, json=body)


def _subscriptions(settings: Settings, conference_id: str) -> list[tuple[str, str | None, bool]]:
    async def load(session: AsyncSession) -> list[tuple[str, str | None, bool]]:
        rows = await session.scalars(
            select(WebhookSubscription)
            .where(WebhookSubscription.conference_id == conference_id)
            .order_by(WebhookSubscription.event_type, WebhookSubscription.url)
        )
        return [(r.event_type, r.url, r.enabled) for r in rows]

    return in_database(settings, load)


def _settings_document(settings: Settings, conference_id: str) -> dict[str, Any]:
    async def load(session: AsyncSession) -> dict[str, Any]:
        conference = await session.get(Conference, conference_id)
        assert conference is not None
        return dict(conference.settings)

    return in_database(settings, load)


def test_a_new_conference_has_every_hook_off(http: httpx.Client, alice: Tenant) -> None:
    body = create_conference(http, alice)
    for switch, url, _ in HOOKS:
        assert body[url] is None
        if switch is not None:
            assert body[switch] is False
    assert body["enable_create_webinar_reg_webhook"] is False


@pytest.mark.parametrize(("switch", "url", "event_type"), HOOKS)
def test_each_hook_round_trips_as_a_subscription(
    http: httpx.Client,
    settings: Settings,
    alice: Tenant,
    switch: str | None,
    url: str,
    event_type: str,
) -> None:
    address = f"https://hooks.example.test/{url}"
    sent: dict[str, Any] = {url: address}
    if switch is not None:
        sent[switch] = "true"
    created = create_conference(http, alice, **sent)
    conference_id = created["id"]
    for body in (created, _show(http, alice, conference_id)):
        assert body[url] == address
        if switch is not None:
            assert body[switch] is True
    assert _subscriptions(settings, conference_id) == [(event_type, address, True)]
    # Not a setting any more.
    document = _settings_document(settings, conference_id)
    assert url not in document
    assert switch not in document

    # Update changes only what it is sent: the URL, then the switch.
    other = f"https://hooks.example.test/{url}/2"
    assert _update(http, alice, conference_id, {url: other}).json()[url] == other
    if switch is not None:
        shown = _update(http, alice, conference_id, {switch: False}).json()
        assert (shown[switch], shown[url]) == (False, other)
        assert _subscriptions(settings, conference_id) == [(event_type, other, False)]
        # Off and without an address, the subscription is gone.
        _update(http, alice, conference_id, {url: None})
    else:
        _update(http, alice, conference_id, {url: None})
    shown = _show(http, alice, conference_id)
    assert shown[url] is None
    assert _subscriptions(settings, conference_id) == []


def test_a_switch_without_a_url_round_trips(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    created = create_conference(http, alice, enable_webinar_end_webhook=True)
    assert (created["enable_webinar_end_webhook"], created["webinar_end_webhook_url"]) == (
        True,
        None,
    )
    assert _subscriptions(settings, created["id"]) == [("conference.ended", None, True)]


def test_two_registration_hooks_stay_apart(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    created = create_conference(
        http,
        alice,
        webhook_url="https://a.example.test/",
        new_reg_webhook_url="https://b.example.test/",
        enable_new_reg_webhook=True,
    )
    changed = _update(http, alice, created["id"], {"enable_new_reg_webhook": False}).json()
    assert (changed["webhook_url"], changed["new_reg_webhook_url"]) == (
        "https://a.example.test/",
        "https://b.example.test/",
    )
    assert changed["enable_new_reg_webhook"] is False
    assert _subscriptions(settings, created["id"]) == [
        ("registration.created", "https://a.example.test/", True),
        ("registration.created", "https://b.example.test/", False),
    ]


def test_accepting_registrations_by_webhook_is_a_setting(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    created = create_conference(http, alice, enable_create_webinar_reg_webhook=True)
    assert _show(http, alice, created["id"])["enable_create_webinar_reg_webhook"] is True
    assert _subscriptions(settings, created["id"]) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("enable_webinar_start_webhook", "perhaps"), ("webinar_end_webhook_url", 42)],
)
def test_bad_hook_values_are_400_and_change_nothing(
    http: httpx.Client, settings: Settings, alice: Tenant, field: str, value: Any
) -> None:
    created = create_conference(http, alice, webinar_end_webhook_url="https://kept.example.test/")
    before = _show(http, alice, created["id"])
    response = _update(http, alice, created["id"], {"title": "Not kept", field: value})
    assert response.status_code == 400, response.text
    assert field in response.json()["error"]
    assert _show(http, alice, created["id"]) == before


def test_a_copy_reports_to_the_same_hooks_unless_told_otherwise(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    source = create_conference(
        http,
        alice,
        webhook_url="https://a.example.test/",
        enable_webinar_start_webhook=True,
        webinar_start_webhook_url="https://start.example.test/",
    )
    copy = create_conference(
        http,
        alice,
        conference_copy_id=source["id"],
        webinar_start_webhook_url="https://other.example.test/",
    )
    assert copy["webhook_url"] == "https://a.example.test/"
    assert copy["enable_webinar_start_webhook"] is True
    assert copy["webinar_start_webhook_url"] == "https://other.example.test/"
    # The source keeps its own.
    assert _show(http, alice, source["id"])["webinar_start_webhook_url"] == (
        "https://start.example.test/"
    )
    assert len(_subscriptions(settings, copy["id"])) == 2


def test_recurring_sessions_have_their_parents_hooks(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    parent = create_conference(
        http,
        alice,
        schedule_type="multiple_times",
        recurring_start_times=["2031-01-01 10:00", "2031-01-08 10:00"],
        webhook_url="https://a.example.test/",
    )
    _update(http, alice, parent["id"], {"webinar_end_webhook_url": "https://end.example.test/"})
    children = http.get(
        f"/api/v1/conferences/recurring/{parent['id']}", headers=alice.headers
    ).json()["child_conferences"]
    assert len(children) == 2
    for child in children:
        assert child["webhook_url"] == "https://a.example.test/"
        assert child["webinar_end_webhook_url"] == "https://end.example.test/"


def test_deleting_a_conference_deletes_its_subscriptions(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    created = create_conference(http, alice, webhook_url="https://a.example.test/")
    assert _subscriptions(settings, created["id"]) != []
    response = http.delete(f"/api/v1/conferences/{created['id']}", headers=alice.headers)
    assert response.status_code == 200
    assert _subscriptions(settings, created["id"]) == []
