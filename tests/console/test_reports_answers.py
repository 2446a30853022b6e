"""The report's answers: the survey (choices and ratings counted, chart and
table; free answers listed), short-answer polls' answers listed, and CSV
downloads of those, of the chat and of the Q&A questions, formula-safe. The
webinar is held in the room by its people (sockets, the survey's form), in an
account of its own."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import Tenant, create_tenant
from tests.console.helpers import console_client
from tests.pages.helpers import ws_url
from tests.room.helpers import Client, make_room, register_someone, ticket
from webinarium.settings import Settings

NATIVE = "/api/webinarium/v1"
SURVEY = [
    {"text": "How was it?", "kind": "rating"},
    {"text": "Which part helped most?", "kind": "single", "choices": ["Demo", "Q&A", "Slides"]},
    {"text": "Anything else?"},
]


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture(scope="module")
def tenant(settings: Settings) -> Tenant:
    return create_tenant(settings, "Answers")


@pytest.fixture(scope="module")
def held(settings: Settings, tenant: Tenant, server_url: str) -> str:
    room = make_room(settings, tenant)
    ann = register_someone(settings, tenant, room, "Ann")
    bea = register_someone(settings, tenant, room, "Bea")
    with httpx.Client(base_url=server_url, timeout=30) as http:
        poll = _ok(
            http.post(
                "/api/v1/polls",
                headers=tenant.headers,
                json={
                    "conference_id": room,
                    "question": "One word for today?",
                    "choices": [],
                    "selection_method": "short_answer",
                },
            )
        )
        questions = _ok(
            http.put(
                f"{NATIVE}/conferences/{room}/survey",
                headers=tenant.headers,
                json={"questions": SURVEY},
            )
        )["questions"]
        rating, choice, text = (question["id"] for question in questions)
        socket_url = ws_url(server_url)
        with (
            Client(socket_url, ann.enter_token) as a,
            Client(socket_url, bea.enter_token) as b,
            Client(socket_url, ticket(settings, tenant, room, "host")) as host,
        ):
            for client in (a, b, host):
                client.next_frame()
            assert host.send("room.start")["ok"]
            assert host.send("poll.open", {"poll_id": poll["id"]})["ok"]
            assert a.send("poll.vote", {"poll_id": poll["id"], "answer": "Inspiring"})["ok"]
            assert b.send("poll.vote", {"poll_id": poll["id"], "answer": "=SUM(A1:A9)"})["ok"]
            assert a.send("chat.send", {"text": "Hello <b>all</b>"})["ok"]
            assert b.send("chat.send", {"text": "+1 for the demo", "to": "moderators"})["ok"]
            asked = a.send("qa.ask", {"text": "Slides later?"})
            assert asked["ok"], asked
            question_id = asked["data"]["id"]
            assert b.send("qa.ask", {"text": "-Is it recorded?"})["ok"]
            answered = host.send("qa.answer", {"question_id": question_id, "text": "Yes, by mail"})
            assert answered["ok"], answered
            assert host.send("room.end")["ok"]
        for person, answers in (
            (
                ann,
                [
                    {"question_id": rating, "value": 5},
                    {"question_id": choice, "value": "Demo"},
                    {"question_id": text, "value": "More <script>demos</script>"},
                ],
            ),
            (
                bea,
                [
                    {"question_id": rating, "value": 4},
                    {"question_id": choice, "value": "Demo"},
                    {"question_id": text, "value": "@everyone thanks"},
                ],
            ),
        ):
            survey_ticket = ticket(settings, tenant, room, "registration", person.registration_id)
            sent = http.post("/room/survey", json={"ticket": survey_ticket, "answers": answers})
            assert _ok(sent, 201) == {"answers": 3}
    return room


@pytest.fixture(scope="module")
def console(server_url: str, tenant: Tenant) -> Iterator[httpx.Client]:
    with console_client(server_url, tenant) as client:
        yield client


def _csv(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["cache-control"] == "no-store"
    return list(csv.DictReader(io.StringIO(response.text)))


def _section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.DOTALL)
    assert found, heading_id
    return found.group(1)


def _table(html: str, table_class: str) -> list[list[str]]:
    found = re.search(rf'<table class="{table_class}">.*?<tbody>(.*?)</tbody>', html, re.DOTALL)
    assert found, table_class
    return [
        re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", found.group(1))
    ]


def test_the_survey_is_counted_charted_and_listed(held: str, console: httpx.Client) -> None:
    page = console.get(f"/console/webinars/{held}/report")
    assert page.status_code == 200, page.text
    survey = _section(page.text, "survey-heading")
    assert survey.count('<p class="report-note">2 answered.</p>') == 3
    # A rating: how many gave each of 1 to 5; a choice: each choice, one chosen by none.
    ratings, choices = re.findall(r'<table class="survey-table">.*?</table>', survey, re.DOTALL)
    assert _table(ratings, "survey-table") == [
        ["1", "0"],
        ["2", "0"],
        ["3", "0"],
        ["4", "1"],
        ["5", "1"],
    ]
    assert _table(choices, "survey-table") == [["Demo", "2"], ["Q&amp;A", "0"], ["Slides", "0"]]
    assert 'id="chart-survey-1"' in survey
    assert 'id="chart-survey-2"' in survey
    # The free answers listed, escaped; no chart for them.
    assert 'id="chart-survey-3"' not in survey
    assert "<q>More &lt;script&gt;demos&lt;/script&gt;</q>" in survey
    assert "<q>@everyone thanks</q>" in survey
    assert "<script>demos" not in page.text


def test_short_answers_are_listed(held: str, console: httpx.Client) -> None:
    polls = _section(console.get(f"/console/webinars/{held}/report").text, "polls-heading")
    assert "One word for today?" in polls
    answers = re.findall(r'<li><q>(.*?)</q> <span class="who">(.*?)</span></li>', polls)
    assert answers == [("Inspiring", "Ann Tester"), ("=SUM(A1:A9)", "Bea Tester")]
    assert f'href="/console/webinars/{held}/report/poll_answers.csv"' in polls


def test_answers_chat_and_questions_download_formula_safe(
    held: str, console: httpx.Client, tenant: Tenant
) -> None:
    base = f"/console/webinars/{held}/report"
    page = console.get(base).text
    for table in ("survey", "chat", "questions"):
        assert f'href="{base}/{table}.csv"' in page

    survey = _csv(console.get(f"{base}/survey.csv"))
    assert [(row["question"], row["kind"], row["name"], row["answer"]) for row in survey] == [
        ("How was it?", "rating", "Ann Tester", "5"),
        ("How was it?", "rating", "Bea Tester", "4"),
        ("Which part helped most?", "single", "Ann Tester", "Demo"),
        ("Which part helped most?", "single", "Bea Tester", "Demo"),
        ("Anything else?", "text", "Ann Tester", "More <script>demos</script>"),
        ("Anything else?", "text", "Bea Tester", "'@everyone thanks"),
    ]
    assert all(row["email"].endswith("@example.test") and row["answered_at"] for row in survey)

    poll_answers = _csv(console.get(f"{base}/poll_answers.csv"))
    assert [(row["question"], row["name"], row["answer"]) for row in poll_answers] == [
        ("One word for today?", "Ann Tester", "Inspiring"),
        ("One word for today?", "Bea Tester", "'=SUM(A1:A9)"),
    ]

    chat = _csv(console.get(f"{base}/chat.csv"))
    assert [(row["name"], row["text"], row["to_hosts_only"]) for row in chat] == [
        ("Ann Tester", "Hello <b>all</b>", "false"),
        ("Bea Tester", "'+1 for the demo", "true"),
    ]
    assert all(row["sent_at"] for row in chat)

    questions = _csv(console.get(f"{base}/questions.csv"))
    assert [
        (row["name"], row["question"], row["answer"], row["answered_by"]) for row in questions
    ] == [
        # The host link answers under the account's name.
        ("Ann Tester", "Slides later?", "Yes, by mail", "Answers"),
        ("Bea Tester", "'-Is it recorded?", "", ""),
    ]
    assert questions[0]["answered_at"] >= questions[0]["asked_at"]
    assert questions[1]["answered_at"] == ""


def test_another_account_downloads_nothing(
    settings: Settings, held: str, server_url: str, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as other:
        for table in ("survey", "poll_answers", "chat", "questions"):
            refused = other.get(f"/console/webinars/{held}/report/{table}.csv")
            assert refused.status_code == 404
            assert "Slides later?" not in refused.text
