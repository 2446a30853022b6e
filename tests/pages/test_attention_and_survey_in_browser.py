"""The attendance monitor and the survey on the room page, in Debian's
Chromium: an attendee is asked "Are you still there?" and answers; when the
host ends the webinar the attendee gets the survey, answers it, and only then
goes on to the exit address; the answers are stored."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import create_tenant
from tests.pages.conftest import screenshot
from tests.pages.test_room_in_browser import (
    PHONE,
    People,
    _beside_the_browser,
    _host_link,
    _registrant_link,
)
from tests.room.conftest import RoomServer
from tests.room.helpers import WAIT, make_room
from webinarium.settings import Settings

NATIVE = "/api/webinarium/v1"
# A minute of the monitor lasts 3 s here; the answer time (600 s) 30 s.
TIMERS = {"room_attention_poll_seconds": 0.1, "room_attention_time_scale": 0.05}


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings, **TIMERS).start()
    yield server
    server.stop()


@pytest.fixture
def people(server: RoomServer, browser: Browser) -> Iterator[People]:
    opened = People(browser, server.url)
    yield opened
    opened.close()


def _answered(http: httpx.Client, headers: dict[str, str], conference_id: str) -> list[Any]:
    """Ann's answered checks, once there is one (asked again until then)."""
    deadline = time.monotonic() + WAIT
    while True:
        response = http.get(
            f"{NATIVE}/conferences/{conference_id}/attendance-monitor/checks", headers=headers
        )
        assert response.status_code == 200, response.text
        answered = [a for a in response.json()["asked"] if a["state"] == "answered"]
        if answered or time.monotonic() > deadline:
            return answered
        time.sleep(0.1)


def test_an_attendee_answers_the_check_and_the_survey_at_the_end(
    http: httpx.Client, settings: Settings, server: RoomServer, people: People
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Attentive Events")
    exit_address = f"{server.url}/"
    conference_id = _beside_the_browser(
        make_room,
        settings,
        tenant,
        attendance_monitor=True,
        attendance_monitor_interval_minutes=1,
        attendance_monitor_answer_seconds=600,
        exit_url=exit_address,
    )
    survey = http.put(
        f"{NATIVE}/conferences/{conference_id}/survey",
        headers=tenant.headers,
        json={
            "questions": [
                {"text": "How was the webinar?", "kind": "rating"},
                {"text": "What did you like most?", "kind": "single", "choices": ["Demo", "Q&A"]},
                {"text": "Anything to tell the presenters?"},
            ]
        },
    )
    assert survey.status_code == 200, survey.text

    host = people.open(_host_link(http, tenant, conference_id))
    ann = people.open(_registrant_link(http, tenant, conference_id, "Ann"), viewport=PHONE)
    expect(ann.locator("body")).to_have_attribute("data-role", "attendee")
    host.get_by_role("button", name="Start webinar").click()
    expect(ann.locator("body")).to_have_attribute("data-status", "live")

    check = ann.get_by_role("dialog", name="Are you still there?")
    expect(check).to_be_visible()
    expect(ann.locator("#attention-left")).to_contain_text("seconds left")
    expect(ann.get_by_role("button", name="I'm here")).to_be_focused()
    screenshot(ann, "room-attention")
    ann.get_by_role("button", name="I'm here").click()
    expect(check).to_be_hidden()
    answered = _answered(http, tenant.headers, conference_id)
    assert answered, "Ann's answer was not stored"
    assert answered[0]["first_name"] == "Ann"
    # The staff are never asked.
    expect(host.locator("#attention")).to_be_hidden()

    host.get_by_role("button", name="End webinar").click()
    expect(ann.locator("body")).to_have_attribute("data-status", "ended")
    form = ann.locator("#survey")
    expect(form).to_be_visible()
    expect(host.locator("#survey")).to_be_hidden()
    # The exit address waits for the survey.
    assert "token=" in ann.url
    ann.get_by_role("group", name="1. How was the webinar?").get_by_label("4").check()
    ann.get_by_label("Q&A").check()
    ann.get_by_label("Anything to tell the presenters?").fill("More <b>demos</b>, please")
    screenshot(ann, "room-survey")
    ann.get_by_role("button", name="Send answers").click()
    expect(ann.locator("#survey-thanks")).to_be_visible()
    ann.wait_for_url(exit_address, timeout=WAIT * 1000)

    stored = http.get(
        f"{NATIVE}/conferences/{conference_id}/survey/answers", headers=tenant.headers
    )
    assert stored.status_code == 200, stored.text
    values = [a["value"] for a in stored.json()["answers"]]
    assert values == ["4", "Q&A", "More <b>demos</b>, please"]
    assert people.dialogs == [("confirm", people.dialogs[0][1])]
