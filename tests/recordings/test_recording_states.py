"""A recording while its MP4 is made (processing) and when making it failed,
as each interface shows it: BigMarker's recording status ("If recording is
still processing": ``recording_status`` "Processing"), MyOwnConference's list
("ready or wait"; failed has no word there: left out), the on-demand page
(being prepared) and the console's Recording panel. The rows are made as the
recording job makes them (tests/media/test_recording.py runs the job itself)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import documented_error
from tests.api.myownconference.helpers import alias_of, error, ok
from tests.conftest import Tenant, in_database
from tests.console.helpers import console_client, submit
from tests.pages.helpers import bigmarker_webinar, local_path
from tests.recordings.helpers import (
    add_processing_recording,
    fail_processing_recording,
    mp4_bytes,
    store_mp4,
)
from webinarium.models import OutboxEvent, Recording, RecordingSession
from webinarium.settings import Settings

API = "/api/v1/conferences"
STILL_PROCESSING = {"error": "This recording is still processing."}


def _get(http: httpx.Client, tenant: Tenant, path: str) -> httpx.Response:
    return http.get(f"{API}/{path}", headers=tenant.headers)


def _ended_webinar(http: httpx.Client, tenant: Tenant) -> tuple[str, str, str]:
    """An ended webinar anyone may watch: its id, address and on-demand page's path."""
    webinar = bigmarker_webinar(
        http,
        tenant,
        title="Being made",
        starts_in=timedelta(hours=-3),
        registration_required_to_view_recording=False,
        who_can_watch_recording="everyone",
    )
    address = str(webinar["conference_address"])
    return str(webinar["id"]), address, f"{local_path(address)}/recording"


def _ready_events(settings: Settings, tenant: Tenant, conference_id: str) -> list[dict[str, Any]]:
    async def read(session: AsyncSession) -> list[dict[str, Any]]:
        rows = await session.scalars(
            select(OutboxEvent).where(
                OutboxEvent.account_id == tenant.account_id,
                OutboxEvent.type == "recording.ready",
            )
        )
        return [r.payload for r in rows if r.payload["conference_id"] == conference_id]

    return in_database(settings, read)


def _rows(settings: Settings, conference_id: str) -> list[tuple[str, str]]:
    async def read(session: AsyncSession) -> list[tuple[str, str]]:
        rows = await session.scalars(
            select(Recording)
            .where(Recording.conference_id == conference_id)
            .order_by(Recording.created_at)
        )
        return [(r.id, r.status) for r in rows]

    return in_database(settings, read)


def test_a_processing_recording_is_shown_processing_then_the_same_one_ready(
    http: httpx.Client,
    server_url: str,
    settings: Settings,
    fresh_tenant: Tenant,
    tmp_path: Path,
    bigmarker_operations: dict[str, dict[str, Any]],
) -> None:
    tenant = fresh_tenant
    conference_id, address, page = _ended_webinar(http, tenant)
    alias = alias_of(settings, conference_id)
    processing_id = add_processing_recording(settings, tenant, conference_id)

    # BigMarker: the document's "still processing" answer; publishing refused.
    status = _get(http, tenant, f"{conference_id}/recording")
    assert status.status_code == 200, status.text
    assert status.json() == {
        "published": False,
        "download_ready": False,
        "conference_url": address,
        "recording_status": "Processing",
    }
    for change in ("publish_recording", "unpublish_recording"):
        refused = _get(http, tenant, f"{conference_id}/{change}")
        assert (refused.status_code, refused.json()) == (401, STILL_PROCESSING), change
    views = _get(http, tenant, f"{conference_id}/recording_views")
    assert (views.status_code, views.json()) == (
        404,
        documented_error(bigmarker_operations["conferences_recording_views"], 404),
    )
    # Show Conference: a recording is not "available" until it is ready.
    shown = _get(http, tenant, conference_id).json()
    assert (shown["recorded"], shown["is_recording_published"]) == (False, False)
    assert "recording_url" not in shown

    # MyOwnConference: listed as "wait", with nothing to download yet; counted;
    # not deleted under the job's feet.
    [row] = ok(http, tenant, "webinarsRecordsList", {"alias": alias})
    assert row["id"] == processing_id
    assert (row["status"], row["name"], row["size"], row["duration"]) == (
        "wait",
        "Being made",
        "0",
        "0",
    )
    assert (row["link"], row["download_link"]) == ("", "")
    assert ok(http, tenant, "webinarsGetInfo", {"alias": alias})["records"] == "1"
    assert "still processing" in error(http, tenant, "webinarsRecordDelete", {"id": processing_id})

    # The on-demand page: being prepared, come back (not a 404).
    preparing = http.get(page)
    assert preparing.status_code == 503
    assert preparing.headers["retry-after"] == "30"
    assert "The recording is being prepared" in preparing.text
    assert "<video" not in preparing.text
    # The console: processing…, and publishing refused as a page.
    overview_path = f"/console/webinars/{conference_id}"
    with console_client(server_url, tenant) as console:
        assert "The recording is processing…" in console.get(overview_path).text
        refused = submit(console, f"{overview_path}/recording/publish", {})
    # As every page shows this refusal: unavailable for now (503).
    assert refused.status_code == 503
    assert "still processing" in refused.text
    assert _ready_events(settings, tenant, conference_id) == []

    # The job makes the same row ready: one recording, one recording.ready.
    assert store_mp4(settings, tenant, conference_id, tmp_path, processing_id=processing_id) == (
        processing_id
    )
    assert _rows(settings, conference_id) == [(processing_id, "ready")]
    [ready] = _ready_events(settings, tenant, conference_id)
    assert (ready["recording_id"], ready["size_bytes"]) == (processing_id, len(mp4_bytes()))
    status = _get(http, tenant, f"{conference_id}/recording")
    assert status.json() == {"published": False, "download_ready": True, "conference_url": address}
    [row] = ok(http, tenant, "webinarsRecordsList", {"alias": alias})
    assert (row["id"], row["status"], row["duration"]) == (processing_id, "ready", "3")
    assert http.get(row["download_link"].removeprefix(settings.base_url)).content == mp4_bytes()
    published = _get(http, tenant, f"{conference_id}/publish_recording")
    assert published.json() == {"published_status": "Your recording is now published."}
    assert http.get(page).status_code == 200
    assert _get(http, tenant, conference_id).json()["recorded"] is True


def test_a_newer_recording_processing_leaves_the_ready_one_published_and_watched(
    http: httpx.Client,
    server_url: str,
    settings: Settings,
    fresh_tenant: Tenant,
    tmp_path: Path,
) -> None:
    tenant = fresh_tenant
    conference_id, address, page = _ended_webinar(http, tenant)
    ready_id = store_mp4(settings, tenant, conference_id, tmp_path)
    assert _get(http, tenant, f"{conference_id}/publish_recording").status_code == 200
    processing_id = add_processing_recording(settings, tenant, conference_id)

    status = _get(http, tenant, f"{conference_id}/recording").json()
    assert status == {"published": True, "download_ready": True, "conference_url": address}
    assert http.get(page).status_code == 200
    listed = ok(http, tenant, "webinarsRecordsList", {"alias": alias_of(settings, conference_id)})
    assert [(r["id"], r["status"]) for r in listed] == [
        (ready_id, "ready"),
        (processing_id, "wait"),
    ]
    with console_client(server_url, tenant) as console:
        overview = console.get(f"/console/webinars/{conference_id}").text
    assert "A new recording is processing…" in overview
    assert "Published: <a href=" in overview


def test_a_failed_recording_is_left_out_where_the_documents_have_no_such_state(
    http: httpx.Client,
    server_url: str,
    settings: Settings,
    fresh_tenant: Tenant,
    bigmarker_operations: dict[str, dict[str, Any]],
) -> None:
    tenant = fresh_tenant
    conference_id, _, page = _ended_webinar(http, tenant)
    alias = alias_of(settings, conference_id)
    recording_id = add_processing_recording(settings, tenant, conference_id)
    reason = "ffmpeg failed (1): moov atom not found"

    async def stopped_session(session: AsyncSession) -> None:
        # The session whose MP4 could not be made keeps why (media/recording.py).
        session.add(
            RecordingSession(
                account_id=tenant.account_id,
                conference_id=conference_id,
                status="failed",
                recording_id=recording_id,
                error=reason,
            )
        )

    in_database(settings, stopped_session)
    with console_client(server_url, tenant) as console:
        overview = console.get(f"/console/webinars/{conference_id}").text
        assert "The recording is processing…" in overview
        fail_processing_recording(settings, tenant, recording_id)
        overview = console.get(f"/console/webinars/{conference_id}").text
    assert f"Making the recording failed: {reason}." in overview
    assert "No recording yet." not in overview

    assert _rows(settings, conference_id) == [(recording_id, "failed")]
    no_recordings = documented_error(bigmarker_operations["conferences_recording_views"], 404)
    for path in ("recording", "publish_recording", "recording_views"):
        answer = _get(http, tenant, f"{conference_id}/{path}")
        assert (answer.status_code, answer.json()) == (404, no_recordings), path
    assert ok(http, tenant, "webinarsRecordsList", {"alias": alias}) == []
    assert ok(http, tenant, "webinarsGetInfo", {"alias": alias})["records"] == "0"
    assert http.get(page).status_code == 404
    assert _ready_events(settings, tenant, conference_id) == []
