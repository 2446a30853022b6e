"""A poll in the room page, in Debian's Chromium: created and opened through
BigMarker's API (``POST /polls``, ``PUT /polls`` with ``action``), voted on by
an attendee, its results live for the host and, as the poll shows them, for the
attendee; closed from the host's page."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.conftest import create_tenant
from tests.pages.conftest import screenshot
from tests.pages.test_room_in_browser import (
    PHONE,
    People,
    _beside_the_browser,
    _host_link,
    _registrant_link,
    people,  # noqa: F401  (the fixture: tests ask for it by name)
)
from tests.room.helpers import make_room
from webinarium.settings import Settings

API = "/api/v1/polls"


def _poll_card(page: Page, question: str) -> Any:
    return page.locator(".poll").filter(has_text=question)


def _result(card: Any, choice: str) -> Any:
    return card.locator(".poll-result").filter(has_text=choice).locator(".poll-result-votes")


def test_a_poll_opened_through_the_api_is_voted_on_and_its_results_appear(
    http: httpx.Client,
    settings: Settings,
    people: People,  # noqa: F811  (the fixture imported above)
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Polling Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    created = http.post(
        API,
        headers=tenant.headers,
        json={
            "conference_id": conference_id,
            "question": "Which colour for the new logo?",
            "choices": ["Red", "Green", "Blue"],
        },
    )
    assert created.status_code == 200, created.text
    poll_id = created.json()["id"]
    hidden = http.post(
        API,
        headers=tenant.headers,
        json={
            "conference_id": conference_id,
            "question": "Would you recommend us?",
            "selection_method": "multi",
            "choices": ["To a friend", "To a colleague", "Not yet"],
            "attendee_can_view_poll_results": False,
        },
    )
    assert hidden.status_code == 200, hidden.text

    host = people.open(_host_link(http, tenant, conference_id))
    ann = people.open(_registrant_link(http, tenant, conference_id, "Ann"), viewport=PHONE)
    expect(ann.locator("body")).to_have_attribute("data-role", "attendee")
    host.get_by_role("button", name="Start webinar").click()
    for page in (host, ann):
        expect(page.locator("body")).to_have_attribute("data-status", "live")

    # The host lists the webinar's polls, none open; the attendee sees none.
    colours = _poll_card(host, "Which colour for the new logo?")
    expect(colours.get_by_role("button", name="Open poll")).to_be_visible()
    expect(colours.locator(".tag")).to_have_text("not opened yet")
    expect(ann.locator("#polls-panel")).to_be_hidden()

    opened = http.put(API, headers=tenant.headers, json={"action": "open", "poll_ids": poll_id})
    assert opened.status_code == 200, opened.text

    card = _poll_card(ann, "Which colour for the new logo?")
    expect(card.get_by_role("radio")).to_have_count(3)
    card.get_by_label("Green").check()
    card.get_by_role("button", name="Vote").click()
    expect(card.locator(".poll-thanks")).to_have_text("Thanks for voting!")
    expect(card.get_by_role("button", name="Vote")).to_have_count(0)
    # Shown to attendees (the conference's default): bars with the counts.
    expect(_result(card, "Green")).to_have_text("1 vote")
    expect(_result(card, "Red")).to_have_text("0 votes")
    expect(_result(colours, "Green")).to_have_text("1 vote")
    expect(colours.locator(".poll-voters")).to_have_text("1 person has voted")
    expect(colours.get_by_role("button", name="Close poll")).to_be_visible()

    # Opened from the host's page; its results reach the host only.
    recommend = _poll_card(host, "Would you recommend us?")
    recommend.get_by_role("button", name="Open poll").click()
    ann_recommend = _poll_card(ann, "Would you recommend us?")
    expect(ann_recommend.get_by_role("checkbox")).to_have_count(3)
    ann_recommend.get_by_label("To a friend").check()
    ann_recommend.get_by_label("To a colleague").check()
    ann_recommend.get_by_role("button", name="Vote").click()
    expect(ann_recommend.locator(".poll-thanks")).to_have_text("Thanks for voting!")
    expect(_result(recommend, "To a colleague")).to_have_text("1 vote")
    expect(_result(recommend, "Not yet")).to_have_text("0 votes")
    expect(ann_recommend.locator(".poll-results")).to_have_count(0)
    screenshot(host, "room-poll")
    screenshot(ann, "room-poll-phone")

    # Closed by the host: the attendee keeps the shown poll's final results,
    # and the other poll leaves her page.
    colours.get_by_role("button", name="Close poll").click()
    expect(card.locator(".tag")).to_have_text("closed")
    expect(_result(card, "Green")).to_have_text("1 vote")
    expect(colours.get_by_role("button", name="Reopen poll")).to_be_visible()
    recommend.get_by_role("button", name="Close poll").click()
    expect(ann_recommend).to_have_count(0)
    assert people.dialogs == []
