"""The console's webinars over HTTP: the list (tabs, search, pages, a channel
admin's channels), create with every field (read back through the BigMarker
API: the same domain), each refusal next to its field with nothing written,
edit, copy, cancel, delete, another account's webinar, a form without its CSRF
token, HTML in a title, and the audit rows each change writes."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.console.helpers import add_user, console_client, submit
from webinarium.accounts.service import get_account
from webinarium.channels.service import create_channel
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import ConferenceDraft, ConferenceKind, settings_of
from webinarium.conferences.service import create_conference, get_conference
from webinarium.kit.actors import Actor
from webinarium.kit.time import utcnow
from webinarium.models import AuditEntry, Conference
from webinarium.settings import Settings

_CONFERENCE_ID = re.compile(r"^/console/webinars/([^/]+)$")


def webinar_form(tenant: Tenant, **fields: str) -> dict[str, str]:
    """A complete, valid form for a new webinar; ``fields`` replace or add values."""
    start = utcnow() + timedelta(days=10)
    form = {
        "title": "Console webinar",
        "purpose": "Made in the console.",
        "channel_id": tenant.channel_id,
        "series_id": "",
        "start_date": f"{start:%Y-%m-%d}",
        "start_time": "15:30",
        "time_zone": "Europe/Paris",
        "duration_minutes": "45",
        "schedule": "one_time",
        "more_starts": "",
        "webcast_mode": "automatic",
        "attendee_chat": "1",
        "show_question_button": "1",
        "show_attendee_list": "1",
        "show_raise_hand_button": "1",
        "reminder_three_days_before": "1",
        "reminder_one_day_before": "1",
        "reminders_to_presenters": "1",
    }
    form.update(fields)
    return {name: value for name, value in form.items() if value is not None}


def created_id(response: httpx.Response) -> str:
    assert response.status_code == 303, response.text
    found = _CONFERENCE_ID.match(response.headers["location"])
    assert found is not None, response.headers["location"]
    return found.group(1)


def bigmarker(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, Any]:
    response = http.get(f"/api/v1/conferences/{conference_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def stored(settings: Settings, tenant: Tenant, conference_id: str) -> Conference:
    async def read(session: AsyncSession) -> Conference:
        account = await get_account(session, tenant.account_id)
        return await get_conference(session, account, conference_id)

    return in_database(settings, read)


def conference_count(settings: Settings, tenant: Tenant) -> int:
    async def count(session: AsyncSession) -> int:
        rows = await session.scalars(
            select(Conference.id).where(Conference.account_id == tenant.account_id)
        )
        return len(list(rows))

    return in_database(settings, count)


def audit_actions(settings: Settings, tenant: Tenant, conference_id: str) -> list[str]:
    async def read(session: AsyncSession) -> list[str]:
        rows = await session.scalars(
            select(AuditEntry)
            .where(AuditEntry.account_id == tenant.account_id)
            .where(AuditEntry.subject_id == conference_id)
        )
        return sorted(row.action for row in rows)

    return in_database(settings, read)


def make_webinar(
    settings: Settings,
    tenant: Tenant,
    title: str,
    *,
    starts_in: timedelta = timedelta(days=3),
    channel_id: str | None = None,
    kind: ConferenceKind = ConferenceKind.WEBINAR,
) -> str:
    async def work(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        conference = await create_conference(
            session,
            account,
            ConferenceDraft(
                channel_id=channel_id or tenant.channel_id,
                title=title,
                kind=kind,
                start=utcnow() + starts_in,
                duration_minutes=60,
            ),
        )
        return conference.id

    return in_database(settings, work)


# The list


def test_the_list_has_tabs_search_and_pages(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    upcoming = [make_webinar(settings, fresh_tenant, f"Upcoming {n:02d}") for n in range(22)]
    live = make_webinar(settings, fresh_tenant, "Live one", starts_in=timedelta(minutes=-10))
    past = make_webinar(settings, fresh_tenant, "Past one", starts_in=timedelta(days=-3))
    with console_client(server_url, fresh_tenant) as client:
        first = client.get("/console/webinars")
        assert first.status_code == 200
        assert "Page 1 of 2" in first.text
        second = client.get("/console/webinars?when=upcoming&page=2")
        assert "Page 2 of 2" in second.text
        on_first = set(re.findall(r'href="/console/webinars/([^"/]+)"', first.text)) - {"new"}
        on_second = set(re.findall(r'href="/console/webinars/([^"/]+)"', second.text)) - {"new"}
        # 20 a page, by start, the live and past ones in their own tabs.
        assert len(on_first) == 20
        assert len(on_second) == 2
        assert on_first | on_second == set(upcoming)
        assert on_second == set(upcoming[20:])

        live_tab = client.get("/console/webinars?when=live")
        assert live in live_tab.text
        assert "Live</span>" in live_tab.text
        assert past not in live_tab.text
        past_tab = client.get("/console/webinars?when=past")
        assert past in past_tab.text
        assert live not in past_tab.text

        found = client.get("/console/webinars", params={"when": "upcoming", "q": "coming 07"})
        listed = set(re.findall(r'href="/console/webinars/([^"/]+)"', found.text)) - {"new"}
        assert listed == {upcoming[7]}
        nothing = client.get("/console/webinars", params={"q": "<b>none</b>"})
        assert "&lt;b&gt;none&lt;/b&gt;" in nothing.text
        assert "<b>none</b>" not in nothing.text
        # A page number that is not one is the first page, not an error.
        assert client.get("/console/webinars?page=abc").status_code == 200


def test_the_list_shows_registrants_and_the_status(
    server_url: str, http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = make_webinar(settings, fresh_tenant, "Counted")
    for n in range(3):
        registered = http.put(
            "/api/v1/conferences/register",
            headers=fresh_tenant.headers,
            json={
                "id": conference_id,
                "email": f"r{n}@example.test",
                "first_name": "R",
                "last_name": "N",
            },
        )
        assert registered.status_code == 200, registered.text
    with console_client(server_url, fresh_tenant) as client:
        page = client.get("/console/webinars").text
    row = page[page.index(conference_id) :]
    row = row[: row.index("</tr>")]
    assert re.search(r'data-label="Registrants" class="number">3<', row), row
    assert "Upcoming" in row


def test_a_channel_admin_lists_only_their_channels_webinars(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    async def second_channel(session: AsyncSession) -> str:
        account = await get_account(session, fresh_tenant.account_id)
        return (await create_channel(session, account, name="Other channel")).id

    other_channel = in_database(settings, second_channel)
    mine = make_webinar(settings, fresh_tenant, "In my channel", channel_id=other_channel)
    not_mine = make_webinar(settings, fresh_tenant, "In the main channel")
    admin = add_user(settings, fresh_tenant, role="channel_admin", channel_ids=[other_channel])
    with console_client(server_url, admin) as client:
        page = client.get("/console/webinars").text
        assert mine in page
        assert not_mine not in page
        assert client.get(f"/console/webinars/{not_mine}").status_code == 404
        assert client.get(f"/console/webinars/{not_mine}/edit").status_code == 404
        # The new webinar form offers their channel only.
        form = client.get("/console/webinars/new").text
        assert other_channel in form
        assert fresh_tenant.channel_id not in form
        refused = submit(
            client, "/console/webinars/new", webinar_form(fresh_tenant, title="Not here")
        )
        assert refused.status_code == 400
        assert "Choose one of your channels." in refused.text
    with console_client(server_url, fresh_tenant) as owner:
        page = owner.get("/console/webinars").text
        assert mine in page
        assert not_mine in page


# Create


def test_create_with_every_field(
    server_url: str, http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    form = webinar_form(
        fresh_tenant,
        title="Quarterly review",
        purpose="Numbers & plans",
        start_time="09:15",
        time_zone="America/New_York",
        duration_minutes="90",
        webcast_mode="optional",
        auto_record="1",
        moderate_questions="1",
        attendee_chat="",
        reminder_three_days_before="",
        reminders_to_presenters="",
        **{
            "q-0-label": "Company",
            "q-0-type": "text",
            "q-0-required": "1",
            "q-0-options": "",
            "q-1-label": "Team size",
            "q-1-type": "dropdown",
            "q-1-options": "1-10\n11-50\n51+",
            "q-2-label": "",
            "q-2-type": "text",
        },
    )
    with console_client(server_url, fresh_tenant) as client:
        conference_id = created_id(submit(client, "/console/webinars/new", form))
        overview = client.get(f"/console/webinars/{conference_id}")
        assert "Webinar created." in overview.text
    shown = bigmarker(http, fresh_tenant, conference_id)
    assert shown["title"] == "Quarterly review"
    assert shown["purpose"] == "Numbers & plans"
    assert shown["start_time"] == f"{form['start_date']} 09:15"
    # BigMarker names the zone as Rails does.
    assert shown["time_zone"] == "Eastern Time (US & Canada)"
    assert shown["duration"] == 90
    assert shown["webcast_mode"] == "optional"
    assert shown["send_reminder_emails_to_presenters"] is False
    assert shown["channel_id"] == fresh_tenant.channel_id
    fields = http.get(
        f"/api/v1/conferences/custom_fields/{conference_id}", headers=fresh_tenant.headers
    ).json()
    assert [(f["field_name"], f["field_type"], f["required"], f["options"]) for f in fields] == [
        ("Company", "text", True, []),
        ("Team size", "dropdown", False, ["1-10", "11-50", "51+"]),
    ]
    # What BigMarker's Show does not print, read from the conference itself.
    conference_settings = settings_of(stored(settings, fresh_tenant, conference_id))
    assert conference_settings.auto_record is True
    assert conference_settings.attendee_chat is False
    assert conference_settings.show_question_button is True
    assert conference_settings.moderate_questions is True
    emails = conference_settings.attendee_emails
    assert emails["three_days_before"].enabled is False
    assert emails["one_day_before"].enabled is True
    assert audit_actions(settings, fresh_tenant, conference_id) == ["webinar.created"]


def test_create_a_recurring_webinar_in_a_series(
    server_url: str, http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    series_id = make_webinar(settings, fresh_tenant, "A series", kind=ConferenceKind.SERIES)
    form = webinar_form(fresh_tenant, title="Weekly", schedule="recurring", series_id=series_id)
    day = form["start_date"]
    form["more_starts"] = "\n".join(
        [
            f"{utcnow() + timedelta(days=17):%Y-%m-%d} 15:30",
            "",
            f"{utcnow() + timedelta(days=24):%Y-%m-%d} 15:30",
        ]
    )
    with console_client(server_url, fresh_tenant) as client:
        conference_id = created_id(submit(client, "/console/webinars/new", form))
        edit = client.get(f"/console/webinars/{conference_id}/edit").text
    shown = bigmarker(http, fresh_tenant, conference_id)
    assert shown["type"] == "recurring_parent"
    assert shown["series_id"] == series_id
    assert shown["start_time"] == f"{day} 15:30"
    children = http.get(
        f"/api/v1/conferences/recurring/{conference_id}", headers=fresh_tenant.headers
    ).json()["child_conferences"]
    assert len(children) == 3
    # The edit form shows the sessions after the first, one a line.
    assert f"{utcnow() + timedelta(days=24):%Y-%m-%d} 15:30" in edit


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"title": "  "}, "title", "Give the webinar a title."),
        ({"title": "x" * 101}, "title", "at most 100 characters"),
        ({"start_date": "2030-02-31"}, "start_date", "The start"),
        ({"start_date": ""}, "start_date", "Give the date and the time"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "unknown time zone"),
        ({"duration_minutes": "ninety"}, "duration_minutes", "whole minutes"),
        ({"duration_minutes": "5000"}, "duration_minutes", "duration must be between 1 and 1439"),
        ({"webcast_mode": "sideways"}, "webcast_mode", "Input should be"),
        ({"series_id": "nope"}, "series_id", "Choose one of the series listed."),
        (
            {"schedule": "recurring", "more_starts": "next tuesday"},
            "more_starts",
            "Line 1:",
        ),
        (
            {"q-0-label": "Colour", "q-0-type": "radio", "q-0-options": ""},
            "q-0-options",
            "needs options",
        ),
        ({"q-0-label": "Colour", "q-0-type": "hologram"}, "q-0-type", "Input should be"),
        (
            {"q-0-label": "Colour", "q-0-type": "text", "q-1-label": "Colour", "q-1-type": "text"},
            "q-1-label",
            "distinct",
        ),
    ],
)
def test_each_invalid_field_is_refused_next_to_it_and_nothing_is_written(
    server_url: str,
    settings: Settings,
    fresh_tenant: Tenant,
    fields: dict[str, str],
    field_id: str,
    message: str,
) -> None:
    before = conference_count(settings, fresh_tenant)
    form = webinar_form(fresh_tenant, **{"title": "Typed title <i>kept</i>", **fields})
    with console_client(server_url, fresh_tenant) as client:
        refused = submit(client, "/console/webinars/new", form)
    assert refused.status_code == 400, refused.text
    error = re.search(rf'<p class="error" id="field-{field_id}-error">([^<]*)</p>', refused.text)
    assert error is not None, refused.text
    assert message in error.group(1)
    assert f'aria-invalid="true" aria-describedby="field-{field_id}-error"' in refused.text or (
        f'id="field-{field_id}"' in refused.text and 'aria-invalid="true"' in refused.text
    )
    # What was typed is shown again (escaped).
    if "title" not in fields:
        assert 'value="Typed title &lt;i&gt;kept&lt;/i&gt;"' in refused.text
    assert conference_count(settings, fresh_tenant) == before


# Edit, copy, cancel, delete


def test_edit_changes_the_webinar_and_keeps_question_answers_keyed(
    server_url: str, http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        conference_id = created_id(
            submit(
                client,
                "/console/webinars/new",
                webinar_form(fresh_tenant, **{"q-0-label": "Company", "q-0-type": "text"}),
            )
        )
        edit = client.get(f"/console/webinars/{conference_id}/edit")
        assert edit.status_code == 200
        assert 'value="Console webinar"' in edit.text
        assert 'name="q-0-api_name" value="company"' in edit.text
        changed = submit(
            client,
            f"/console/webinars/{conference_id}/edit",
            webinar_form(
                fresh_tenant,
                title="Renamed",
                duration_minutes="30",
                start_time="18:00",
                webcast_mode="required",
                **{"q-0-label": "Company name", "q-0-type": "text", "q-0-api_name": "company"},
            ),
        )
        assert changed.status_code == 303, changed.text
        refused = submit(
            client,
            f"/console/webinars/{conference_id}/edit",
            webinar_form(fresh_tenant, title="Not kept", duration_minutes="0"),
        )
        assert refused.status_code == 400
        assert 'id="field-duration_minutes-error"' in refused.text
    shown = bigmarker(http, fresh_tenant, conference_id)
    assert (shown["title"], shown["duration"], shown["webcast_mode"]) == ("Renamed", 30, "required")
    assert shown["start_time"].endswith(" 18:00")
    fields = http.get(
        f"/api/v1/conferences/custom_fields/{conference_id}", headers=fresh_tenant.headers
    ).json()
    assert [(f["field_name"], f["api_name"]) for f in fields] == [("Company name", "company")]
    assert audit_actions(settings, fresh_tenant, conference_id) == [
        "webinar.created",
        "webinar.updated",
    ]


def test_copy_makes_an_upcoming_webinar_and_opens_its_edit_page(
    server_url: str, http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        source = created_id(
            submit(
                client,
                "/console/webinars/new",
                webinar_form(fresh_tenant, title="Original", **{"q-0-label": "Role"}),
            )
        )
        copied = submit(client, f"/console/webinars/{source}/copy", {})
        assert copied.status_code == 303
        location = copied.headers["location"]
        assert location.endswith("/edit")
        copy_id = location.split("/")[3]
        assert copy_id != source
        assert "Copy made" in client.get(location).text
    shown = bigmarker(http, fresh_tenant, copy_id)
    assert shown["title"] == "Copy of Original"
    assert shown["copy_webinar_id"] == source
    assert shown["duration"] == 45
    fields = http.get(
        f"/api/v1/conferences/custom_fields/{copy_id}", headers=fresh_tenant.headers
    ).json()
    assert [f["field_name"] for f in fields] == ["Role"]
    assert audit_actions(settings, fresh_tenant, copy_id) == ["webinar.copied"]


def test_cancel_asks_first_then_cancels(
    server_url: str, http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = make_webinar(settings, fresh_tenant, "To cancel")
    with console_client(server_url, fresh_tenant) as client:
        confirm = client.get(f"/console/webinars/{conference_id}/cancel")
        assert confirm.status_code == 200
        assert f'action="/console/webinars/{conference_id}/cancel"' in confirm.text
        assert bigmarker(http, fresh_tenant, conference_id)["title"] == "To cancel"
        done = submit(client, f"/console/webinars/{conference_id}/cancel", {})
        assert done.status_code == 303
        assert "Cancelled" in client.get(done.headers["location"]).text
        # The service refuses a second cancel; the console shows its sentence.
        again = submit(client, f"/console/webinars/{conference_id}/cancel", {})
        assert again.status_code == 400
        assert "has been cancelled" in again.text
    assert stored(settings, fresh_tenant, conference_id).status == "cancelled"
    # The event feed says it, and who did it: the console's user.
    feed = http.get("/api/webinarium/v1/events?limit=1000", headers=fresh_tenant.headers).json()
    (cancelled,) = [
        e
        for e in feed["data"]
        if e["type"] == "conference.cancelled" and e["data"]["conference_id"] == conference_id
    ]
    assert cancelled["data"]["by"].startswith("user")
    assert audit_actions(settings, fresh_tenant, conference_id) == ["webinar.cancelled"]


def test_delete_asks_first_then_deletes(
    server_url: str, http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = make_webinar(settings, fresh_tenant, "To delete")
    with console_client(server_url, fresh_tenant) as client:
        confirm = client.get(f"/console/webinars/{conference_id}/delete")
        assert "cannot be undone" in confirm.text
        done = submit(client, f"/console/webinars/{conference_id}/delete", {})
        assert done.status_code == 303
        assert done.headers["location"] == "/console/webinars"
        assert client.get(f"/console/webinars/{conference_id}").status_code == 404
    gone = http.get(f"/api/v1/conferences/{conference_id}", headers=fresh_tenant.headers)
    assert gone.status_code == 404
    assert audit_actions(settings, fresh_tenant, conference_id) == ["webinar.deleted"]


# Refusals


def test_another_accounts_webinar_is_not_found(
    server_url: str, settings: Settings, alice: Tenant, bob: Tenant
) -> None:
    conference_id = make_webinar(settings, alice, "Alice's own")
    with console_client(server_url, bob) as client:
        for path in ("", "/edit", "/cancel", "/delete", "/checklist.json"):
            assert client.get(f"/console/webinars/{conference_id}{path}").status_code == 404
        for path in ("/edit", "/copy", "/cancel", "/delete", "/host"):
            refused = submit(client, f"/console/webinars/{conference_id}{path}", webinar_form(bob))
            assert refused.status_code == 404, path
    assert stored(settings, alice, conference_id).status == "scheduled"
    assert stored(settings, alice, conference_id).title == "Alice's own"


def test_a_form_without_its_csrf_token_changes_nothing(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = make_webinar(settings, fresh_tenant, "Untouched")
    before = conference_count(settings, fresh_tenant)
    with console_client(server_url, fresh_tenant) as client:
        for path, data in [
            ("/console/webinars/new", webinar_form(fresh_tenant)),
            (f"/console/webinars/{conference_id}/edit", webinar_form(fresh_tenant, title="Forged")),
            (f"/console/webinars/{conference_id}/delete", {}),
            (f"/console/webinars/{conference_id}/cancel", {}),
        ]:
            forged = client.post(path, data={**data, "csrf_token": "forged"})
            assert forged.status_code == 403, path
            assert "This form has expired" in forged.text
            assert client.post(path, data=data).status_code == 403
    assert conference_count(settings, fresh_tenant) == before
    conference = stored(settings, fresh_tenant, conference_id)
    assert (conference.title, conference.status) == ("Untouched", "scheduled")


def test_html_in_a_title_is_shown_as_text(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    title = '<script>alert("x")</script><b>Bold</b>'
    with console_client(server_url, fresh_tenant) as client:
        conference_id = created_id(
            submit(client, "/console/webinars/new", webinar_form(fresh_tenant, title=title))
        )
        for page in (
            client.get("/console/webinars"),
            client.get(f"/console/webinars/{conference_id}"),
            client.get(f"/console/webinars/{conference_id}/edit"),
            client.get(f"/console/webinars/{conference_id}/delete"),
        ):
            assert page.status_code == 200
            assert "<script>alert" not in page.text
            assert "<b>Bold</b>" not in page.text
            assert "&lt;script&gt;alert(" in page.text


def test_a_cancelled_webinar_shows_no_room_to_enter(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = make_webinar(settings, fresh_tenant, "Called off")

    async def cancel(session: AsyncSession) -> None:
        account = await get_account(session, fresh_tenant.account_id)
        conference = await get_conference(session, account, conference_id)
        await lifecycle.cancel(session, account, conference, by=Actor("api"))

    in_database(settings, cancel)
    with console_client(server_url, fresh_tenant) as client:
        page = client.get(f"/console/webinars/{conference_id}").text
    assert "Enter the room as host" not in page
    assert "its room is closed" in page


def test_a_series_is_not_edited_by_this_form(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    series_id = make_webinar(settings, fresh_tenant, "A series", kind=ConferenceKind.SERIES)
    with console_client(server_url, fresh_tenant) as client:
        page = client.get(f"/console/webinars/{series_id}/edit")
        assert page.status_code == 200
        assert "change it through the API" in page.text
        assert 'name="title"' not in page.text
        sent = submit(
            client, f"/console/webinars/{series_id}/edit", webinar_form(fresh_tenant, title="No")
        )
        assert sent.status_code == 400
        assert "change it through the API" in sent.text
    assert stored(settings, fresh_tenant, series_id).title == "A series"
