"""Every kind of link the APIs hand out, opened in Chromium: each lands in the
room in its role. The links come from the real APIs (BigMarker, MyOwnConference,
Boomstream); the join form is filled in as a visitor would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import httpx
from playwright.sync_api import Browser, Page

from tests.conftest import Tenant
from tests.pages.conftest import screenshot
from tests.pages.helpers import (
    bigmarker_enter_uri,
    bigmarker_presenter,
    bigmarker_register,
    bigmarker_webinar,
    boomstream_code,
    boomstream_invite_link,
    email,
    local_path,
    moc_moderator_link,
    moc_participant,
    moc_webinar,
)
from webinarium.kit.ids import new_id

# How long the room page gets to connect and set <body data-role>.
ROLE_WAIT_MS = 15_000


def role_in_room(page: Page) -> str:
    """The role the room gives this page: ``<body data-role>``, which room.js
    sets from the snapshot's ``me.role`` once its socket is in."""
    page.wait_for_function("() => document.body.dataset.role", timeout=ROLE_WAIT_MS)
    role: str = page.evaluate("() => document.body.dataset.role")
    return role


@contextmanager
def visitor(browser: Browser, **options: str) -> Iterator[Page]:
    """A page of a browser context of its own: one person."""
    context = browser.new_context(**options)  # type: ignore[arg-type]
    try:
        yield context.new_page()
    finally:
        context.close()


def _open(page: Page, server_url: str, link: str) -> None:
    response = page.goto(server_url + local_path(link))
    assert response is not None, link
    assert response.status == 200, link


def test_every_link_lands_in_the_room_in_its_role(
    http: httpx.Client, server_url: str, alice: Tenant, browser: Browser
) -> None:
    title = f"Every link {new_id()}"
    webinar = bigmarker_webinar(http, alice, title=title)
    conference_url, enter_url = bigmarker_register(http, alice, webinar["id"], email())
    presenter = bigmarker_presenter(http, alice, webinar["id"])
    moderator = bigmarker_presenter(http, alice, webinar["id"], moderator=True)
    room = moc_webinar(http, alice)
    _, participant_link = moc_participant(http, alice, room["alias"])
    code = boomstream_code(http, alice, title)
    links = {
        "BigMarker conference_url": (conference_url, "attendee"),
        "BigMarker enter_url": (enter_url, "attendee"),
        "BigMarker presenter_url": (presenter["presenter_url"], "presenter"),
        "BigMarker presenter_url (is_moderator)": (moderator["presenter_url"], "moderator"),
        "BigMarker enter_uri": (bigmarker_enter_uri(http, alice, webinar["id"]), "attendee"),
        "MyOwnConference mainModeratorLink": (room["mainModeratorLink"], "moderator"),
        "MyOwnConference moderatorLink": (
            moc_moderator_link(http, alice, room["alias"]),
            "moderator",
        ),
        "MyOwnConference participant link": (participant_link, "attendee"),
        "Boomstream inviteLink (moderator)": (
            boomstream_invite_link(http, alice, code, moderator=True),
            "moderator",
        ),
        "Boomstream inviteLink": (
            boomstream_invite_link(http, alice, code, moderator=False),
            "attendee",
        ),
    }

    landed = {}
    for name, (link, _) in links.items():
        with visitor(browser) as page:
            _open(page, server_url, link)
            landed[name] = role_in_room(page)

    assert landed == {name: role for name, (_, role) in links.items()}


def test_the_join_form_of_webinar_link_leads_into_the_room(
    http: httpx.Client, server_url: str, alice: Tenant, browser: Browser
) -> None:
    room = moc_webinar(http, alice)

    with visitor(browser) as page:
        _open(page, server_url, room["webinarLink"])
        page.fill("input[name=first_name]", "Jo")
        page.fill("input[name=last_name]", "Inner")
        page.fill("input[name=email]", email("joiner"))
        screenshot(page, "join-form")
        page.click("button[type=submit]")
        # The confirmation page, then in by its "Enter now".
        page.wait_for_url("**/registered?token=*")
        page.get_by_role("link", name="Enter now").click()
        assert role_in_room(page) == "attendee"


def test_the_landing_page_shows_the_start_in_the_visitors_time_zone(
    http: httpx.Client, server_url: str, alice: Tenant, browser: Browser
) -> None:
    webinar = bigmarker_webinar(http, alice, starts_in=timedelta(days=3))
    bigmarker_presenter(http, alice, webinar["id"])
    start = datetime.strptime(webinar["start_time"][:16], "%Y-%m-%d %H:%M")
    in_tokyo = start + timedelta(hours=9)  # Asia/Tokyo: UTC+9, no summer time

    with visitor(browser, timezone_id="Asia/Tokyo", locale="en-GB") as page:
        _open(page, server_url, webinar["conference_address"])
        text = page.locator("time").first.inner_text()
        screenshot(page, "landing-page")

    assert f"{in_tokyo:%H:%M}" in text, text
    assert str(in_tokyo.day) in text, text
    assert "UTC" not in text, text
