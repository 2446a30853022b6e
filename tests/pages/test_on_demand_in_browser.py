"""The on-demand page in Chromium: a registrant's link plays the recording,
and the seconds it played reach their view when the page goes (the beacon on
pagehide), before any periodic report is due."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Browser
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.pages.helpers import bigmarker_register, bigmarker_webinar, local_path
from tests.recordings.helpers import store_mp4
from webinarium.models import RecordingView
from webinarium.pages.recording import REPORT_SECONDS
from webinarium.settings import Settings

# Longer than the test plays it: the video's end is no report.
VIDEO_SECONDS = 20
PLAYED_SECONDS = 2
WAIT_S = 20


@pytest.fixture(scope="module")
def watching(
    http: httpx.Client,
    settings: Settings,
    alice: Tenant,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[str, str]:
    """A registrant's on-demand link (path and query) to a published recording,
    and their registration's id. Made before the browser starts (see
    tests/pages/conftest.py's ``browser``)."""
    webinar = bigmarker_webinar(http, alice, title="Played", starts_in=timedelta(hours=-3))
    conference_id = str(webinar["id"])
    store_mp4(settings, alice, conference_id, tmp_path_factory.mktemp("mp4"), seconds=VIDEO_SECONDS)
    published = http.get(f"/api/v1/conferences/{conference_id}/publish_recording",
                         headers=alice.headers)  # fmt: skip
    assert published.status_code == 200, published.text
    _, enter_url = bigmarker_register(http, alice, conference_id, "player@example.test")
    token = httpx.URL(enter_url).params["token"]
    page = f"{local_path(str(webinar['conference_address']))}/recording?token={token}"
    return page, conference_id


def _watched(settings: Settings, conference_id: str) -> list[int]:
    """The conference's views' watched seconds, read on a thread of its own
    (Playwright's event loop holds this one)."""

    async def read(session: AsyncSession) -> list[int]:
        rows = await session.scalars(
            select(RecordingView.watched_seconds).where(
                RecordingView.conference_id == conference_id
            )
        )
        return list(rows)

    found: list[list[int]] = []
    reader = threading.Thread(target=lambda: found.append(in_database(settings, read)))
    reader.start()
    reader.join()
    return found[0]


def test_the_page_plays_the_recording_and_reports_the_seconds_as_it_goes(
    watching: tuple[str, str], server_url: str, settings: Settings, browser: Browser
) -> None:
    path, conference_id = watching
    assert PLAYED_SECONDS + 5 < REPORT_SECONDS  # no periodic report before the page goes
    context = browser.new_context()
    try:
        page = context.new_page()
        opened = page.goto(server_url + path)
        assert opened is not None
        assert opened.status == 200
        # Muted: a browser plays a muted video without a user's gesture.
        page.evaluate("() => { const v = document.getElementById('recording');"
                      " v.muted = true; return v.play(); }")  # fmt: skip
        page.wait_for_function(
            f"() => document.getElementById('recording').currentTime >= {PLAYED_SECONDS}",
            timeout=WAIT_S * 1000,
        )
        assert page.evaluate("() => document.getElementById('recording').paused") is False
        assert _watched(settings, conference_id) == [0]
        page.goto("about:blank")  # pagehide: the beacon
    finally:
        context.close()

    deadline = time.monotonic() + WAIT_S
    while (seconds := _watched(settings, conference_id)) == [0]:
        assert time.monotonic() < deadline, "no watched seconds arrived"
        time.sleep(0.2)
    [watched] = seconds
    # What played before the page went: at least what was waited for, and
    # not the whole video.
    assert PLAYED_SECONDS <= watched < VIDEO_SECONDS, watched
