"""The account owner's mails about a failing webhook endpoint (messaging.endpoint_mails):
a real receiver answering 500, the clock moved over 24 hours of failures (one
"failing" mail) and to 3 days (the endpoint disabled, one "disabled" mail);
enabled again with PATCH once the receiver answers, it gets what it missed. A
410 disables at once, and an account in Russian is told in Russian."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from tests.api.bigmarker.helpers import create_conference
from tests.api.myownconference import helpers as moc
from tests.conftest import Tenant, create_tenant
from tests.messaging.test_mail import html_of, text_of
from tests.servers import Inbox, until
from tests.webhooks.receiver import Receiver
from webinarium.kit.clock import MovableClock
from webinarium.settings import Settings

BASE = "/api/webinarium/v1"


def endpoint(web: httpx.Client, tenant: Tenant, url: str) -> dict[str, Any]:
    body = {"url": url, "event_types": ["conference.created"]}
    response = web.post(f"{BASE}/webhook_endpoints", headers=tenant.headers, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def deliveries(web: httpx.Client, tenant: Tenant, endpoint_id: str) -> list[dict[str, Any]]:
    response = web.get(f"{BASE}/webhook_endpoints/{endpoint_id}/deliveries", headers=tenant.headers)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["data"]
    return found[::-1]  # oldest first


def test_the_owner_hears_after_a_day_of_failures_and_when_the_endpoint_is_disabled(
    web: httpx.Client,
    own_settings: Settings,
    inbox: Inbox,
    clock: MovableClock,
    receiver: Receiver,
) -> None:
    owner = create_tenant(own_settings, "Hooked Webinars")
    path = "/always-500"
    receiver.scripts[path] = lambda _, __: (500, {}, b"down for maintenance")
    url = receiver.base_url + path
    created = endpoint(web, owner, url)

    def tried(count: int) -> bool:
        """``count`` deliveries, each attempted (or skipped: disabled before)."""
        found = deliveries(web, owner, created["id"])
        return len(found) == count and all(d["attempts"] or d["status"] == "skipped" for d in found)

    # An event a day, each one's first attempt failing: the second day's is
    # 25 hours into the streak (the notice), the fourth's 75 (disabled).
    titles = [f"Day {day}" for day in range(4)]
    for day, title in enumerate(titles):
        create_conference(web, owner, title=title)
        until(lambda count=day + 1: tried(count), f"{title}'s attempt recorded")
        if day == 1:
            (failing,) = inbox.wait_for(owner.email)
            assert failing["Subject"] == f"Your webhook endpoint is failing: {url}"
            text = text_of(failing)
            assert "Every message to your webhook endpoint has failed for 24 hours" in text
            assert "Failing since: " in text
            assert "Last error: HTTP 500" in text
            patch = f"PATCH https://webinars.example.test{BASE}/webhook_endpoints/{created['id']}"
            assert patch in text
            assert '{"enabled": true}' in text
            assert url in html_of(failing)
        if day < 3:
            clock.advance(timedelta(hours=25))
    failing, disabled = inbox.wait_for(owner.email, 2)
    assert disabled["Subject"] == f"Your webhook endpoint was disabled: {url}"
    text = text_of(disabled)
    assert "failed for 3 days, so we disabled it" in text
    assert "Last error: HTTP 500" in text
    assert f"{BASE}/webhook_endpoints/{created['id']}" in text
    shown = web.get(f"{BASE}/webhook_endpoints/{created['id']}", headers=owner.headers).json()
    assert (shown["enabled"], shown["disabled_reason"]) == (False, "failing")

    # The receiver is back; enabled again, the endpoint gets what it missed.
    receiver.scripts[path] = lambda _, __: (200, {}, b"thanks")
    enabled = web.patch(
        f"{BASE}/webhook_endpoints/{created['id']}", headers=owner.headers, json={"enabled": True}
    )
    assert enabled.status_code == 200, enabled.text
    until(
        lambda: all(d["status"] == "delivered" for d in deliveries(web, owner, created["id"])),
        "every missed message delivered",
    )
    answered = {r.json["data"]["title"] for r in receiver.at(path) if r.status == 200}
    assert answered == set(titles)
    # One notice of each: none more came with the retries or the re-enabling.
    assert [m["Subject"] for m in inbox.to(owner.email)] == [
        failing["Subject"],
        disabled["Subject"],
    ]


def test_a_gone_endpoint_is_disabled_at_once_and_the_owner_told_in_their_language(
    web: httpx.Client, own_settings: Settings, inbox: Inbox, receiver: Receiver
) -> None:
    owner = create_tenant(own_settings, "Вебинары")
    moc.ok(web, owner, "profileSet", {"language": "RU"})
    path = "/gone"
    receiver.scripts[path] = lambda _, __: (410, {}, b"")
    url = receiver.base_url + path
    created = endpoint(web, owner, url)
    create_conference(web, owner, title="Gone")

    (disabled,) = inbox.wait_for(owner.email)
    assert disabled["Subject"] == f"Ваш вебхук отключён: {url}"
    text = text_of(disabled)
    assert "ответил 410 Gone" in text
    assert "Последняя ошибка: HTTP 410" in text
    assert f"{BASE}/webhook_endpoints/{created['id']}" in text
