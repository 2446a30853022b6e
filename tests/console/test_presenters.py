"""A webinar's presenters and moderators in the console, checked back through
BigMarker's presenters API: add, edit, remove; refusals next to the field with
nothing written; HTML typed shown as text; another account's or another
channel's webinar not found; a forged form refused; the audit log."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.console.helpers import add_user, console_client, submit
from tests.pages.helpers import bigmarker_webinar, email
from webinarium.models import AuditEntry
from webinarium.settings import Settings


def api_presenters(http: httpx.Client, tenant: Tenant, conference_id: str) -> list[dict[str, Any]]:
    response = http.get(f"/api/v1/conferences/{conference_id}/presenters", headers=tenant.headers)
    assert response.status_code == 200, response.text
    presenters: list[dict[str, Any]] = response.json()["presenters"]
    return presenters


def audit_actions(settings: Settings, tenant: Tenant, subject_id: str) -> list[str]:
    async def read(session: AsyncSession) -> list[str]:
        rows = await session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.account_id == tenant.account_id, AuditEntry.subject_id == subject_id)
            .order_by(AuditEntry.created_at, AuditEntry.id)
        )
        return list(rows)

    return in_database(settings, read)


def other_channel(http: httpx.Client, tenant: Tenant) -> str:
    """A sub-channel of the tenant's channel: a channel admin's there sees no other."""
    name = email("channel").split("@")[0]
    body = {
        "master_channel_id": tenant.channel_id,
        "channel_name": "Elsewhere",
        "channel_url": name,
        "organizer_email": tenant.email,
    }
    response = http.post("/api/v1/channels", headers=tenant.headers, json=body)
    assert response.status_code == 200, response.text
    channel_id: str = response.json()["channel_id"]
    return channel_id


def presenter_form(address: str, **fields: str) -> dict[str, str]:
    return {
        "email": address,
        "first_name": "Ann",
        "last_name": "Lee",
        "role": "presenter",
        "display_on_landing_page": "1",
        **fields,
    }


def test_a_presenter_added_edited_and_removed_in_the_console(
    server_url: str, http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Console presenters")
    path = f"/console/webinars/{webinar['id']}/presenters"
    address = email("speaker")
    with console_client(server_url, alice) as client:
        added = submit(
            client,
            path,
            presenter_form(
                address,
                role="moderator",
                display_name="<b>Ann</b> & co",
                title="Head of Sales",
                photo_url="https://images.example.test/ann.png",
            ),
        )
        assert added.status_code == 303, added.text
        assert added.headers["location"] == path

        (presenter,) = api_presenters(http, alice, webinar["id"])
        assert presenter["email"] == address
        assert presenter["display_name"] == "<b>Ann</b> & co"
        assert presenter["title"] == "Head of Sales"
        assert presenter["presenter_image_url"] == "https://images.example.test/ann.png"
        # A moderator: the rights MyOwnConference's moderatorsAddToWebinar gives.
        assert (presenter["is_moderator"], presenter["can_manage"]) == (True, True)
        # No invitation asked for: the form's box was not ticked.
        assert presenter["send_email_invite"] is False

        page = client.get(path)
        assert page.status_code == 200
        assert "&lt;b&gt;Ann&lt;/b&gt; &amp; co" in page.text
        assert "<b>Ann</b>" not in page.text
        assert f"{address} added." in page.text
        # The personal link is on this page, which is neither cached nor a referrer.
        assert presenter["presenter_url"] in page.text
        assert page.headers["cache-control"] == "no-store"
        assert page.headers["referrer-policy"] == "same-origin"

        edit = client.get(f"{path}/{presenter['presenter_id']}/edit")
        assert edit.status_code == 200
        assert 'value="Head of Sales"' in edit.text
        saved = submit(
            client,
            f"{path}/{presenter['presenter_id']}",
            {"display_name": "Ann Lee", "title": "CEO", "role": "presenter", "photo_url": ""},
        )
        assert saved.status_code == 303, saved.text
        (changed,) = api_presenters(http, alice, webinar["id"])
        assert (changed["display_name"], changed["title"]) == ("Ann Lee", "CEO")
        assert changed["presenter_image_url"] is None
        assert (changed["is_moderator"], changed["can_manage"]) == (False, False)
        assert changed["display_on_landing_page"] is False

        removed = submit(client, f"{path}/{presenter['presenter_id']}/remove", {})
        assert removed.status_code == 303
        assert api_presenters(http, alice, webinar["id"]) == []

    assert audit_actions(settings, alice, presenter["presenter_id"]) == [
        "presenter.added",
        "presenter.updated",
        "presenter.removed",
    ]


def test_a_refused_presenter_form_says_why_next_to_the_field_and_keeps_nothing(
    server_url: str, http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Refusals")
    path = f"/console/webinars/{webinar['id']}/presenters"
    known = email("known")
    with console_client(server_url, alice) as client:
        assert submit(client, path, presenter_form(known)).status_code == 303

        bad_address = submit(client, path, presenter_form("not an address"))
        assert bad_address.status_code == 400
        assert 'id="field-email" name="email"' in bad_address.text
        assert "Not a valid e-mail address" in bad_address.text
        assert 'aria-invalid="true"' in bad_address.text

        newcomer = email("newcomer")
        no_names = submit(
            client, path, presenter_form(newcomer, first_name="", last_name="", title="Kept")
        )
        assert no_names.status_code == 400
        assert "needs a first and a last name" in no_names.text
        assert 'id="field-first_name-error"' in no_names.text
        # What was typed is in the form again.
        assert f'value="{newcomer}"' in no_names.text
        assert 'value="Kept"' in no_names.text

        bad_photo = submit(client, path, presenter_form(email("photo"), photo_url="ftp://x"))
        assert bad_photo.status_code == 400
        assert 'id="field-photo_url-error"' in bad_photo.text

        # Refused after the person was written (the service found them
        # presenting already): the whole change is rolled back, names too.
        twice = submit(client, path, presenter_form(known, first_name="Changed"))
        assert twice.status_code == 400
        assert "already presents" in twice.text

        too_long = submit(client, path, presenter_form(email("long"), title="x" * 201))
        assert too_long.status_code == 400
        assert 'id="field-title-error"' in too_long.text

    (only,) = api_presenters(http, alice, webinar["id"])
    assert (only["email"], only["first_name"]) == (known, "Ann")


def test_another_accounts_or_channels_webinar_is_not_found(
    server_url: str, http: httpx.Client, settings: Settings, alice: Tenant, bob: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Alice's only")
    path = f"/console/webinars/{webinar['id']}/presenters"
    elsewhere = add_user(
        settings, alice, role="channel_admin", channel_ids=[other_channel(http, alice)]
    )
    for stranger in (bob, elsewhere):
        with console_client(server_url, stranger) as client:
            for page in (path, f"/console/webinars/{webinar['id']}/content"):
                assert client.get(page).status_code == 404
            assert client.get(f"/console/webinars/{webinar['id']}/engagement").status_code == 404
            refused = submit(client, path, presenter_form(email("sneaky")))
            assert refused.status_code == 404
    assert api_presenters(http, alice, webinar["id"]) == []


def test_a_form_without_its_token_is_refused(
    server_url: str, http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Forged")
    path = f"/console/webinars/{webinar['id']}/presenters"
    with console_client(server_url, alice) as client:
        forged = client.post(path, data={**presenter_form(email("forged")), "csrf_token": "x"})
        assert forged.status_code == 403
        assert "expired" in forged.text
    assert api_presenters(http, alice, webinar["id"]) == []
