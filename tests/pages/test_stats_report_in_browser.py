"""The statistics report's page (BigMarker's Download Statistics Report link,
``.html``) in Debian's Chromium: opened without an API key, it shows the
webinar's figures and a row per attendee."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.pages.conftest import screenshot
from tests.room.helpers import make_room, register_someone
from webinarium.kit.time import utcnow
from webinarium.models import Visit
from webinarium.settings import Settings

API = "/api/v1"
EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"
)


@pytest.fixture(scope="module")
def report(settings: Settings, alice: Tenant, http: httpx.Client) -> dict[str, Any]:
    """An ended webinar Ann stayed in for ten minutes (on Edge); its report's
    page. For the module, so it writes the database before the browser starts."""
    room = make_room(settings, alice, starts_in=timedelta(hours=-2))
    ann = register_someone(settings, alice, room, "Ann")
    entered = utcnow() - timedelta(hours=2)

    async def stay(session: AsyncSession) -> None:
        session.add(
            Visit(
                account_id=alice.account_id,
                conference_id=room,
                person_id=ann.person_id,
                member_id=ann.person_id,
                role="attendee",
                name="Ann Tester",
                entered_at=entered,
                left_at=entered + timedelta(minutes=10),
                user_agent=EDGE,
            )
        )

    in_database(settings, stay)
    admin = http.post(
        f"{API}/channel_admins",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "email": f"report-admin-{room}@example.test"},
    ).json()
    link = http.get(
        f"{API}/conferences/{room}/stats", headers=alice.headers, params={"bmid": admin["bmid"]}
    ).json()["report_url"]
    return {"path": urlsplit(link).path.removesuffix(".csv") + ".html"}


def test_the_report_page_shows_the_figures_and_the_attendees(
    report: dict[str, Any], server_url: str, browser: Browser
) -> None:
    page = browser.new_page()
    page.goto(server_url + report["path"])
    expect(page.locator("h1")).to_have_text("Room test")
    expect(page.locator("dd").nth(1)).to_have_text("1")  # registrants
    expect(page.locator("dd").nth(2)).to_have_text("1")  # attendees
    expect(page.locator("dd").nth(3)).to_have_text("10")  # live minutes
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("Ann")
    expect(row.locator("td").nth(5)).to_have_text("600")
    expect(row.locator("td").last).to_have_text("desktop")
    expect(page.locator("th").nth(15)).to_have_text("browser_name")
    expect(row.locator("td").nth(15)).to_have_text("Edge")
    screenshot(page, "stats_report")
    page.close()
