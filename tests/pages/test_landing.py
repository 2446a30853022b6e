"""A conference's public address without a token: the landing page, and its
form (also MyOwnConference's join form), over HTTP."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import httpx

from tests.api.bigmarker.helpers import enforce_block_list
from tests.api.myownconference.helpers import ok as moc_ok
from tests.conftest import Tenant
from tests.pages.helpers import (
    TICKET,
    bigmarker_presenter,
    bigmarker_register,
    bigmarker_webinar,
    email,
    local_path,
    moc_participant,
    moc_webinar,
    personal_link_of,
    role_of_ticket,
    ticket_of,
)
from tests.pages.public_pages import UNREADABLE_FORMS
from tests.room.conftest import RoomServer
from webinarium.settings import Settings

INPUT = re.compile(r'<(?:input|select|textarea)[^>]* name="([^"]+)"')


def _inputs(page: httpx.Response) -> list[str]:
    return INPUT.findall(page.text)


def _api_names(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, str]:
    """The conference's custom fields: api name by field name."""
    fields = http.get(
        f"/api/v1/conferences/custom_fields/{conference_id}", headers=tenant.headers
    ).json()
    return {f["field_name"]: f["api_name"] for f in fields}


def _join(http: httpx.Client, address: str, **form: str) -> httpx.Response:
    return http.post(address, data=form, follow_redirects=False)


def test_the_landing_page_shows_the_webinar_and_its_form(http: httpx.Client, alice: Tenant) -> None:
    webinar = bigmarker_webinar(
        http,
        alice,
        starts_in=timedelta(days=2),
        title="Landing <page>",
        custom_fields=[
            {"field_name": "Company size", "field_type": "dropdown", "options": ["1-10", "11+"]},
            {"field_name": "Why", "required": True},
        ],
    )
    shown = bigmarker_presenter(http, alice, webinar["id"])
    hidden = bigmarker_presenter(http, alice, webinar["id"])
    changed = http.put(
        f"/api/v1/presenters/{hidden['presenter_id']}",
        headers=alice.headers,
        json={"display_on_landing_page": False, "name": "Hidden Speaker"},
    )
    assert changed.status_code == 200, changed.text

    page = http.get(local_path(webinar["conference_address"]))

    assert page.status_code == 200, page.text
    assert "<h1>Landing &lt;page&gt;</h1>" in page.text
    assert webinar["purpose"] in page.text
    start = webinar["start_time"].replace(" ", "T")[:16]
    assert f'<time datetime="{start}:00Z">' in page.text
    assert "60 minutes" in page.text
    assert shown["display_name"] in page.text
    assert "Hidden Speaker" not in page.text
    fields = _api_names(http, alice, webinar["id"])
    assert _inputs(page) == [
        "first_name",
        "last_name",
        "email",
        f"answer.{fields['Company size']}",
        f"answer.{fields['Why']}",
    ]
    assert "/static/landing.js" in page.text
    assert TICKET.search(page.text) is None


def test_registering_on_the_form_leads_into_the_room_as_an_attendee(
    http: httpx.Client, server_url: str, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice)
    address = local_path(webinar["conference_address"])
    visitor = email("form")

    sent = _join(http, address, first_name="Fay", last_name="Form", email=visitor)

    # The confirmation page first, which hands out the personal link.
    assert sent.status_code == 303, sent.text
    confirmation = sent.headers["location"]
    assert confirmation.startswith(f"{address}/registered?token=")
    link = personal_link_of(http.get(confirmation))
    assert link.startswith(f"{address}?token=")
    assert role_of_ticket(server_url, ticket_of(http.get(link))) == "attendee"
    listed = http.get(
        f"/api/v1/conferences/registrations/{webinar['id']}", headers=alice.headers
    ).json()["registrations"]
    (row,) = [r for r in listed if r["email"] == visitor]
    assert (row["first_name"], row["last_name"]) == ("Fay", "Form")
    # Its personal link is the one the APIs show.
    assert local_path(row["enter_url"]) == link


def test_too_early_the_form_leads_to_the_personal_link_saying_when_the_room_opens(
    http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, starts_in=timedelta(days=1))
    address = local_path(webinar["conference_address"])

    sent = _join(http, address, first_name="Early", last_name="Bird", email=email("early"))
    link = personal_link_of(http.get(sent.headers["location"]))
    page = http.get(link)

    assert page.status_code == 200, page.text
    assert "not open yet" in page.text
    assert f"https://webinars.example.test{link}" in unescape(page.text)


def test_refusals_show_on_the_form(http: httpx.Client, alice: Tenant) -> None:
    webinar = bigmarker_webinar(
        http, alice, custom_fields=[{"field_name": "Why", "required": True}]
    )
    why = _api_names(http, alice, webinar["id"])["Why"]
    address = local_path(webinar["conference_address"])
    enforce_block_list(http, alice, webinar["id"], "blocked.test")
    presenter = bigmarker_presenter(http, alice, webinar["id"])

    cases = [
        ({"first_name": "No", "email": email("x"), f"answer.{why}": ""}, 400, "Why is required"),
        ({"first_name": "No", "email": "not an address", f"answer.{why}": "x"}, 400, "e-mail"),
        ({"first_name": "", "email": email("x"), f"answer.{why}": "x"}, 400, "First name"),
        ({"first_name": "Bo", "email": "bo@blocked.test", f"answer.{why}": "x"}, 400, ""),
        ({"first_name": "Me", "email": presenter["email"], f"answer.{why}": "x"}, 403, "presenter"),
    ]
    for form, status, words in cases:
        sent = _join(http, address, **form)
        assert sent.status_code == status, (form, sent.text)
        assert 'class="error"' in sent.text, form
        assert words.lower() in unescape(sent.text).lower(), (form, sent.text)
        assert TICKET.search(sent.text) is None
        # The form again, with what was written.
        assert f'value="{form["email"]}"' in unescape(sent.text)
    listed = http.get(
        f"/api/v1/conferences/registrations/{webinar['id']}", headers=alice.headers
    ).json()["registrations"]
    assert listed == []


def test_a_registered_address_enters_without_being_changed(
    http: httpx.Client, server_url: str, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice)
    visitor = email("known")
    bigmarker_register(http, alice, webinar["id"], visitor)

    sent = _join(
        http,
        local_path(webinar["conference_address"]),
        first_name="Someone",
        last_name="Else",
        email=visitor,
    )

    # The room at once, with no personal link handed out.
    assert role_of_ticket(server_url, ticket_of(sent)) == "attendee"
    assert "token=" not in sent.text
    listed = http.get(
        f"/api/v1/conferences/registrations/{webinar['id']}", headers=alice.headers
    ).json()["registrations"]
    (row,) = [r for r in listed if r["email"] == visitor]
    assert (row["first_name"], row["last_name"]) == ("Reg", "Istrant")


def test_a_myownconference_webinar_asks_its_login_fields(
    http: httpx.Client, server_url: str, alice: Tenant
) -> None:
    webinar = moc_webinar(http, alice)
    moc_ok(
        http,
        alice,
        "webinarsSet",
        {"alias": webinar["alias"], "settings": {"loginFields": ["name", "email", "phone"]}},
    )
    address = local_path(webinar["webinarLink"])

    assert _inputs(http.get(address)) == ["first_name", "last_name", "email", "phone"]
    visitor = email("moc")
    missing = _join(http, address, first_name="Mo", email=visitor)
    assert missing.status_code == 400
    assert "Phone is required" in missing.text
    sent = _join(http, address, first_name="Mo", last_name="C", email=visitor, phone="+100200")
    assert sent.status_code == 303, sent.text
    link = personal_link_of(http.get(sent.headers["location"]))
    assert role_of_ticket(server_url, ticket_of(http.get(link))) == "attendee"
    (row,) = moc_ok(
        http, alice, "attendeesList", {"fields": ["email", "phone"], "search": visitor}
    )["list"]
    assert row["phone"] == "+100200"


def test_a_myownconference_webinar_may_hide_its_title_and_start(
    http: httpx.Client, alice: Tenant
) -> None:
    webinar = moc_webinar(http, alice)
    address = local_path(webinar["webinarLink"])
    shown = http.get(address).text
    assert "<h1>Links on MyOwnConference</h1>" in shown
    assert "<time datetime=" in shown

    moc_ok(
        http,
        alice,
        "webinarsSet",
        {"alias": webinar["alias"], "settings": {"showLoginName": "NO", "showLoginStart": "NO"}},
    )

    hidden = http.get(address).text
    assert "Links on MyOwnConference" not in hidden
    assert "<h1>Join the webinar</h1>" in hidden
    assert "<time datetime=" not in hidden
    assert _inputs(http.get(address)) == ["first_name", "last_name", "email"]


def test_a_closed_webinar_lets_in_its_participants_only(
    http: httpx.Client, server_url: str, alice: Tenant
) -> None:
    webinar = moc_webinar(http, alice)
    moc_ok(http, alice, "webinarsSet", {"alias": webinar["alias"], "close": "YES"})
    participant, _ = moc_participant(http, alice, webinar["alias"])
    address = local_path(webinar["webinarLink"])

    page = http.get(address)
    assert _inputs(page) == ["email"]
    assert "closed" in page.text
    stranger = _join(http, address, email=email("stranger"))
    assert stranger.status_code == 403, stranger.text
    assert "only its participants" in stranger.text
    entered = _join(http, address, email=participant.upper())
    assert role_of_ticket(server_url, ticket_of(entered)) == "attendee"
    registered = moc_ok(
        http, alice, "attendeesList", {"fields": ["email"], "alias": webinar["alias"]}
    )
    assert registered["count"] == "1"


def test_an_unknown_address_is_the_clear_404_page(http: httpx.Client, alice: Tenant) -> None:
    for path in (f"/{alice.channel_url}/no-such-webinar", "/no-such-channel/x"):
        page = http.get(path)
        assert page.status_code == 404, path
        assert "there is no webinar at this address" in page.text
        assert _join(http, path, email=email()).status_code == 404


def test_the_form_is_throttled_per_address(settings: Settings, alice: Tenant) -> None:
    server = RoomServer(settings, join_form_per_address=3).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            address = local_path(bigmarker_webinar(http, alice)["conference_address"])
            answers = [
                _join(http, address, first_name="Ann", last_name="Lee", email=email())
                for _ in range(4)
            ]
    finally:
        server.stop()

    assert [a.status_code for a in answers[:3]] == [303, 303, 303]
    refused = answers[3]
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "Too many sign-ups from your address" in unescape(refused.text)
    # The form again, with what was typed.
    assert 'value="Ann"' in refused.text


def test_an_unreadable_form_is_the_pages_refusal(http: httpx.Client, alice: Tenant) -> None:
    webinar = bigmarker_webinar(http, alice)
    address = local_path(webinar["conference_address"])
    for body, status, words in UNREADABLE_FORMS:
        refused = http.post(address, **body)
        assert refused.status_code == status, refused.text
        assert refused.headers["content-type"].startswith("text/html"), refused.text
        assert words in unescape(refused.text)
    listed = http.get(
        f"/api/v1/conferences/registrations/{webinar['id']}", headers=alice.headers
    ).json()["registrations"]
    assert listed == []
