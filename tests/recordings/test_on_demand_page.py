"""The on-demand page of a published recording, over HTTP: who may watch it,
the MP4 served in ranges, each view counted (BigMarker recording views and
on-demand attendees, the recording.viewed event)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.pages.helpers import bigmarker_register, bigmarker_webinar
from tests.recordings.helpers import mp4_bytes, store_mp4
from webinarium.api.bigmarker.webhook_payloads import bigmarker_hook_bodies
from webinarium.models import OutboxEvent
from webinarium.settings import Settings

API = "/api/v1"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _token(enter_url: str) -> str:
    match = re.search(r"[?&]token=([^&]+)", enter_url)
    assert match is not None, enter_url
    return match.group(1)


def _viewed(settings: Settings, tenant: Tenant) -> list[dict[str, Any]]:
    async def read(session: AsyncSession) -> list[dict[str, Any]]:
        rows = await session.scalars(
            select(OutboxEvent).where(
                OutboxEvent.account_id == tenant.account_id,
                OutboxEvent.type == "recording.viewed",
            )
        )
        return [r.payload for r in rows]

    return in_database(settings, read)


def test_a_registrant_watches_the_published_recording_and_is_counted(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    tenant = fresh_tenant
    conference = bigmarker_webinar(http, tenant, title="On demand")
    conference_id = conference["id"]
    address = "viewer@example.test"
    _, enter_url = bigmarker_register(http, tenant, conference_id, address)
    token = _token(enter_url)
    bigmarker_register(http, tenant, conference_id, "no.viewer@example.test")
    store_mp4(settings, tenant, conference_id, tmp_path)
    page = _path(
        http.get(f"{API}/conferences/{conference_id}", headers=tenant.headers).json()[
            "recording_url"
        ]
    )
    assert page.endswith("/recording")

    unpublished = http.get(page, params={"token": token})
    assert unpublished.status_code == 410
    assert "not published" in unpublished.text

    assert (
        http.get(
            f"{API}/conferences/{conference_id}/publish_recording", headers=tenant.headers
        ).status_code
        == 200
    )
    # Registration is required to watch (the default): no link, no recording.
    refused = http.get(page)
    assert refused.status_code == 401
    assert "<video" not in refused.text
    assert http.get(page, params={"token": "not-a-token"}).status_code == 401

    watched = http.get(page, params={"token": token})
    assert watched.status_code == 200, watched.text
    assert watched.headers["cache-control"] == "no-store"
    match = re.search(r'<video id="recording" src="([^"]+)"', watched.text)
    assert match is not None, watched.text
    video = match.group(1)
    part = http.get(video, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206
    assert part.content == mp4_bytes()[:100]
    assert part.headers["content-range"] == f"bytes 0-99/{len(mp4_bytes())}"

    views = http.get(f"{API}/conferences/{conference_id}/recording_views", headers=tenant.headers)
    [view] = views.json()["recording_views"]
    assert set(view) == {"id", "bmid", "conference_id", "created_at", "watch_duration"}
    assert (view["conference_id"], view["watch_duration"]) == (conference_id, 0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", view["created_at"])

    report = http.get(
        f"{API}/reporting/conferences/on_demand_attendees/{conference_id}", headers=tenant.headers
    ).json()
    [attendee] = report["attendees"]
    assert (attendee["email"], attendee["BMID"], attendee["watched"]) == (
        address,
        view["bmid"],
        "Yes",
    )
    assert attendee["attended?"] == "No"
    assert attendee["view_start_time"] is not None

    registrations = f"{API}/reporting/conferences/registrations/{conference_id}"
    listed = http.get(registrations, headers=tenant.headers).json()["registrations"]
    watched_on_demand = {r["email"]: r["watched_on_demand"] for r in listed}
    assert watched_on_demand == {address: "Yes", "no.viewer@example.test": "No"}
    only_viewers = http.get(
        registrations, params={"watched_on_demand": "true"}, headers=tenant.headers
    ).json()["registrations"]
    assert [r["email"] for r in only_viewers] == [address]

    [event] = _viewed(settings, tenant)
    assert event["person_id"] == view["bmid"]
    assert event["view_id"] == view["id"]
    assert event["conference_id"] == conference_id
    assert event["registration_id"] is not None

    # Watched again: another view, the same on-demand attendee.
    assert http.get(page, params={"token": token}).status_code == 200
    views = http.get(f"{API}/conferences/{conference_id}/recording_views", headers=tenant.headers)
    assert len(views.json()["recording_views"]) == 2
    report = http.get(
        f"{API}/reporting/conferences/on_demand_attendees/{conference_id}", headers=tenant.headers
    ).json()
    assert [a["email"] for a in report["attendees"]] == [address]

    assert (
        http.get(
            f"{API}/conferences/{conference_id}/unpublish_recording", headers=tenant.headers
        ).status_code
        == 200
    )
    gone = http.get(page, params={"token": token})
    assert gone.status_code == 410
    assert "<video" not in gone.text


def test_a_view_posts_the_viewer_to_the_on_demand_viewer_hook(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    hook = "https://hooks.example.test/on-demand"
    conference = bigmarker_webinar(
        http,
        fresh_tenant,
        title="Hooked recording",
        enable_on_demand_viewer_webhook=True,
        on_demand_viewer_webhook_url=hook,
    )
    conference_id = conference["id"]
    _, enter_url = bigmarker_register(http, fresh_tenant, conference_id, "hooked@example.test")
    store_mp4(settings, fresh_tenant, conference_id, tmp_path)
    headers = fresh_tenant.headers
    assert (
        http.get(
            f"{API}/conferences/{conference_id}/publish_recording", headers=headers
        ).status_code
        == 200
    )
    page = _path(
        http.get(f"{API}/conferences/{conference_id}", headers=headers).json()["recording_url"]
    )
    assert http.get(page, params={"token": _token(enter_url)}).status_code == 200

    async def hooks(session: AsyncSession) -> list[tuple[str | None, dict[str, Any]]]:
        event = await session.scalar(
            select(OutboxEvent).where(
                OutboxEvent.account_id == fresh_tenant.account_id,
                OutboxEvent.type == "recording.viewed",
            )
        )
        assert event is not None
        found = await bigmarker_hook_bodies(session, event, settings=settings)
        return [(row.url, body) for row, body in found]

    [(url, body)] = in_database(settings, hooks)
    report = http.get(
        f"{API}/reporting/conferences/on_demand_attendees/{conference_id}", headers=headers
    ).json()
    assert url == hook
    assert body == report["attendees"][0]
    assert (body["email"], body["watched"]) == ("hooked@example.test", "Yes")


def test_anyone_watches_when_the_conference_lets_everyone(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    conference = bigmarker_webinar(
        http,
        fresh_tenant,
        title="Open recording",
        registration_required_to_view_recording=False,
        who_can_watch_recording="everyone",
    )
    store_mp4(settings, fresh_tenant, conference["id"], tmp_path)
    headers = fresh_tenant.headers
    assert (
        http.get(
            f"{API}/conferences/{conference['id']}/publish_recording", headers=headers
        ).status_code
        == 200
    )
    page = _path(
        http.get(f"{API}/conferences/{conference['id']}", headers=headers).json()["recording_url"]
    )
    assert http.get(page).status_code == 200
    # Counted, but nobody to name: no on-demand attendee.
    views = http.get(f"{API}/conferences/{conference['id']}/recording_views", headers=headers)
    [view] = views.json()["recording_views"]
    assert view["bmid"] is None
    report = http.get(
        f"{API}/reporting/conferences/on_demand_attendees/{conference['id']}", headers=headers
    ).json()
    assert report["attendees"] == []


def test_a_registrant_of_another_webinar_is_refused(
    http: httpx.Client, settings: Settings, alice: Tenant, bob: Tenant, tmp_path: Path
) -> None:
    recorded = bigmarker_webinar(http, alice, title="Recorded for Alice")
    store_mp4(settings, alice, recorded["id"], tmp_path)
    assert (
        http.get(
            f"{API}/conferences/{recorded['id']}/publish_recording", headers=alice.headers
        ).status_code
        == 200
    )
    page = _path(
        http.get(f"{API}/conferences/{recorded['id']}", headers=alice.headers).json()[
            "recording_url"
        ]
    )
    other = bigmarker_webinar(http, bob, title="Bob's")
    _, enter_url = bigmarker_register(http, bob, other["id"], "bobs.viewer@example.test")
    refused = http.get(page, params={"token": _token(enter_url)})
    assert refused.status_code == 401
    assert "<video" not in refused.text
