"""Manage Channel polls: create, update, open/close/reopen (same PUT /polls as
update, told apart by ``action``), delete; statuses, choices, close times,
errors and tenancy."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant, in_database
from webinarium.kit.ids import new_id
from webinarium.models import Account
from webinarium.polls import service
from webinarium.settings import Settings

API = "/api/v1/polls"
JSON = {"Content-Type": "application/json"}
OPTIONS = (
    "set_display_question",
    "display_question",
    "attendee_can_select_answer_number",
    "allow_answer_poll_on_landing_page",
    "allow_user_to_skip_poll",
    "display_as_slide_out",
    "attendee_can_view_poll_results",
    "show_in_recording_player",
)
# The clock of a conference created without a time zone (the document's default).
CENTRAL = ZoneInfo("America/Chicago")


def curl_body(operation: dict[str, Any]) -> str:
    """The --data of the operation's curl example, exactly as written."""
    match = re.search(r"--data '(.*)'", operation["curl_example"], re.DOTALL)
    assert match is not None
    return match.group(1)


def create(http: httpx.Client, tenant: Tenant, **body: Any) -> httpx.Response:
    return http.post(API, headers=tenant.headers, json=body)


def created(http: httpx.Client, tenant: Tenant, conference_id: str, **body: Any) -> dict[str, Any]:
    fields = {
        "conference_id": conference_id,
        "question": "Which one?",
        "choices": ["Red", "Green"],
        **body,
    }
    response = create(http, tenant, **fields)
    assert response.status_code == 200, response.text
    poll: dict[str, Any] = response.json()
    return poll


def put(http: httpx.Client, tenant: Tenant, **body: Any) -> httpx.Response:
    return http.put(API, headers=tenant.headers, json=body)


def set_status(
    http: httpx.Client, tenant: Tenant, action: str, *poll_ids: str, **body: Any
) -> httpx.Response:
    if poll_ids:
        body["poll_ids"] = ",".join(poll_ids)
    return put(http, tenant, action=action, **body)


def stored(settings: Settings, tenant: Tenant, poll_id: str) -> dict[str, Any]:
    """The poll as the service reads it (the API has no call that shows a poll)."""

    async def read(session: AsyncSession) -> dict[str, Any]:
        account = await session.get(Account, tenant.account_id)
        assert account is not None
        details = await service.get_poll(session, account, poll_id)
        poll = details.poll
        return {
            "question": poll.question,
            "selection_method": poll.selection_method,
            "status": details.status.value,
            "close_at": poll.close_at,
            "options": details.options.model_dump(),
            "choices": [(c.id, c.choice) for c in details.choices],
        }

    return in_database(settings, read)


def polls_of(settings: Settings, tenant: Tenant, conference_id: str) -> list[str]:
    async def read(session: AsyncSession) -> list[str]:
        account = await session.get(Account, tenant.account_id)
        assert account is not None
        return [d.poll.id for d in await service.list_polls(session, account, conference_id)]

    return in_database(settings, read)


@pytest.fixture
def conference(http: httpx.Client, alice: Tenant) -> dict[str, Any]:
    return create_conference(http, alice, title="Polled")


# Create


def test_create_as_the_curl_example_sends_it(
    http: httpx.Client,
    alice: Tenant,
    conference: dict[str, Any],
    bigmarker_operations: dict[str, Any],
    settings: Settings,
) -> None:
    operation = bigmarker_operations["polls_create"]
    body = curl_body(operation)
    assert body.rstrip().endswith(",\n}")  # the trailing comma is sent as it is
    body = body.replace('"conference id"', f'"{conference["id"]}"')
    # The curl's "-X POSTT" is a typo for the documented POST.
    response = http.post(API, headers={**alice.headers, **JSON}, content=body)
    assert response.status_code == 200, response.text
    poll = response.json()
    for key in operation["response"]["example"]["top_level_keys"]:
        assert key in poll
    assert isinstance(poll["id"], str)
    assert poll["id"]
    assert poll["club_profile_id"] == alice.channel_id
    assert poll["selection_method"] == "single"
    assert poll["question"] == "question title"
    assert poll["status"] == "queue"  # as the example
    assert [c["choice"] for c in poll["choices"]] == ["option1", "option2"]
    assert all(isinstance(c["id"], str) and c["id"] for c in poll["choices"])
    assert len({c["id"] for c in poll["choices"]}) == 2
    assert poll["conference_id"] == conference["id"]
    assert {name: poll[name] for name in OPTIONS} == {
        "set_display_question": True,
        "display_question": "seperate question",
        "attendee_can_select_answer_number": 2,  # sent as "2"
        "allow_answer_poll_on_landing_page": True,
        "allow_user_to_skip_poll": True,
        "display_as_slide_out": True,
        "attendee_can_view_poll_results": True,
        "show_in_recording_player": True,
    }
    # "2024-010-30": a date alone closes the poll at the end of that day.
    assert poll["poll_close_time"] == "2024-10-30 23:59"
    assert stored(settings, alice, poll["id"])["close_at"] == datetime(
        2024, 10, 30, 23, 59, 59, tzinfo=CENTRAL
    )
    assert polls_of(settings, alice, conference["id"]) == [poll["id"]]


def test_create_with_only_what_is_required(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any]
) -> None:
    response = create(
        http, alice, conference_id=conference["id"], question="Ready?", choices=["Yes", "No"]
    )
    assert response.status_code == 200, response.text
    poll = response.json()
    assert poll["selection_method"] == "single"  # the first documented value
    assert poll["status"] == "queue"
    assert poll["poll_close_time"] is None
    assert {name: poll[name] for name in OPTIONS} == {
        "set_display_question": False,
        "display_question": None,
        "attendee_can_select_answer_number": None,
        "allow_answer_poll_on_landing_page": False,
        "allow_user_to_skip_poll": False,
        "display_as_slide_out": False,
        # The conference's poll_results, true by default.
        "attendee_can_view_poll_results": True,
        "show_in_recording_player": False,
    }


def test_attendee_can_view_poll_results_follows_the_conferences_poll_results(
    http: httpx.Client, alice: Tenant
) -> None:
    hidden = create_conference(http, alice, title="Hidden results", poll_results=False)
    assert created(http, alice, hidden["id"])["attendee_can_view_poll_results"] is False
    assert (
        created(http, alice, hidden["id"], attendee_can_view_poll_results=True)[
            "attendee_can_view_poll_results"
        ]
        is True
    )


@pytest.mark.parametrize("method", ["score", "short_answer"])
def test_score_and_short_answer_polls_have_no_choices(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any], method: str
) -> None:
    response = create(
        http, alice, conference_id=conference["id"], question="Rate it", selection_method=method
    )
    assert response.status_code == 200, response.text
    assert response.json()["selection_method"] == method
    assert response.json()["choices"] == []
    with_choices = create(
        http,
        alice,
        conference_id=conference["id"],
        question="Rate it",
        selection_method=method,
        choices=["1", "2"],
    )
    assert with_choices.status_code == 400
    assert "choices" in with_choices.json()["error"]


def test_create_from_a_form_body(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any]
) -> None:
    response = http.post(
        API,
        headers=alice.headers,
        data={
            "conference_id": conference["id"],
            "question": "Which days?",
            "selection_method": "multi",
            "choices[]": ["Monday, early", "Tuesday", "Friday"],
            "allow_user_to_skip_poll": "true",
            "attendee_can_select_answer_number": "2",
        },
    )
    assert response.status_code == 200, response.text
    poll = response.json()
    assert [c["choice"] for c in poll["choices"]] == ["Monday, early", "Tuesday", "Friday"]
    assert poll["selection_method"] == "multi"
    assert poll["allow_user_to_skip_poll"] is True
    assert poll["attendee_can_select_answer_number"] == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2030-01-02 15:30", "2030-01-02 15:30"),
        ("2030-01-02T15:30:00+00:00", "2030-01-02 09:30"),
        (str(int(datetime(2030, 1, 2, 12, 0, tzinfo=UTC).timestamp())), "2030-01-02 06:00"),
        ("2030-1-2", "2030-01-02 23:59"),
    ],
)
def test_poll_close_time_forms(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any], value: str, expected: str
) -> None:
    poll = created(http, alice, conference["id"], poll_close_time=value)
    assert poll["poll_close_time"] == expected


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({"question": ""}, "question"),
        ({"question": "   "}, "question"),
        ({"selection_method": "ranking"}, "selection_method"),
        ({"choices": ["Only one"]}, "choices"),
        ({"choices": []}, "choices"),
        ({"choices": ["Same", " Same "]}, "choices"),
        ({"choices": ["Fine", ""]}, "choice"),
        ({"choices": {"a": "b"}}, "choices"),
        ({"attendee_can_select_answer_number": "0"}, "attendee_can_select_answer_number"),
        ({"attendee_can_select_answer_number": "two"}, "attendee_can_select_answer_number"),
        ({"allow_user_to_skip_poll": "perhaps"}, "allow_user_to_skip_poll"),
        ({"poll_close_time": "next tuesday"}, "poll_close_time"),
        ({"poll_close_time": "2024-13-40"}, "poll_close_time"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(
    http: httpx.Client,
    alice: Tenant,
    conference: dict[str, Any],
    settings: Settings,
    body: dict[str, Any],
    names: str,
) -> None:
    fields = {"conference_id": conference["id"], "question": "Q?", "choices": ["A", "B"], **body}
    response = create(http, alice, **fields)
    assert response.status_code == 400, response.text
    assert names in response.json()["error"]
    assert polls_of(settings, alice, conference["id"]) == []


def test_create_needs_a_question_and_a_conference(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any]
) -> None:
    no_question = create(http, alice, conference_id=conference["id"], choices=["A", "B"])
    assert no_question.status_code == 400
    assert "question" in no_question.json()["error"]
    no_conference = create(http, alice, question="Q?", choices=["A", "B"])
    assert no_conference.status_code == 400
    assert "conference_id" in no_conference.json()["error"]


def test_create_on_an_unknown_conference_is_the_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = create(http, alice, conference_id=new_id(), question="Q?", choices=["A", "B"])
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["polls_create"], 404)


def test_a_series_takes_no_polls(http: httpx.Client, alice: Tenant) -> None:
    series = http.post(
        "/api/v1/series",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": "A series"},
    ).json()
    response = create(http, alice, conference_id=series["id"], question="Q?", choices=["A", "B"])
    assert response.status_code == 400
    assert "series" in response.json()["error"]


# Update


def test_update_as_the_curl_example_sends_it(
    http: httpx.Client,
    alice: Tenant,
    conference: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations["polls_update"]
    before = created(
        http,
        alice,
        conference["id"],
        question="Before",
        selection_method="multi",
        choices=["One", "Two", "Three"],
        poll_close_time="2031-01-01 10:00",
    )
    body = curl_body(operation).replace('"poll id"', f'"{before["id"]}"')
    response = http.put(API, headers={**alice.headers, **JSON}, content=body)
    assert response.status_code == 200, response.text
    poll = response.json()
    for key in operation["response"]["example"]["top_level_keys"]:
        assert key in poll
    assert poll["id"] == before["id"]
    assert poll["club_profile_id"] == alice.channel_id
    assert poll["selection_method"] == "single"
    assert poll["question"] == "question title"
    assert poll["status"] == "queue"
    # choices are not in the example body: they stay as they were.
    assert poll["choices"] == before["choices"]
    assert {name: poll[name] for name in OPTIONS} == {
        "set_display_question": True,
        "display_question": "seperate question",
        "attendee_can_select_answer_number": 2,
        "allow_answer_poll_on_landing_page": True,
        "allow_user_to_skip_poll": True,
        "display_as_slide_out": True,
        "attendee_can_view_poll_results": True,
        "show_in_recording_player": True,
    }
    assert poll["poll_close_time"] == "2024-10-30 23:59"


def test_update_changes_only_what_is_sent(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any]
) -> None:
    before = created(
        http, alice, conference["id"], display_as_slide_out=True, poll_close_time="2031-01-01"
    )
    response = put(http, alice, poll_id=before["id"], allow_user_to_skip_poll=True)
    assert response.status_code == 200, response.text
    assert response.json() == {**before, "allow_user_to_skip_poll": True}
    cleared = put(
        http,
        alice,
        poll_id=before["id"],
        poll_close_time="",
        display_question="",
        attendee_can_select_answer_number="",
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json() == {**before, "allow_user_to_skip_poll": True, "poll_close_time": None}


def test_update_replaces_choices_keeping_the_ids_of_kept_texts(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any]
) -> None:
    before = created(http, alice, conference["id"], choices=["Red", "Green", "Blue"])
    ids = {c["choice"]: c["id"] for c in before["choices"]}
    response = put(http, alice, poll_id=before["id"], choices=["Blue", "Yellow", "Red"])
    assert response.status_code == 200, response.text
    after = response.json()["choices"]
    assert [c["choice"] for c in after] == ["Blue", "Yellow", "Red"]
    assert after[0]["id"] == ids["Blue"]
    assert after[2]["id"] == ids["Red"]
    assert after[1]["id"] not in ids.values()
    # Objects as responses show them are accepted too.
    again = put(http, alice, poll_id=before["id"], choices=[*after[:1], {"choice": "Red"}])
    assert [c["id"] for c in again.json()["choices"]] == [ids["Blue"], ids["Red"]]


def test_update_to_score_drops_the_choices_and_back_needs_new_ones(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any]
) -> None:
    before = created(http, alice, conference["id"])
    score = put(http, alice, poll_id=before["id"], selection_method="score")
    assert score.status_code == 200, score.text
    assert score.json()["choices"] == []
    single = put(http, alice, poll_id=before["id"], selection_method="single")
    assert single.status_code == 400
    assert "choices" in single.json()["error"]
    back = put(http, alice, poll_id=before["id"], selection_method="single", choices=["A", "B"])
    assert back.status_code == 200, back.text
    assert [c["choice"] for c in back.json()["choices"]] == ["A", "B"]


@pytest.mark.parametrize(
    "body",
    [
        {"question": ""},
        {"selection_method": "ranking"},
        {"choices": ["Only one"]},
        {"choices": ["Twice", "Twice"]},
        {"attendee_can_select_answer_number": "-1"},
        {"poll_close_time": "soon"},
    ],
)
def test_update_refuses_bad_input_and_changes_nothing(
    http: httpx.Client,
    alice: Tenant,
    conference: dict[str, Any],
    settings: Settings,
    body: dict[str, Any],
) -> None:
    poll = created(http, alice, conference["id"])
    before = stored(settings, alice, poll["id"])
    response = put(http, alice, **{"poll_id": poll["id"], "question": "Changed?", **body})
    assert response.status_code == 400, response.text
    assert response.json()["error"]
    assert stored(settings, alice, poll["id"]) == before


def test_update_of_an_unknown_poll_is_the_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = put(http, alice, poll_id=new_id(), question="Q?")
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["polls_update"], 404)


def test_put_without_poll_id_or_action_is_400(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    # "Open polls" as its curl example sends it: no body at all.
    assert bigmarker_operations["polls_set_status"]["curl_example"].endswith(
        '-H "Content-Type:application/json"'
    )
    response = http.put(API, headers={**alice.headers, **JSON})
    assert response.status_code == 400
    assert "poll_id" in response.json()["error"]
    assert "action" in response.json()["error"]


# Open, close, reopen


def test_open_as_the_example_answers(
    http: httpx.Client,
    alice: Tenant,
    conference: dict[str, Any],
    bigmarker_operations: dict[str, Any],
    settings: Settings,
) -> None:
    example = bigmarker_operations["polls_set_status"]["response"]["example"]["text"]
    assert example == '{"status":"success","message":"Successfully opened xx,xx polls"}'
    first, second = created(http, alice, conference["id"]), created(http, alice, conference["id"])
    response = set_status(http, alice, "open", first["id"], second["id"])
    assert response.status_code == 200, response.text
    assert response.json() == {
        "status": "success",
        "message": f"Successfully opened {first['id']},{second['id']} polls",
    }
    for poll in (first, second):
        assert stored(settings, alice, poll["id"])["status"] == "open"


def test_poll_ids_as_a_list_and_poll_id_are_accepted(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any], settings: Settings
) -> None:
    first, second = created(http, alice, conference["id"]), created(http, alice, conference["id"])
    listed = put(http, alice, action="open", poll_ids=[first["id"]])
    assert listed.status_code == 200, listed.text
    single = put(http, alice, action="open", poll_id=second["id"])
    assert single.status_code == 200, single.text
    assert single.json()["message"] == f"Successfully opened {second['id']} polls"
    assert [stored(settings, alice, p["id"])["status"] for p in (first, second)] == [
        "open",
        "open",
    ]


# (actions done before, action, expected status afterwards or None when refused)
TRANSITIONS = [
    ((), "open", "open"),
    ((), "close", None),
    ((), "reopen", None),
    (("open",), "open", "open"),
    (("open",), "close", "closed"),
    (("open",), "reopen", "open"),
    (("open", "close"), "open", None),
    (("open", "close"), "close", "closed"),
    (("open", "close"), "reopen", "reopened"),
    (("open", "close", "reopen"), "open", "reopened"),
    (("open", "close", "reopen"), "reopen", "reopened"),
    (("open", "close", "reopen"), "close", "closed"),
]


@pytest.mark.parametrize(
    ("before", "action", "after"),
    TRANSITIONS,
    ids=[f"{'>'.join(b) or 'queue'}+{a}" for b, a, _ in TRANSITIONS],
)
def test_status_transitions(
    http: httpx.Client,
    alice: Tenant,
    conference: dict[str, Any],
    settings: Settings,
    before: tuple[str, ...],
    action: str,
    after: str | None,
) -> None:
    poll = created(http, alice, conference["id"])
    for done in before:
        assert set_status(http, alice, done, poll["id"]).status_code == 200
    status_before = stored(settings, alice, poll["id"])["status"]
    response = set_status(http, alice, action, poll["id"])
    if after is None:
        assert response.status_code == 400, response.text
        assert poll["id"] in response.json()["error"]
        assert stored(settings, alice, poll["id"])["status"] == status_before
    else:
        assert response.status_code == 200, response.text
        assert stored(settings, alice, poll["id"])["status"] == after


def test_a_refused_poll_in_a_batch_changes_none(
    http: httpx.Client,
    alice: Tenant,
    conference: dict[str, Any],
    settings: Settings,
    bigmarker_operations: dict[str, Any],
) -> None:
    queued, opened = created(http, alice, conference["id"]), created(http, alice, conference["id"])
    set_status(http, alice, "open", opened["id"])
    refused = set_status(http, alice, "close", opened["id"], queued["id"])
    assert refused.status_code == 400
    assert queued["id"] in refused.json()["error"]
    unknown = set_status(http, alice, "close", opened["id"], new_id())
    assert unknown.status_code == 404
    assert unknown.json() == documented_error(bigmarker_operations["polls_set_status"], 404)
    assert stored(settings, alice, opened["id"])["status"] == "open"
    assert stored(settings, alice, queued["id"])["status"] == "queue"


def test_conference_id_alone_acts_on_the_polls_the_action_applies_to(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any], settings: Settings
) -> None:
    queued = created(http, alice, conference["id"])
    first, second = created(http, alice, conference["id"]), created(http, alice, conference["id"])
    set_status(http, alice, "open", first["id"], second["id"])
    response = put(http, alice, action="close", conference_id=conference["id"])
    assert response.status_code == 200, response.text
    assert response.json()["message"] == f"Successfully closed {first['id']},{second['id']} polls"
    assert [stored(settings, alice, p["id"])["status"] for p in (queued, first, second)] == [
        "queue",
        "closed",
        "closed",
    ]


def test_poll_ids_must_belong_to_the_conference_given(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any], settings: Settings
) -> None:
    other = create_conference(http, alice, title="Other")
    poll = created(http, alice, other["id"])
    response = set_status(http, alice, "open", poll["id"], conference_id=conference["id"])
    assert response.status_code == 404
    assert stored(settings, alice, poll["id"])["status"] == "queue"


@pytest.mark.parametrize("body", [{"action": "launch"}, {"action": ""}, {"action": "open"}])
def test_set_status_refuses_bad_input(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any], body: dict[str, Any]
) -> None:
    response = put(http, alice, **body)
    assert response.status_code == 400
    assert response.json()["error"]


def test_close_time_counts_and_opening_clears_a_past_one(
    http: httpx.Client, alice: Tenant, conference: dict[str, Any], settings: Settings
) -> None:
    # The curl example's close time (2024) has passed: opening clears it.
    past = created(http, alice, conference["id"], poll_close_time="2024-010-30")
    assert set_status(http, alice, "open", past["id"]).status_code == 200
    assert stored(settings, alice, past["id"])["close_at"] is None
    assert stored(settings, alice, past["id"])["status"] == "open"
    # A future close time stays; moving it into the past closes the poll.
    future = created(http, alice, conference["id"], poll_close_time="2040-01-01 10:00")
    set_status(http, alice, "open", future["id"])
    assert stored(settings, alice, future["id"])["status"] == "open"
    moved = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    response = put(http, alice, poll_id=future["id"], poll_close_time=moved)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "closed"
    # Closed by time, it can be reopened (and the past close time goes).
    assert set_status(http, alice, "open", future["id"]).status_code == 400
    assert set_status(http, alice, "reopen", future["id"]).status_code == 200
    assert stored(settings, alice, future["id"])["status"] == "reopened"
    assert stored(settings, alice, future["id"])["close_at"] is None


# Delete


def test_delete_with_poll_id_in_a_json_body_a_form_or_the_query(
    http: httpx.Client,
    alice: Tenant,
    conference: dict[str, Any],
    bigmarker_operations: dict[str, Any],
    settings: Settings,
) -> None:
    not_found = documented_error(bigmarker_operations["polls_delete"], 404)
    for way in ("json", "form", "query"):
        poll = created(http, alice, conference["id"])
        kwargs: dict[str, Any] = {
            "json": {"headers": {**alice.headers, **JSON}, "json": {"poll_id": poll["id"]}},
            "form": {"headers": alice.headers, "data": {"poll_id": poll["id"]}},
            "query": {"headers": alice.headers, "params": {"poll_id": poll["id"]}},
        }[way]
        response = http.request("DELETE", API, **kwargs)
        assert response.status_code == 200, response.text
        assert response.json() == {"success": "Your poll has been deleted!"}
        assert poll["id"] not in polls_of(settings, alice, conference["id"])
        again = http.request("DELETE", API, **kwargs)
        assert again.status_code == 404
        assert again.json() == not_found


def test_delete_as_the_curl_example_sends_it_names_no_poll(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    assert "--data" not in bigmarker_operations["polls_delete"]["curl_example"]
    response = http.delete(API, headers={**alice.headers, **JSON})
    assert response.status_code == 400
    assert "poll_id" in response.json()["error"]


def test_deleting_a_conference_deletes_its_polls(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    doomed = create_conference(http, alice, title="Doomed")
    poll = created(http, alice, doomed["id"])
    assert http.delete(f"/api/v1/conferences/{doomed['id']}", headers=alice.headers).is_success
    response = put(http, alice, poll_id=poll["id"], question="Still here?")
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["polls_update"], 404)


# Keys and tenancy


@pytest.mark.parametrize(
    ("operation", "method", "body"),
    [
        ("polls_create", "POST", {"conference_id": "x", "question": "Q?"}),
        ("polls_update", "PUT", {"poll_id": "x", "question": "Q?"}),
        ("polls_set_status", "PUT", {"action": "open", "poll_ids": "x"}),
        ("polls_delete", "DELETE", {"poll_id": "x"}),
    ],
)
@pytest.mark.parametrize("headers", [{}, {"API-KEY": "wrong"}], ids=["no key", "wrong key"])
def test_a_missing_or_wrong_key_is_the_documented_401(
    http: httpx.Client,
    bigmarker_operations: dict[str, Any],
    operation: str,
    method: str,
    body: dict[str, Any],
    headers: dict[str, str],
) -> None:
    response = http.request(method, API, headers=headers, json=body)
    assert response.status_code == 401
    assert response.json() == documented_error(bigmarker_operations[operation], 401)


def test_bob_cannot_touch_alices_polls(
    http: httpx.Client,
    alice: Tenant,
    bob: Tenant,
    conference: dict[str, Any],
    settings: Settings,
    bigmarker_operations: dict[str, Any],
) -> None:
    alices = created(http, alice, conference["id"], choices=["Red", "Green", "Blue"])
    set_status(http, alice, "open", alices["id"])
    bobs_conference = create_conference(http, bob, title="Bob's")
    bobs = created(http, bob, bobs_conference["id"])
    before = stored(settings, alice, alices["id"])

    def both(call: Any) -> httpx.Response:
        """Bob's answer with Alice's id, checked equal to the one with an unknown id."""
        unknown, real = call(new_id()), call(alices["id"])
        assert (real.status_code, real.json()) == (unknown.status_code, unknown.json())
        assert alices["id"] not in real.text
        response: httpx.Response = real
        return response

    calls = {
        "polls_update": lambda i: put(http, bob, poll_id=i, question="Bob's", choices=["X", "Y"]),
        "polls_set_status": lambda i: set_status(http, bob, "close", i),
        "polls_delete": lambda i: http.request(
            "DELETE", API, headers=bob.headers, json={"poll_id": i}
        ),
    }
    for operation, call in calls.items():
        response = both(call)
        assert response.status_code == 404
        assert response.json() == documented_error(bigmarker_operations[operation], 404)
    # Mixed with one of his own: refused, and his own is not changed either.
    mixed = set_status(http, bob, "open", bobs["id"], alices["id"])
    assert mixed.status_code == 404
    assert stored(settings, bob, bobs["id"])["status"] == "queue"
    # Alice's conference, to create on or to act on its polls.
    on_conference = set_status(http, bob, "close", conference_id=conference["id"])
    assert on_conference.status_code == 404
    unknown = create(http, bob, conference_id=new_id(), question="Bob's?", choices=["A", "B"])
    real = create(http, bob, conference_id=conference["id"], question="Bob's?", choices=["A", "B"])
    assert (real.status_code, real.json()) == (unknown.status_code, unknown.json())
    assert real.json() == documented_error(bigmarker_operations["polls_create"], 404)

    assert stored(settings, alice, alices["id"]) == before
    assert polls_of(settings, alice, conference["id"]) == [alices["id"]]
