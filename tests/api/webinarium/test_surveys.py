"""The survey: questions replaced and read through the native API, answered
with a room page's ticket (``/room/survey``) once per person, the answers read
back; bad input refused in the native envelope."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Tenant
from tests.room.helpers import add_staff, make_room, register_someone, ticket
from webinarium.settings import Settings

NATIVE = "/api/webinarium/v1"
QUESTIONS = [
    {"text": "How was it?", "kind": "rating"},
    {"text": "Which part helped most?", "kind": "single", "choices": ["Demo", "Q&A"]},
    {"text": "Anything else?"},
]


def put_survey(
    http: httpx.Client, tenant: Tenant, room: str, questions: list[dict[str, Any]]
) -> httpx.Response:
    return http.put(
        f"{NATIVE}/conferences/{room}/survey", headers=tenant.headers, json={"questions": questions}
    )


def error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    code: str = body["error"]["code"]
    return code


def test_questions_are_replaced_and_read(
    settings: Settings, alice: Tenant, http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    url = f"{NATIVE}/conferences/{room}/survey"
    assert http.get(url, headers=alice.headers).json() == {"conference_id": room, "questions": []}
    response = put_survey(http, alice, room, [{"text": "Old question"}])
    assert response.status_code == 200, response.text
    response = put_survey(http, alice, room, QUESTIONS)
    assert response.status_code == 200, response.text
    made = response.json()["questions"]
    assert [(q["position"], q["text"], q["kind"], q["choices"]) for q in made] == [
        (1, "How was it?", "rating", []),
        (2, "Which part helped most?", "single", ["Demo", "Q&A"]),
        (3, "Anything else?", "text", []),
    ]
    assert http.get(url, headers=alice.headers).json()["questions"] == made


def test_bad_questions_are_refused_in_the_envelope(
    settings: Settings, alice: Tenant, bob: Tenant, http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    bad = [
        [{"text": "Pick", "kind": "single", "choices": ["Only one"]}],
        [{"text": "Pick", "kind": "single", "choices": ["Same", "Same"]}],
        [{"text": "Rate", "kind": "rating", "choices": ["1"]}],
        [{"text": "   "}],
        [{"text": "What?", "kind": "essay"}],
        [{"text": "What?", "colour": "red"}],
    ]
    for questions in bad:
        assert error(put_survey(http, alice, room, questions), 400) == "invalid_input"
    url = f"{NATIVE}/conferences/{room}/survey"
    assert error(http.put(url, headers=alice.headers, content=b"{"), 400) == "invalid_input"
    assert error(http.put(url, headers=alice.headers, json=[1]), 400) == "invalid_input"
    # Another account's conference is not found, as one that does not exist.
    assert error(put_survey(http, bob, room, QUESTIONS), 404) == "conference_not_found"
    assert error(http.get(url, headers=bob.headers), 404) == "conference_not_found"
    assert error(http.get(f"{url}/answers", headers=bob.headers), 404) == "conference_not_found"
    assert error(http.get(url), 401) != ""
    assert http.get(url, headers=alice.headers).json()["questions"] == []


def test_attendees_answer_once_and_the_answers_are_read_back(
    settings: Settings, alice: Tenant, http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    paul = add_staff(settings, alice, room, "Paul", moderator=False)
    rating, choice, text = (
        q["id"] for q in put_survey(http, alice, room, QUESTIONS).json()["questions"]
    )
    ann_ticket = ticket(settings, alice, room, "registration", ann.registration_id)

    shown = http.get("/room/survey", params={"ticket": ann_ticket})
    assert shown.status_code == 200, shown.text
    assert [q["id"] for q in shown.json()["questions"]] == [rating, choice, text]
    assert shown.json()["answered"] is False

    def answer(ticket_text: str, answers: list[dict[str, Any]]) -> httpx.Response:
        return http.post("/room/survey", json={"ticket": ticket_text, "answers": answers})

    refusals = [
        ([{"question_id": rating, "value": 6}], 400, "invalid_answer"),
        ([{"question_id": rating, "value": "five"}], 400, "invalid_answer"),
        ([{"question_id": choice, "value": "Lunch"}], 400, "invalid_answer"),
        ([{"question_id": text, "value": " "}], 400, "invalid_answer"),
        ([{"question_id": text, "value": "x" * 2001}], 400, "invalid_answer"),
        (
            [{"question_id": text, "value": "a"}, {"question_id": text, "value": "b"}],
            400,
            "invalid_answer",
        ),
        ([{"question_id": "nope", "value": "a"}], 404, "survey_question_not_found"),
        ([], 400, "invalid_input"),
    ]
    for answers, status, code in refusals:
        assert error(answer(ann_ticket, answers), status) == code
    presenter = ticket(settings, alice, room, "presenter", paul)
    assert error(answer(presenter, [{"question_id": text, "value": "hi"}]), 403) == "forbidden"
    assert (
        error(answer("nonsense", [{"question_id": text, "value": "hi"}]), 401) == "ticket_refused"
    )
    assert error(http.get("/room/survey", params={"ticket": "x"}), 401) == "ticket_refused"

    given = [
        {"question_id": rating, "value": 5},
        {"question_id": choice, "value": "Q&A"},
        {"question_id": text, "value": "  Thanks <b>!</b> "},
    ]
    response = answer(ann_ticket, given)
    assert response.status_code == 201, response.text
    assert http.get("/room/survey", params={"ticket": ann_ticket}).json()["answered"] is True
    # One answer set per person, whatever the ticket (the enter token is one).
    again = answer(ann.enter_token, [{"question_id": rating, "value": 1}])
    assert error(again, 409) == "already_answered"
    # A rating may come as text; a question may be left out.
    response = answer(bea.enter_token, [{"question_id": rating, "value": "3"}])
    assert response.status_code == 201, response.text

    listed = http.get(f"{NATIVE}/conferences/{room}/survey/answers", headers=alice.headers)
    assert listed.status_code == 200, listed.text
    rows = listed.json()["answers"]
    assert [(r["question_id"], r["person_id"], r["name"], r["value"]) for r in rows] == [
        (rating, ann.person_id, "Ann Tester", "5"),
        (choice, ann.person_id, "Ann Tester", "Q&A"),
        (text, ann.person_id, "Ann Tester", "Thanks <b>!</b>"),
        (rating, bea.person_id, "Bea Tester", "3"),
    ]
    assert rows[0]["email"].startswith("ann-")
    assert rows[0]["answered_at"].endswith("Z")
    # Answered questions stay as they were answered.
    assert error(put_survey(http, alice, room, [{"text": "New"}]), 409) == "survey_answered"
