"""The console's webinar form sets the registration page's settings —
approval, closed, the seat limit, the consent to ask — stored in the webinar's
settings the public pages read (the page shows them), each refusal next to its
field with nothing written, shown on the overview, recorded in the audit log."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import Tenant
from tests.console.helpers import console_client, form_of, submit
from tests.console.test_webinars import (
    audit_actions,
    conference_count,
    created_id,
    stored,
    webinar_form,
)
from tests.pages.helpers import local_path
from webinarium.conferences.schemas import settings_of
from webinarium.settings import Settings


def _facts(html: str) -> dict[str, str]:
    """The overview's facts: text of each <dd> by its <dt>."""
    pairs = re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", html, re.S)
    return {term: re.sub(r"<[^>]+>", "", value).strip() for term, value in pairs}


def test_the_form_sets_the_registration_settings_the_public_page_follows(
    server_url: str, http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    consent = "I agree to the <b>privacy</b> policy"
    with console_client(server_url, fresh_tenant) as client:
        blank = client.get("/console/webinars/new")
        for name in ("registration_approval", "registration_closed"):
            assert re.search(rf'<input type="checkbox" value="1" id="field-{name}"', blank.text)
        assert 'type="number" value="" id="field-registration_limit"' in blank.text
        conference_id = created_id(
            submit(
                client,
                "/console/webinars/new",
                webinar_form(
                    fresh_tenant,
                    registration_approval="1",
                    registration_limit="25",
                    registration_consent_text=f"  {consent}  ",
                ),
            )
        )
        kept = settings_of(stored(settings, fresh_tenant, conference_id))
        assert kept.registration_approval is True
        assert kept.registration_closed is False
        assert kept.registration_limit == 25
        assert kept.registration_consent_text == consent

        overview = client.get(f"/console/webinars/{conference_id}")
        facts = _facts(overview.text)
        assert facts["Registration"] == "Open"
        assert facts["Approval"] == "New registrations wait for your approval"
        assert facts["Seats"] == "25"
        # Text, never markup.
        assert facts["Consent"] == "I agree to the &lt;b&gt;privacy&lt;/b&gt; policy"

        address = local_path(
            http.get(f"/api/v1/conferences/{conference_id}", headers=fresh_tenant.headers).json()[
                "conference_address"
            ]
        )
        page = http.get(address)
        assert "I agree to the &lt;b&gt;privacy&lt;/b&gt; policy" in page.text
        assert 'name="consent"' in page.text

        edit = client.get(f"/console/webinars/{conference_id}/edit")
        assert re.search(r'value="1" checked id="field-registration_approval"', edit.text)
        assert 'type="number" value="25" id="field-registration_limit"' in edit.text
        assert f">{consent.replace('<', '&lt;').replace('>', '&gt;')}</textarea>" in edit.text

        # Closed, no limit, no consent, no approval: each undone by the form.
        changed = submit(
            client,
            f"/console/webinars/{conference_id}/edit",
            webinar_form(fresh_tenant, registration_closed="1", registration_limit=""),
        )
        assert changed.status_code == 303, changed.text
        kept = settings_of(stored(settings, fresh_tenant, conference_id))
        assert kept.registration_approval is False
        assert kept.registration_closed is True
        assert kept.registration_limit is None
        assert kept.registration_consent_text is None
        facts = _facts(client.get(f"/console/webinars/{conference_id}").text)
        assert (facts["Registration"], facts["Approval"], facts["Seats"], facts["Consent"]) == (
            "Closed",
            "Not asked",
            "No limit",
            "Not asked",
        )
        assert "Registration is closed" in http.get(address).text
    assert audit_actions(settings, fresh_tenant, conference_id) == [
        "webinar.created",
        "webinar.updated",
    ]


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"registration_limit": "0"}, "registration_limit", "at least 1"),
        ({"registration_limit": "-3"}, "registration_limit", "at least 1"),
        ({"registration_limit": "2.5"}, "registration_limit", "whole number"),
        ({"registration_limit": "many"}, "registration_limit", "whole number"),
        ({"registration_consent_text": "x" * 2001}, "registration_consent_text", "2000"),
    ],
)
def test_a_wrong_registration_setting_is_refused_next_to_it(
    server_url: str,
    settings: Settings,
    fresh_tenant: Tenant,
    fields: dict[str, str],
    field_id: str,
    message: str,
) -> None:
    before = conference_count(settings, fresh_tenant)
    with console_client(server_url, fresh_tenant) as client:
        refused = submit(client, "/console/webinars/new", webinar_form(fresh_tenant, **fields))
    assert refused.status_code == 400, refused.text
    error = re.search(rf'<p class="error" id="field-{field_id}-error">([^<]*)</p>', refused.text)
    assert error is not None, refused.text
    assert message in error.group(1)
    assert re.search(
        rf'id="field-{field_id}" name="{field_id}"[^>]* aria-invalid="true"', refused.text
    )
    typed = next(iter(fields.values()))
    assert typed in refused.text  # shown again as typed
    assert conference_count(settings, fresh_tenant) == before


def _with(fields: list[tuple[str, str]], **changed: str) -> list[tuple[str, str]]:
    """A form as shown with ``changed`` typed into it (`submit` adds the CSRF token)."""
    return [(name, changed.get(name, value)) for name, value in fields if name != "csrf_token"]


def test_a_save_writes_what_its_user_changed_and_keeps_what_changed_meanwhile(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        conference_id = created_id(
            submit(
                client,
                "/console/webinars/new",
                webinar_form(
                    fresh_tenant,
                    purpose="First line.\r\nSecond line.",
                    **{"q-0-label": "Size", "q-0-type": "dropdown", "q-0-options": "S\r\nM"},
                ),
            )
        )
        action = f"/console/webinars/{conference_id}/edit"
        # Two tabs open the form; the organiser then switches approval on
        # from the registrants page, and the second tab saves a description.
        first_tab = form_of(client.get(action).text, action)
        second_tab = form_of(client.get(action).text, action)
        switched = submit(
            client,
            f"/console/webinars/{conference_id}/registrants/approval",
            {"registration_approval": "on"},
        )
        assert switched.status_code == 303
        saved = submit(client, action, _with(second_tab, purpose="Described again."))
        assert saved.status_code == 303, saved.text

        # The first tab, still showing approval off and the old description,
        # renames the webinar: only the title is its change.
        saved = submit(client, action, _with(first_tab, title="Renamed"))
        assert saved.status_code == 303, saved.text

        kept = stored(settings, fresh_tenant, conference_id)
        assert kept.title == "Renamed"
        assert kept.purpose == "Described again."
        assert settings_of(kept).registration_approval is True

        # A change is written whatever was changed meanwhile, to it or to others.
        third_tab = form_of(client.get(action).text, action)
        fourth_tab = form_of(client.get(action).text, action)
        assert ("registration_approval", "1") in third_tab
        saved = submit(client, action, _with(fourth_tab, title="Fourth", purpose="Fourth."))
        assert saved.status_code == 303, saved.text
        unticked = [(name, value) for name, value in third_tab if name != "registration_approval"]
        saved = submit(client, action, _with(unticked, title="Third"))
        assert saved.status_code == 303, saved.text
        kept = stored(settings, fresh_tenant, conference_id)
        assert (kept.title, kept.purpose) == ("Third", "Fourth.")
        assert settings_of(kept).registration_approval is False
