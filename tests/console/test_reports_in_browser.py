"""The console's report of a webinar in Debian's Chromium, on a desktop and on
a phone: an hour-long webinar that ended, 40 registrants (30 came, some twice),
chat, questions, a poll, a short-answer poll and a survey, stored as the room
stores them. The figures show, the charts are drawn (and looked at: the
screenshots), the CSV downloads; on a phone the webinar's tabs scroll in their
own bar."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.console.helpers import sign_in
from tests.pages.conftest import ARTIFACTS, screenshot
from tests.room.helpers import make_room, register_someone
from webinarium.kit.time import utcnow
from webinarium.models import (
    ChatMessage,
    Poll,
    PollChoice,
    PollVote,
    Question,
    SurveyAnswer,
    SurveyQuestion,
    Visit,
)
from webinarium.settings import Settings

REGISTERED = 40
CAME = 30
NAMES = ["Ann", "Bea", "Cid", "Dan", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo"]


@pytest.fixture(scope="module")
def report(settings: Settings, alice: Tenant) -> dict[str, Any]:
    """Written before the browser starts (tests/pages/conftest.py)."""
    room = make_room(settings, alice, starts_in=timedelta(hours=-2))
    people = [
        register_someone(settings, alice, room, f"{NAMES[i % 10]}{i}") for i in range(REGISTERED)
    ]
    start = utcnow().replace(microsecond=0) - timedelta(hours=2)
    common = {"account_id": alice.account_id, "conference_id": room}

    async def held(session: AsyncSession) -> None:
        poll = Poll(**common, question="Which part was most useful?", status="closed")
        session.add(poll)
        await session.flush()
        choices = [
            PollChoice(account_id=alice.account_id, poll_id=poll.id, choice=text, position=n)
            for n, text in enumerate(["The demo", "Questions", "The <b>slides</b>"])
        ]
        session.add_all(choices)
        words = Poll(
            **common,
            question="One word for today?",
            selection_method="short_answer",
            status="closed",
        )
        rating = SurveyQuestion(**common, position=1, text="How was it?", kind="rating")
        liked = SurveyQuestion(
            **common,
            position=2,
            text="What should we do again?",
            kind="single",
            choices=["The demo", "The questions"],
        )
        remarks = SurveyQuestion(**common, position=3, text="Anything else?", kind="text")
        session.add_all([words, rating, liked, remarks])
        await session.flush()
        for i, person in enumerate(people[:CAME]):
            who = {"person_id": person.person_id, "member_id": person.person_id}
            name = f"{NAMES[i % 10]}{i} Tester"
            entered = start + timedelta(seconds=40 * i)
            left = entered + timedelta(minutes=20 + (i * 7) % 40)
            session.add(
                Visit(**common, **who, role="attendee", name=name, entered_at=entered, left_at=left)
            )
            if i % 4 == 0:
                back = left + timedelta(minutes=3)
                session.add(
                    Visit(
                        **common,
                        **who,
                        role="attendee",
                        name=name,
                        entered_at=back,
                        left_at=back + timedelta(minutes=8),
                    )
                )
            for n in range(i % 5):
                session.add(
                    ChatMessage(
                        **common,
                        **who,
                        author_name=name,
                        text=f"Line {n}",
                        created_at=entered + timedelta(minutes=n + 1),
                    )
                )
            if i % 6 == 0:
                session.add(
                    Question(
                        **common,
                        **who,
                        author_name=name,
                        author_role="attendee",
                        text="And then?",
                        created_at=entered,
                    )
                )
            if i % 5 == 0:
                session.add(
                    PollVote(
                        account_id=alice.account_id,
                        poll_id=words.id,
                        person_id=person.person_id,
                        answer=["Inspiring", "Long but good", "Clear"][i % 3],
                        created_at=start + timedelta(minutes=40, seconds=i),
                    )
                )
            answered = {
                rating.id: str(5 - i % 3),
                liked.id: ["The demo", "The questions"][i % 2],
                remarks.id: f"Thanks from {name}, more of this please" if i % 7 == 0 else None,
            }
            for question_id, value in answered.items():
                if value is not None and i % 2 == 0:
                    session.add(
                        SurveyAnswer(
                            **common,
                            question_id=question_id,
                            person_id=person.person_id,
                            name=name,
                            email=f"{person.person_id}@example.test",
                            value=value,
                            answered_at=left,
                        )
                    )
            if i % 3 != 2:
                session.add(
                    PollVote(
                        account_id=alice.account_id,
                        poll_id=poll.id,
                        person_id=person.person_id,
                        choice_id=choices[i % 3].id,
                        created_at=start + timedelta(minutes=30),
                    )
                )

    in_database(settings, held)
    return {"room": room}


def test_the_report_on_a_desktop_and_a_phone(
    report: dict[str, Any], alice: Tenant, server_url: str, browser: Browser
) -> None:
    path = f"/console/webinars/{report['room']}/report"
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = desktop.new_page()
    sign_in(page, server_url, alice)
    page.goto(server_url + path)
    expect(page.locator('[data-figure="registered"]')).to_have_text(str(REGISTERED))
    expect(page.locator('[data-figure="attended"]')).to_have_text(str(CAME))
    expect(page.locator('[data-figure="attendance-rate"]')).to_have_text("75.0 %")
    expect(page.locator("#chart-viewers polyline")).to_have_count(1)
    # 30 first stays and 8 returns.
    expect(page.locator("#chart-visits rect")).to_have_count(CAME + len(range(0, CAME, 4)))
    expect(page.locator("#chart-poll-1 rect")).to_have_count(3)
    expect(page.locator("#chart-engagement rect")).to_have_count(20)
    # The survey: five ratings and two choices charted; free answers and short answers listed.
    expect(page.locator("#chart-survey-1 rect")).to_have_count(5)
    expect(page.locator("#chart-survey-2 rect")).to_have_count(2)
    expect(page.locator("#chart-survey-3")).to_have_count(0)
    expect(page.locator("#survey-heading ~ .text-answers li")).to_have_count(
        len(range(0, CAME, 14))
    )
    expect(page.locator("#polls-heading ~ .text-answers li")).to_have_count(len(range(0, CAME, 5)))
    expect(page.locator("#attendees-table tbody tr")).to_have_count(CAME)
    screenshot(page, "console-report-desktop")
    for section in ("polls", "survey"):
        page.locator(f'section[aria-labelledby="{section}-heading"]').screenshot(
            path=str(ARTIFACTS / f"console-report-{section}.png")
        )
    with page.expect_download() as download:
        page.locator('a[href$="/report/attendees.csv"]').click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert len(rows) == CAME
    assert [int(row["engagement"]) for row in rows] == sorted(
        (int(row["engagement"]) for row in rows), reverse=True
    )

    with page.expect_download() as download:
        page.locator('a[href$="/report/survey.csv"]').click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert {row["question"] for row in rows} == {
        "How was it?",
        "What should we do again?",
        "Anything else?",
    }
    desktop.close()

    phone = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = phone.new_page()
    sign_in(page, server_url, alice)
    page.goto(server_url + path)
    expect(page.locator('[data-figure="peak-viewers"]')).not_to_have_text("0")
    # The charts and the tabs fit the phone's width: no sideways scrolling of the page.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    # The tabs scroll sideways in their own bar, the page's tab in view.
    tabs = page.locator(".webinar-tabs ul")
    bar = tabs.evaluate("e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]")
    assert bar[0] > bar[1], bar
    assert bar[2] <= 375, bar
    current = page.locator('.webinar-tabs a[aria-current="page"]')
    expect(current).to_have_text("Report")
    expect(current).to_be_in_viewport()
    screenshot(page, "console-report-phone")
    # What the phone's screen shows at first, the tabs' bar at its top.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "console-tabs-phone.png"))
    phone.close()
