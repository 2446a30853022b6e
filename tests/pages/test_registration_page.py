"""The registration page (a conference's public address) over HTTP: custom
fields and their types, consent, block lists, the confirmation page and its
.ics, and the page's states (closed, full, cancelled, ended)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import httpx
from icalendar import Calendar

from tests.api.bigmarker.helpers import enforce_block_list
from tests.conftest import Tenant
from tests.pages.helpers import (
    TICKET,
    bigmarker_register,
    bigmarker_webinar,
    email,
    local_path,
    personal_link_of,
    role_of_ticket,
    ticket_of,
)
from tests.pages.public_pages import api_names, cancel, problem_of, register_on_page, registrations
from tests.recordings.helpers import store_mp4
from webinarium.settings import Settings

QUESTIONS = [
    {"field_name": "Why", "required": True},
    {"field_name": "Team size", "field_type": "number"},
    {"field_name": "Role", "field_type": "dropdown", "options": ["Dev", "Ops"], "required": True},
    {"field_name": "Start date", "field_type": "date"},
    {"field_name": "Newsletter", "field_type": "checkbox"},
]


def _person(name: str = "visitor") -> dict[str, str]:
    return {"first_name": "Vi", "last_name": "Sitor", "email": email(name)}


def test_custom_fields_are_asked_with_their_types_and_checked_beside_each_field(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, custom_fields=QUESTIONS)
    names = {k: f"answer.{v}" for k, v in api_names(http, alice, webinar["id"]).items()}
    address = local_path(webinar["conference_address"])

    page = http.get(address)
    assert page.status_code == 200
    assert f'type="number" id="field-5" name="{names["Team size"]}"' in page.text
    assert f'<select id="field-6" name="{names["Role"]}" required' in page.text
    assert f'type="date" id="field-7" name="{names["Start date"]}"' in page.text
    assert f'<input type="checkbox" id="field-8" name="{names["Newsletter"]}"' in page.text
    # Every input has its label.
    for number in range(1, 9):
        assert f'<label for="field-{number}">' in page.text

    refused = register_on_page(
        http,
        address,
        **_person(),
        **{names["Team size"]: "a dozen", names["Role"]: "Boss", names["Start date"]: "01/02"},
    )
    assert refused.status_code == 400, refused.text
    assert problem_of(refused, names["Why"]) == "Why is required."
    assert problem_of(refused, names["Team size"]) == "Enter a number."
    assert problem_of(refused, names["Role"]) == "Choose one of the options."
    assert problem_of(refused, names["Start date"]) == "Enter a date as YYYY-MM-DD."
    assert problem_of(refused, "email") is None
    assert 'value="a dozen"' in refused.text  # what was typed, shown again
    assert registrations(settings, webinar["id"]) == []

    answers = {
        names["Why"]: "To learn",
        names["Team size"]: "12",
        names["Role"]: "Ops",
        names["Start date"]: "2027-01-02",
        names["Newsletter"]: "yes",
    }
    sent = register_on_page(http, address, **_person(), **answers)
    assert sent.status_code == 303, sent.text
    (registration,) = registrations(settings, webinar["id"])
    assert sorted(registration.answers.values()) == ["12", "2027-01-02", "Ops", "To learn", "yes"]


def test_consent_is_required_when_the_webinar_asks_for_it_and_its_moment_kept(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(
        http, alice, registration_consent_text="I agree to <b>the terms</b> & privacy policy"
    )
    address = local_path(webinar["conference_address"])
    page = http.get(address)
    assert "I agree to &lt;b&gt;the terms&lt;/b&gt; &amp; privacy policy" in page.text
    assert '<input type="checkbox" id="field-4" name="consent" value="yes" required' in page.text

    refused = register_on_page(http, address, **_person())
    assert refused.status_code == 400
    assert problem_of(refused, "consent") == "Your consent is required to register."
    assert registrations(settings, webinar["id"]) == []

    before = datetime.now(UTC).replace(tzinfo=None)
    sent = register_on_page(http, address, **_person(), consent="yes")
    assert sent.status_code == 303, sent.text
    (registration,) = registrations(settings, webinar["id"])
    assert registration.consented_at is not None
    assert before - timedelta(seconds=1) <= registration.consented_at.replace(tzinfo=None)


def test_a_blocked_address_is_refused_beside_the_email(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice)
    enforce_block_list(http, alice, webinar["id"], "blocked.test")
    address = local_path(webinar["conference_address"])

    refused = register_on_page(http, address, first_name="Bo", email="bo@blocked.test")

    assert refused.status_code == 400
    assert problem_of(refused, "email") == "This e-mail address may not register for this webinar."
    assert 'value="bo@blocked.test"' in refused.text
    assert registrations(settings, webinar["id"]) == []


def test_what_a_visitor_types_is_never_markup(http: httpx.Client, alice: Tenant) -> None:
    webinar = bigmarker_webinar(
        http, alice, title='<script>alert("t")</script>', custom_fields=[{"field_name": "Q"}]
    )
    address = local_path(webinar["conference_address"])
    q = f"answer.{api_names(http, alice, webinar['id'])['Q']}"

    page = http.get(address)
    refused = register_on_page(
        http, address, first_name='"><script>x()</script>', email="not-an-address", **{q: "<i>"}
    )

    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page.text
    assert refused.status_code == 400
    assert "<script>x()" not in refused.text
    assert 'value="&#34;&gt;&lt;script&gt;x()&lt;/script&gt;"' in refused.text
    assert 'value="&lt;i&gt;"' in refused.text
    assert problem_of(refused, "email") == "Enter a valid e-mail address."


def test_the_confirmation_page_gives_the_personal_link_and_the_calendar_file(
    http: httpx.Client, server_url: str, alice: Tenant
) -> None:
    soon = bigmarker_webinar(http, alice, starts_in=timedelta(minutes=5))
    later = bigmarker_webinar(http, alice, starts_in=timedelta(days=2), title="Later one")

    for webinar, may_enter in ((soon, True), (later, False)):
        address = local_path(webinar["conference_address"])
        sent = register_on_page(http, address, **_person())
        assert sent.status_code == 303
        assert sent.headers["cache-control"] == "no-store"
        confirmation = http.get(sent.headers["location"])
        assert confirmation.status_code == 200
        assert confirmation.headers["cache-control"] == "no-store"
        assert confirmation.headers["referrer-policy"] == "no-referrer"
        assert "You are registered" in confirmation.text
        start = webinar["start_time"].replace(" ", "T")[:16]
        assert f'<time datetime="{start}:00Z">' in confirmation.text
        link = personal_link_of(confirmation)
        assert link.startswith(f"{address}?token=")
        assert ("Enter now" in confirmation.text) is may_enter
        room = http.get(link)
        if may_enter:
            assert role_of_ticket(server_url, ticket_of(room)) == "attendee"
        else:
            assert "not open yet" in room.text
            assert TICKET.search(room.text) is None

        ics_path = unescape(confirmation.text.split('download="webinar.ics"')[0]).rsplit(
            'href="', 1
        )[1]
        ics = http.get(ics_path.split('"')[0])
        assert ics.status_code == 200
        assert ics.headers["content-type"].startswith("text/calendar")
        assert ics.headers["cache-control"] == "no-store"
        assert "attachment" in ics.headers["content-disposition"]
        (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
        expected = datetime.strptime(webinar["start_time"][:16], "%Y-%m-%d %H:%M")
        assert event.decoded("dtstart") == expected.replace(tzinfo=UTC)
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=60)
        assert local_path(str(event.get("url"))) == link
        assert str(event.get("summary")) == webinar["title"]


def test_the_confirmation_page_wants_the_registrations_own_token(
    http: httpx.Client, alice: Tenant
) -> None:
    one = bigmarker_webinar(http, alice)
    other = bigmarker_webinar(http, alice, title="Other")
    _, enter_url = bigmarker_register(http, alice, one["id"], email("token"))
    token = httpx.URL(enter_url).params["token"]
    other_address = local_path(other["conference_address"])

    for path in (
        f"{other_address}/registered?token={token}",
        f"{other_address}/calendar.ics?token={token}",
        f"{other_address}/registered?token=forged",
        f"{other_address}/registered",
    ):
        page = http.get(path)
        assert page.status_code == 401, path
        assert "You are registered" not in page.text
    assert http.get(f"{local_path(one['conference_address'])}/registered?token={token}").is_success


def test_registration_closed_by_the_organiser(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, registration_closed=True)
    address = local_path(webinar["conference_address"])

    page = http.get(address)
    refused = register_on_page(http, address, **_person())

    assert page.status_code == 200
    assert "Registration is closed" in page.text
    assert 'name="email"' not in page.text
    assert refused.status_code == 403
    assert "Registration is closed" in refused.text
    assert registrations(settings, webinar["id"]) == []


def test_a_full_webinar_takes_no_more_registrations(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, registration_limit=2, login_show_seats_left=True)
    address = local_path(webinar["conference_address"])
    first = email("first")
    bigmarker_register(http, alice, webinar["id"], first)
    assert "1 seat left" in http.get(address).text

    assert register_on_page(http, address, **_person()).status_code == 303
    page = http.get(address)
    refused = register_on_page(http, address, **_person())
    again = register_on_page(http, address, first_name="F", email=first)

    assert page.status_code == 200
    assert "This webinar is full" in page.text
    assert 'name="email"' not in page.text
    assert refused.status_code == 409
    assert "This webinar is full" in refused.text
    # Someone registered still enters with the form.
    assert again.status_code == 200
    assert TICKET.search(again.text) is not None
    assert len(registrations(settings, webinar["id"])) == 2


def test_every_dialects_register_keeps_the_same_seats(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, registration_limit=1)
    bigmarker_register(http, alice, webinar["id"], email("seated"))
    closed = bigmarker_webinar(http, alice, registration_closed=True)

    full = http.put(
        "/api/v1/conferences/register",
        headers=alice.headers,
        json={"id": webinar["id"], "email": email("late"), "first_name": "La", "last_name": "Te"},
    )
    refused = http.put(
        "/api/v1/conferences/register",
        headers=alice.headers,
        json={"id": closed["id"], "email": email("late"), "first_name": "La", "last_name": "Te"},
    )

    assert full.status_code == 409, full.text
    assert "full" in full.json()["error"]
    assert refused.status_code == 403, refused.text
    assert "closed" in refused.json()["error"]
    assert len(registrations(settings, webinar["id"])) == 1
    assert registrations(settings, closed["id"]) == []


def _race(server_url: str, address: str, racers: int) -> list[int]:
    """The statuses of ``racers`` registrations sent at once."""
    barrier = threading.Barrier(racers)
    statuses: list[int] = []

    def register() -> None:
        with httpx.Client(base_url=server_url, timeout=30) as client:
            barrier.wait()
            statuses.append(register_on_page(client, address, **_person("racer")).status_code)

    threads = [threading.Thread(target=register) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_two_visitors_racing_for_the_last_seat_one_gets_it(
    server_url: str, http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    for _ in range(3):
        webinar = bigmarker_webinar(http, alice, registration_limit=1)
        address = local_path(webinar["conference_address"])

        statuses = _race(server_url, address, 2)

        assert sorted(statuses) == [303, 409]
        assert len(registrations(settings, webinar["id"])) == 1


def test_a_cancelled_webinar_says_so_and_takes_no_registration(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, starts_in=timedelta(days=1))
    cancel(settings, alice, webinar["id"])
    address = local_path(webinar["conference_address"])

    page = http.get(address)
    refused = register_on_page(http, address, **_person())

    assert page.status_code == 200
    assert "This webinar was cancelled" in page.text
    assert 'name="email"' not in page.text
    assert refused.status_code == 410
    assert "This webinar was cancelled" in refused.text
    assert registrations(settings, webinar["id"]) == []


def test_an_ended_webinar_links_to_its_published_recording(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    webinar = bigmarker_webinar(http, fresh_tenant, starts_in=timedelta(hours=-3))
    address = local_path(webinar["conference_address"])

    ended = http.get(address)
    assert ended.status_code == 200
    assert "This webinar has ended" in ended.text
    assert "Watch the recording" not in ended.text
    assert register_on_page(http, address, **_person()).status_code == 410

    store_mp4(settings, fresh_tenant, webinar["id"], tmp_path)
    published = http.get(
        f"/api/v1/conferences/{webinar['id']}/publish_recording", headers=fresh_tenant.headers
    )
    assert published.status_code == 200
    with_recording = http.get(address)
    assert f'<a class="button" href="{address}/recording">Watch the recording</a>' in (
        with_recording.text
    )
