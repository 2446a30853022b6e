"""BigMarker's admin URL opened in Chromium: the admin lands in the room as a
host (a moderator), the channel admin too; the same link opened again is a
clear "used" page. The transcript link opens, without an API key, a page
showing what the host wrote in the room's chat."""

from __future__ import annotations

import httpx
from playwright.sync_api import Browser, expect

from tests.conftest import Tenant
from tests.pages.conftest import screenshot
from tests.pages.helpers import bigmarker_presenter, bigmarker_webinar, email, local_path
from tests.pages.test_links_in_browser import role_in_room, visitor


def _channel_admin(http: httpx.Client, tenant: Tenant) -> str:
    response = http.post(
        "/api/v1/channel_admins",
        headers=tenant.headers,
        json={"channel_id": tenant.channel_id, "email": email("admin"), "first_name": "Chan"},
    )
    assert response.status_code == 200, response.text
    admin: str = response.json()["bmid"]
    return admin


def test_an_admin_url_lets_the_admin_in_as_host_once(
    http: httpx.Client, server_url: str, alice: Tenant, browser: Browser
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Admin link")
    moderator = bigmarker_presenter(http, alice, webinar["id"], moderator=True)
    admins = {"moderator": moderator["member_id"], "channel-admin": _channel_admin(http, alice)}
    for name, bmid in admins.items():
        response = http.get(
            f"/api/v1/conferences/{webinar['id']}/admin_url",
            headers=alice.headers,
            params={"bmid": bmid},
        )
        assert response.status_code == 200, response.text
        link = server_url + local_path(response.json()["admin_url"])
        with visitor(browser, viewport={"width": 1100, "height": 750}) as page:  # type: ignore[arg-type]
            opened = page.goto(link)
            assert opened is not None
            assert opened.status == 200
            assert role_in_room(page) == "moderator"
            expect(page.locator("body")).to_have_attribute("data-role", "moderator")
            screenshot(page, f"admin-link-{name}")
            again = page.goto(link)
            assert again is not None
            assert again.status == 410
            expect(page.locator("h1")).to_have_text("This link has been used")
            screenshot(page, f"admin-link-{name}-used")


def test_the_transcript_link_shows_what_was_said(
    http: httpx.Client, server_url: str, alice: Tenant, browser: Browser
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Transcript link")
    moderator = bigmarker_presenter(http, alice, webinar["id"], moderator=True)
    admin = http.get(
        f"/api/v1/conferences/{webinar['id']}/admin_url",
        headers=alice.headers,
        params={"bmid": moderator["member_id"]},
    ).json()["admin_url"]
    transcript = http.get(
        f"/api/v1/conferences/{webinar['id']}/transcript",
        headers=alice.headers,
        params={"bmid": moderator["member_id"]},
    ).json()["transcript_url"]
    with visitor(browser, viewport={"width": 1100, "height": 750}) as page:  # type: ignore[arg-type]
        page.goto(server_url + local_path(admin))
        page.get_by_role("button", name="Start webinar").click()
        page.locator("#chat-text").fill("Welcome <b>all</b> & hello")
        page.locator("#chat-send").click()
        expect(page.locator("#chat-text")).to_have_value("")
        expect(page.locator(".panel.chat")).to_contain_text("Welcome <b>all</b> & hello")
        # No API key in this browser: the link alone opens the transcript.
        page.goto(server_url + local_path(transcript))
        expect(page.locator("h1")).to_have_text("Transcript link")
        chat = page.locator(".transcript-chat li")
        expect(chat).to_have_count(1)
        expect(chat.first).to_contain_text("Pres Enter")
        expect(chat.first).to_contain_text("Welcome <b>all</b> & hello")
        screenshot(page, "transcript-link")
