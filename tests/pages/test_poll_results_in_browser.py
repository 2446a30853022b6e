"""Score and short-answer polls' results in the room page, in Debian's
Chromium: the attendee votes, and the host's card (and the attendee's, as the
poll shows results) shows the average with a bar per score, or the answers."""

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


def _poll(http: httpx.Client, headers: dict[str, str], **body: Any) -> str:
    created = http.post(API, headers=headers, json={"choices": [], **body})
    assert created.status_code == 200, created.text
    poll_id: str = created.json()["id"]
    opened = http.put(API, headers=headers, json={"action": "open", "poll_ids": poll_id})
    assert opened.status_code == 200, opened.text
    return poll_id


def _card(page: Page, question: str) -> Any:
    return page.locator(".poll").filter(has_text=question)


def test_score_and_short_answer_results_appear(
    http: httpx.Client,
    settings: Settings,
    people: People,  # noqa: F811  (the fixture imported above)
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Scoring Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    host = people.open(_host_link(http, tenant, conference_id))
    ann = people.open(_registrant_link(http, tenant, conference_id, "Ann"), viewport=PHONE)
    host.get_by_role("button", name="Start webinar").click()
    for page in (host, ann):
        expect(page.locator("body")).to_have_attribute("data-status", "live")
    rate, word = "How useful was this, 1 to 10?", "One word for the talk?"
    _poll(
        http, tenant.headers, conference_id=conference_id, question=rate, selection_method="score"
    )
    _poll(
        http,
        tenant.headers,
        conference_id=conference_id,
        question=word,
        selection_method="short_answer",
        attendee_can_view_poll_results=False,
    )

    score_card = _card(ann, rate)
    score_card.get_by_label("Your score from 1 to 10").fill("8")
    score_card.get_by_role("button", name="Vote").click()
    expect(score_card.locator(".poll-thanks")).to_have_text("Thanks for voting!")
    # Shown to attendees: the average and a bar per score.
    expect(score_card.locator(".poll-average")).to_have_text("Average 8 of 10")
    host_score = _card(host, rate)
    expect(host_score.locator(".poll-average")).to_have_text("Average 8 of 10")
    expect(host_score.locator(".poll-result")).to_have_count(10)
    eight = host_score.locator(".poll-result").filter(has_text="8").locator(".poll-result-votes")
    expect(eight).to_have_text("1 vote")

    word_card = _card(ann, word)
    word_card.get_by_label("Your answer").fill("Eye-opening")
    word_card.get_by_role("button", name="Vote").click()
    expect(word_card.locator(".poll-thanks")).to_have_text("Thanks for voting!")
    host_word = _card(host, word)
    expect(host_word.locator(".poll-answer-text")).to_have_text(["Eye-opening"])
    expect(host_word.locator(".poll-voters")).to_have_text("1 person has voted")
    # Hidden from attendees by the poll's setting.
    expect(word_card.locator(".poll-answers")).to_have_count(0)
    screenshot(host, "room-poll-score-answers")
    assert people.dialogs == []
