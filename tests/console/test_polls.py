"""A webinar's polls, survey and offers in the console, checked back through
BigMarker's polls API and the native survey and offers APIs: made, changed
and deleted; refusals next to the field with nothing written."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.conftest import Tenant
from tests.console.helpers import console_client, submit
from tests.console.test_presenters import audit_actions
from tests.pages.helpers import bigmarker_webinar
from webinarium.settings import Settings

_POLL_LINK = re.compile(r"/engagement/polls/([0-9a-f]+)/edit")


def poll_of(http: httpx.Client, tenant: Tenant, poll_id: str) -> dict[str, Any]:
    """The poll as BigMarker's API answers it (an update that changes nothing)."""
    response = http.put("/api/v1/polls", headers=tenant.headers, json={"poll_id": poll_id})
    assert response.status_code == 200, response.text
    poll: dict[str, Any] = response.json()
    return poll


def native(http: httpx.Client, tenant: Tenant, path: str) -> Any:
    response = http.get(f"/api/webinarium/v1{path}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_poll_created_changed_and_deleted(
    server_url: str, http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Polls")
    path = f"/console/webinars/{webinar['id']}/engagement"
    with console_client(server_url, alice) as client:
        created = submit(
            client,
            f"{path}/polls",
            {
                "question": "Which <script>?",
                "selection_method": "single",
                "choices": "Red\r\n\r\nBlue\r\n",
            },
        )
        assert created.status_code == 303, created.text
        page = client.get(path)
        assert "Which &lt;script&gt;?" in page.text
        (poll_id,) = _POLL_LINK.findall(page.text)

        poll = poll_of(http, alice, poll_id)
        assert (poll["question"], poll["selection_method"], poll["status"]) == (
            "Which <script>?",
            "single",
            "queue",
        )
        assert [c["choice"] for c in poll["choices"]] == ["Red", "Blue"]
        # The box was not ticked: the results are for the staff.
        assert poll["attendee_can_view_poll_results"] is False

        one_choice = submit(client, f"{path}/polls/{poll_id}", {"question": "Q", "choices": "Only"})
        assert one_choice.status_code == 400
        assert 'id="field-choices-error"' in one_choice.text
        assert "at least 2 choices" in one_choice.text

        saved = submit(
            client,
            f"{path}/polls/{poll_id}",
            {"question": "Rate us", "selection_method": "score", "show_results": "1"},
        )
        assert saved.status_code == 303, saved.text
        changed = poll_of(http, alice, poll_id)
        assert (changed["question"], changed["selection_method"], changed["choices"]) == (
            "Rate us",
            "score",
            [],
        )
        assert changed["attendee_can_view_poll_results"] is True

        deleted = submit(client, f"{path}/polls/{poll_id}/delete", {})
        assert deleted.status_code == 303
        gone = http.put("/api/v1/polls", headers=alice.headers, json={"poll_id": poll_id})
        assert gone.status_code == 404
    assert audit_actions(settings, alice, poll_id) == [
        "poll.created",
        "poll.updated",
        "poll.deleted",
    ]


def test_a_refused_poll_writes_nothing(server_url: str, http: httpx.Client, alice: Tenant) -> None:
    webinar = bigmarker_webinar(http, alice, title="Poll refusals")
    path = f"/console/webinars/{webinar['id']}/engagement"
    with console_client(server_url, alice) as client:
        blank = submit(client, f"{path}/polls", {"question": " ", "choices": "A\nB"})
        assert blank.status_code == 400
        assert 'id="field-question-error"' in blank.text
        twice = submit(client, f"{path}/polls", {"question": "Same?", "choices": "A\nA"})
        assert twice.status_code == 400
        assert "different from each other" in twice.text
        # What was typed is in the form again.
        assert "Same?" in twice.text
        assert "No polls yet." in twice.text
        assert _POLL_LINK.findall(client.get(path).text) == []


def test_the_survey_is_saved_as_the_native_api_reads_it(
    server_url: str, http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Survey")
    path = f"/console/webinars/{webinar['id']}/engagement/survey"
    with console_client(server_url, alice) as client:
        refused = submit(
            client,
            path,
            {"q-1-text": "Pick one", "q-1-kind": "single", "q-1-choices": "Only", "q-2-text": ""},
        )
        assert refused.status_code == 400
        assert 'id="field-q-1-choices-error"' in refused.text
        assert native(http, alice, f"/conferences/{webinar['id']}/survey")["questions"] == []

        saved = submit(
            client,
            path,
            {
                "q-1-text": "How was it?",
                "q-1-kind": "rating",
                "q-1-choices": "",
                "q-2-text": "",
                "q-2-kind": "text",
                "q-3-text": "Which part?",
                "q-3-kind": "single",
                "q-3-choices": "Talk\nQ&A",
            },
        )
        assert saved.status_code == 303, saved.text
    questions = native(http, alice, f"/conferences/{webinar['id']}/survey")["questions"]
    assert [(q["text"], q["kind"], q["choices"]) for q in questions] == [
        ("How was it?", "rating", []),
        ("Which part?", "single", ["Talk", "Q&A"]),
    ]


def test_offers_created_changed_and_deleted(
    server_url: str, http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Offers")
    path = f"/console/webinars/{webinar['id']}/engagement/offers"
    offers_path = f"/conferences/{webinar['id']}/offers"
    with console_client(server_url, alice) as client:
        bad_url = submit(
            client, path, {"title": "Buy", "button_text": "Go", "url": "javascript:alert(1)"}
        )
        assert bad_url.status_code == 400
        assert 'id="field-url-error"' in bad_url.text
        assert native(http, alice, offers_path) == []

        created = submit(
            client, path, {"title": "Buy <now>", "button_text": "Go", "url": "https://shop.test/"}
        )
        assert created.status_code == 303, created.text
        (offer,) = native(http, alice, offers_path)
        assert (offer["title"], offer["button_text"], offer["url"]) == (
            "Buy <now>",
            "Go",
            "https://shop.test/",
        )
        assert "Buy &lt;now&gt;" in client.get(f"/console/webinars/{webinar['id']}/engagement").text

        no_button = submit(
            client,
            f"{path}/{offer['id']}",
            {"title": "T", "button_text": "", "url": "https://a.test/"},
        )
        assert no_button.status_code == 400
        assert 'id="field-button_text-error"' in no_button.text
        saved = submit(
            client,
            f"{path}/{offer['id']}",
            {"title": "Half price", "button_text": "Buy", "url": "https://shop.test/half"},
        )
        assert saved.status_code == 303, saved.text
        (changed,) = native(http, alice, offers_path)
        assert (changed["title"], changed["button_text"], changed["url"]) == (
            "Half price",
            "Buy",
            "https://shop.test/half",
        )
        deleted = submit(client, f"{path}/{offer['id']}/delete", {})
        assert deleted.status_code == 303
        assert native(http, alice, offers_path) == []


def test_a_closed_polls_results_are_shown(
    server_url: str, http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Poll results")
    path = f"/console/webinars/{webinar['id']}/engagement"
    with console_client(server_url, alice) as client:
        created = submit(client, f"{path}/polls", {"question": "Tea?", "choices": "Yes\nNo"})
        assert created.status_code == 303, created.text
        (poll_id,) = _POLL_LINK.findall(client.get(path).text)
        assert "0 votes" not in client.get(path).text
        for action in ("open", "close"):
            body = {"action": action, "poll_ids": [poll_id]}
            answer = http.put("/api/v1/polls", headers=alice.headers, json=body)
            assert answer.status_code == 200, answer.text
        page = client.get(path).text
        assert "Closed" in page
        assert "Yes — 0 votes" in page
        assert "0 people voted" in page
