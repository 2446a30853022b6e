"""One rule for typed answers to a webinar's registration questions
(`registrations.answers.check_answers`): the public registration page, the
console's "Add a registrant" and its CSV import take the same answers, store
them the same way and refuse the same ones. BigMarker's register stores what
its client sent (its document refuses nothing about answers)."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from tests.api.bigmarker.helpers import API, create_conference
from tests.conftest import Tenant
from tests.console.helpers import console_client, submit
from tests.pages.helpers import email, local_path
from tests.pages.public_pages import problem_of, register_on_page

QUESTIONS = [
    {"field_name": "Why", "field_type": "text", "api_name": "why", "required": True},
    {"field_name": "Team size", "field_type": "number", "api_name": "size"},
    {"field_name": "Role", "field_type": "dropdown", "api_name": "role", "options": ["Dev", "Ops"]},
    {"field_name": "Start", "field_type": "date", "api_name": "start"},
    {"field_name": "News", "field_type": "checkbox", "api_name": "news", "required": True},
]
# Accepted everywhere, some only since the page follows the console's rule
# (a decimal comma, an option in another letter case).
GOOD = {"why": " To learn ", "size": "3,5", "role": "ops", "start": "2027-01-02", "news": "yes"}
STORED = {"why": "To learn", "size": "3,5", "role": "Ops", "start": "2027-01-02", "news": "yes"}
# Refused everywhere, one problem per question ("inf" the console took before).
BAD = {"why": "", "size": "inf", "role": "Sales", "start": "2027-13-01", "news": "maybe"}


def _webinar(http: httpx.Client, tenant: Tenant) -> dict[str, Any]:
    return create_conference(
        http,
        tenant,
        title="One rule",
        start_time="2031-05-01 15:00",
        time_zone="UTC",
        custom_fields=QUESTIONS,
    )


def registrations_of(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, Any]:
    """Each registrant's answers by e-mail, keyed by the questions' api names."""
    listed = http.get(
        f"{API}/conferences/registrations_with_fields/{conference_id}",
        headers=tenant.headers,
        params={"use_api_name": "true", "per_page": 100},
    )
    assert listed.status_code == 200, listed.text
    return {r["email"]: r["custom_fields"][0] for r in listed.json()["registrations"]}


def _console_refusals(html: str) -> set[str]:
    """The questions the console's add form marks refused (by api name)."""
    return set(re.findall(r'id="field-answer-([a-z]+)-error"', html))


def test_the_page_the_console_and_the_import_take_and_refuse_the_same_answers(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = _webinar(http, fresh_tenant)
    address = local_path(webinar["conference_address"])
    add_path = f"/console/webinars/{webinar['id']}/registrants/add"
    import_path = f"/console/webinars/{webinar['id']}/registrants/import"
    on_page, by_hand, imported = email("page"), email("hand"), email("csv")
    refused_csv = email("refused")

    # Refused: the same questions from every front door, nothing written.
    page = register_on_page(
        http,
        address,
        first_name="Pa",
        email=email("refused"),
        **{f"answer.{k}": v for k, v in BAD.items()},
    )
    assert page.status_code == 400, page.text
    assert {k for k in BAD if problem_of(page, f"answer.{k}") is not None} == set(BAD)
    assert problem_of(page, "answer.why") == "Why is required."
    assert problem_of(page, "answer.size") == "Enter a number."
    assert problem_of(page, "answer.role") == "Choose one of the options."
    assert problem_of(page, "answer.start") == "Enter a date as YYYY-MM-DD."
    assert problem_of(page, "answer.news") == "This answer is not valid."
    with console_client(server_url, fresh_tenant) as console:
        added = submit(
            console,
            add_path,
            {"email": email("refused"), **{f"answer.{k}": v for k, v in BAD.items()}},
        )
        assert added.status_code == 400, added.text
        assert _console_refusals(added.text) == set(BAD)
        csv_text = "email,first_name,why,size,role,start,news\n" + ",".join(
            [refused_csv, "Cs", *BAD.values()]
        )
        result = submit(
            console,
            import_path,
            {"send_confirmations": "0"},
            files={"file": ("people.csv", csv_text.encode(), "text/csv")},
        )
        assert result.status_code == 200, result.text
        assert "<strong>0</strong> registered, <strong>1</strong> refused" in result.text
        reason = re.search(r"<tr><td>2</td><td>[^<]*</td><td>([^<]*)</td></tr>", result.text)
        assert reason is not None, result.text
        assert set(re.findall(r"(Why|Team size|Role|Start|News): ", reason.group(1))) == {
            "Why",
            "Team size",
            "Role",
            "Start",
            "News",
        }
    assert registrations_of(http, fresh_tenant, webinar["id"]) == {}

    # Accepted: the same answers kept the same way, whichever the door.
    sent = register_on_page(
        http, address, first_name="Pa", email=on_page, **{f"answer.{k}": v for k, v in GOOD.items()}
    )
    assert sent.status_code == 303, sent.text
    with console_client(server_url, fresh_tenant) as console:
        added = submit(
            console, add_path, {"email": by_hand, **{f"answer.{k}": v for k, v in GOOD.items()}}
        )
        assert added.status_code == 303, added.text
        csv_text = 'email,first_name,why,size,role,start,news\n{},Cs," To learn ","3,5",ops,{},yes'
        result = submit(
            console,
            import_path,
            {"send_confirmations": "0"},
            files={
                "file": ("people.csv", csv_text.format(imported, "2027-01-02").encode(), "text/csv")
            },
        )
        assert "<strong>1</strong> registered, <strong>0</strong> refused" in result.text
    assert registrations_of(http, fresh_tenant, webinar["id"]) == {
        on_page.lower(): STORED,
        by_hand.lower(): STORED,
        imported.lower(): STORED,
    }


def test_bigmarkers_register_stores_the_answers_its_client_sent(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    """The document's Register to Conference: ``custom_fields`` optional, keys
    the custom fields' ids, only 401 and 404 as errors — a required question
    left out or an answer of another type is not refused."""
    webinar = _webinar(http, fresh_tenant)
    fields = http.get(
        f"{API}/conferences/custom_fields/{webinar['id']}", headers=fresh_tenant.headers
    ).json()
    ids = {f["api_name"]: str(f["id"]) for f in fields}
    assert {f["api_name"] for f in fields if f["required"]} == {"why", "news"}
    without, typed = email("bare"), email("typed")

    bare = http.put(
        f"{API}/conferences/register",
        headers=fresh_tenant.headers,
        data={"id": webinar["id"], "email": without, "first_name": "B", "last_name": "Are"},
    )
    assert bare.status_code == 200, bare.text
    answered = http.put(
        f"{API}/conferences/register",
        headers=fresh_tenant.headers,
        data={
            "id": webinar["id"],
            "email": typed,
            "first_name": "T",
            "last_name": "Yped",
            "custom_fields": json.dumps({ids["size"]: "a dozen", ids["role"]: "Sales"}),
        },
    )
    assert answered.status_code == 200, answered.text
    stored = registrations_of(http, fresh_tenant, webinar["id"])
    assert set(stored) == {without.lower(), typed.lower()}
    assert {k: v for k, v in stored[typed.lower()].items() if v} == {
        "size": "a dozen",
        "role": "Sales",
    }
    assert not any(stored[without.lower()].values())


def test_a_nul_character_is_kept_as_the_replacement_character(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    """PostgreSQL's text and jsonb cannot hold U+0000 (SQLite can): every
    database keeps it as U+FFFD, as a lone surrogate is read."""
    webinar = _webinar(http, fresh_tenant)
    visitor = email("nul")
    sent = register_on_page(
        http,
        local_path(webinar["conference_address"]),
        first_name="Nu\x00l",
        email=visitor,
        **{f"answer.{k}": v for k, v in {**GOOD, "why": "To\x00learn"}.items()},
    )
    assert sent.status_code == 303, sent.text
    assert (
        registrations_of(http, fresh_tenant, str(webinar["id"]))[visitor]["why"] == "To\ufffdlearn"
    )
    listed = http.get(
        f"{API}/conferences/registrations/{webinar['id']}", headers=fresh_tenant.headers
    ).json()["registrations"]
    assert [r["first_name"] for r in listed if r["email"] == visitor] == ["Nu\ufffdl"]
    # An id with one is no webinar's.
    missing = http.get(f"{API}/conferences/{webinar['id']}%00", headers=fresh_tenant.headers)
    assert missing.status_code == 404, missing.text
