"""A real MP4 stored through `recordings.service.store_recording`, then read,
published, unpublished and deleted through BigMarker and MyOwnConference, as
their documents (tests/reference/) write the calls and answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.api.myownconference.helpers import alias_of, error, ok
from tests.conftest import Tenant, in_database
from tests.recordings.helpers import mp4_bytes, store_mp4
from webinarium.models import OutboxEvent, Recording
from webinarium.settings import Settings

API = "/api/v1/conferences"


def _get(http: httpx.Client, tenant: Tenant, path: str) -> httpx.Response:
    return http.get(f"{API}/{path}", headers=tenant.headers)


def _recorded(http: httpx.Client, settings: Settings, tenant: Tenant, tmp_path: Path) -> str:
    conference_id = str(create_conference(http, tenant, title="Recorded")["id"])
    store_mp4(settings, tenant, conference_id, tmp_path)
    return conference_id


def _events(settings: Settings, tenant: Tenant, event_type: str) -> list[dict[str, Any]]:
    async def read(session: AsyncSession) -> list[dict[str, Any]]:
        rows = await session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.account_id == tenant.account_id, OutboxEvent.type == event_type)
            # In commit order: PostgreSQL returns updated rows in any order.
            .order_by(OutboxEvent.sequence)
        )
        return [r.payload for r in rows]

    return in_database(settings, read)


def test_a_stored_mp4_is_a_ready_recording_with_its_duration_and_size(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    conference_id = _recorded(http, settings, fresh_tenant, tmp_path)

    async def read(session: AsyncSession) -> Recording:
        row = await session.scalar(
            select(Recording).where(Recording.conference_id == conference_id)
        )
        assert row is not None
        return row

    recording = in_database(settings, read)
    assert (recording.status, recording.duration_seconds) == ("ready", 3)
    assert recording.size_bytes == len(mp4_bytes())
    assert recording.file_url == f"{settings.base_url}/files/{recording.file_id}"
    # The stored file is the MP4, byte for byte.
    served = http.get(f"/files/{recording.file_id}")
    assert (served.status_code, served.content) == (200, mp4_bytes())
    assert served.headers["content-type"] == "video/mp4"
    [ready] = _events(settings, fresh_tenant, "recording.ready")
    assert ready == {
        "recording_id": recording.id,
        "conference_id": conference_id,
        "duration_seconds": 3,
        "size_bytes": len(mp4_bytes()),
        "file_url": recording.file_url,
    }
    shown = _get(http, fresh_tenant, conference_id).json()
    assert shown["recorded"] is True


def test_bigmarker_recording_status_publish_and_unpublish(
    http: httpx.Client,
    settings: Settings,
    alice: Tenant,
    tmp_path: Path,
    bigmarker_operations: dict[str, dict[str, Any]],
) -> None:
    conference_id = _recorded(http, settings, alice, tmp_path)
    address = _get(http, alice, conference_id).json()["conference_address"]

    status = _get(http, alice, f"{conference_id}/recording")
    assert status.status_code == 200, status.text
    assert status.json() == {"published": False, "download_ready": True, "conference_url": address}

    shown = _get(http, alice, conference_id).json()
    assert shown["is_recording_published"] is False
    assert (shown["last_publish_time"], shown["last_unpublish_time"]) == (None, None)
    assert (shown["auto_publish_time"], shown["auto_unpublish_time"]) == (None, None)
    assert shown["recording_url"] == f"{address}/recording"
    assert f'src="{address}/recording"' in shown["recording_iframe"]

    published = _get(http, alice, f"{conference_id}/publish_recording")
    assert published.status_code == 200, published.text
    assert published.json() == {"published_status": "Your recording is now published."}
    again = _get(http, alice, f"{conference_id}/publish_recording")
    assert (again.status_code, again.json()) == (
        401,
        documented_error(bigmarker_operations["conferences_publish_recording"], 401, "already"),
    )
    assert _get(http, alice, f"{conference_id}/recording").json()["published"] is True
    shown = _get(http, alice, conference_id).json()
    assert shown["is_recording_published"] is True
    assert shown["last_publish_time"] is not None
    assert shown["last_unpublish_time"] is None

    unpublished = _get(http, alice, f"{conference_id}/unpublish_recording")
    assert unpublished.status_code == 200, unpublished.text
    assert unpublished.json() == {"published_status": "Your recording is now unpublished."}
    again = _get(http, alice, f"{conference_id}/unpublish_recording")
    assert (again.status_code, again.json()) == (
        401,
        documented_error(bigmarker_operations["conferences_unpublish_recording"], 401, "already"),
    )
    shown = _get(http, alice, conference_id).json()
    assert shown["is_recording_published"] is False
    assert shown["last_unpublish_time"] is not None

    # Each publication is a recording.published (a refused one none); only
    # the first is the first time.
    assert _get(http, alice, f"{conference_id}/publish_recording").status_code == 200
    published_events = [
        e
        for e in _events(settings, alice, "recording.published")
        if e["conference_id"] == conference_id
    ]
    assert [e["first_time"] for e in published_events] == [True, False]
    assert len({e["recording_id"] for e in published_events}) == 1
    assert published_events[0]["published_at"] < published_events[1]["published_at"]
    assert set(published_events[0]) == {
        "recording_id",
        "conference_id",
        "published_at",
        "first_time",
    }


def test_bigmarker_recording_views_of_a_recording_nobody_watched(
    http: httpx.Client,
    settings: Settings,
    alice: Tenant,
    tmp_path: Path,
) -> None:
    conference_id = _recorded(http, settings, alice, tmp_path)
    views = _get(http, alice, f"{conference_id}/recording_views")
    assert (views.status_code, views.json()) == (200, {"recording_views": []})


def test_bigmarker_a_conference_without_a_recording_has_the_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, dict[str, Any]]
) -> None:
    conference_id = create_conference(http, alice, title="Never recorded")["id"]
    no_recordings = documented_error(bigmarker_operations["conferences_recording_views"], 404)
    for path in ("recording", "publish_recording", "unpublish_recording", "recording_views"):
        answer = _get(http, alice, f"{conference_id}/{path}")
        assert (answer.status_code, answer.json()) == (404, no_recordings), path
    shown = _get(http, alice, conference_id).json()
    assert (shown["recorded"], shown["is_recording_published"]) == (False, False)
    assert "recording_url" not in shown
    assert "recording_iframe" not in shown


@pytest.mark.parametrize(
    "path", ["recording", "publish_recording", "unpublish_recording", "recording_views"]
)
def test_bigmarker_another_account_can_neither_see_nor_publish_the_recording(
    http: httpx.Client,
    settings: Settings,
    alice: Tenant,
    bob: Tenant,
    tmp_path: Path,
    path: str,
) -> None:
    conference_id = _recorded(http, settings, alice, tmp_path)
    refused = _get(http, bob, f"{conference_id}/{path}")
    assert refused.status_code == 404, refused.text
    assert conference_id not in refused.text
    assert _get(http, alice, f"{conference_id}/recording").json()["published"] is False


def test_myownconference_lists_counts_and_deletes_the_stored_recording(
    http: httpx.Client, settings: Settings, alice: Tenant, bob: Tenant, tmp_path: Path
) -> None:
    conference_id = _recorded(http, settings, alice, tmp_path)
    alias = alias_of(settings, conference_id)
    [row] = ok(http, alice, "webinarsRecordsList", {"alias": alias})
    assert set(row) == {
        "id",
        "name",
        "status",
        "added",
        "size",
        "duration",
        "link",
        "download_link",
    }
    assert (row["name"], row["status"]) == ("Recorded", "ready")
    assert (row["size"], row["duration"]) == (str(len(mp4_bytes())), "3")
    assert http.get(row["download_link"].removeprefix(settings.base_url)).content == mp4_bytes()
    assert ok(http, alice, "webinarsGetInfo", {"alias": alias})["records"] == "1"

    assert "not found" in error(http, bob, "webinarsRecordDelete", {"id": row["id"]})
    assert ok(http, alice, "webinarsRecordDelete", {"id": row["id"]}) == {
        "success": "Record deleted"
    }
    assert ok(http, alice, "webinarsRecordsList", {"alias": alias}) == []
    assert ok(http, alice, "webinarsGetInfo", {"alias": alias})["records"] == "0"
    # The stored MP4 went with it.
    assert http.get(row["download_link"].removeprefix(settings.base_url)).status_code == 404
