"""Connect pages on the suite's shared server (no worker): who may see them,
API keys (shown once, last used, revoked), webhook endpoint forms, e-mail
template checks (syntax, sandbox, escaping, reset), the SMTP status without a
server, another account's endpoint, CSRF."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.console.helpers import add_user, console_client, csrf_of, submit
from webinarium.models import ApiKey
from webinarium.settings import Settings

CONNECT_PAGES = [
    "/console/connect",
    "/console/connect/api-keys",
    "/console/connect/webhooks",
    "/console/connect/emails",
    "/console/connect/emails/registration_confirmation",
    "/console/connect/smtp",
]
NEW_KEY = re.compile(r'data-testid="new-key">([^<]+)<')
SECRET = re.compile(r'data-testid="secret">([^<]+)<')
# A BigMarker GET route (read-only unit) and what a refused key gets.
CHANNELS = "/api/v1/channels"


def last_used(settings: Settings, prefix: str) -> object:
    async def read(session: AsyncSession) -> object:
        return await session.scalar(select(ApiKey.last_used_at).where(ApiKey.prefix == prefix))

    return in_database(settings, read)


def test_owner_sees_every_connect_page_and_a_channel_admin_none(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as owner:
        for path in CONNECT_PAGES:
            assert owner.get(path).status_code == 200, path
    channel_admin = add_user(
        settings, fresh_tenant, role="channel_admin", channel_ids=[fresh_tenant.channel_id]
    )
    with console_client(server_url, channel_admin) as client:
        for path in CONNECT_PAGES:
            assert client.get(path).status_code == 403, path
        refused = submit(client, "/console/connect/api-keys", {"name": "sneaky"})
        assert refused.status_code == 403
    admin = add_user(settings, fresh_tenant, role="admin")
    with console_client(server_url, admin) as client:
        assert client.get("/console/connect/api-keys").status_code == 200


def test_a_key_is_shown_once_works_records_its_last_use_once_a_minute_and_revokes(
    server_url: str, settings: Settings, fresh_tenant: Tenant, http: httpx.Client
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        empty = submit(client, "/console/connect/api-keys", {"name": "  "})
        assert empty.status_code == 400
        assert "Give the key a name" in empty.text

        created = submit(client, "/console/connect/api-keys", {"name": "CRM <sync>"})
        assert created.status_code == 200
        assert created.headers["cache-control"] == "no-store"
        match = NEW_KEY.search(created.text)
        assert match, created.text
        plain = match.group(1)
        prefix = plain[:12]
        assert "CRM &lt;sync&gt;" in created.text
        assert "CRM <sync>" not in created.text

        listed = client.get("/console/connect/api-keys")
        assert plain not in listed.text
        row = re.search(
            r'<tr data-key="\w+">\s*<td>CRM &lt;sync&gt;</td>(.*?)</tr>', listed.text, re.S
        )
        assert row is not None
        assert f"{prefix}…" in row.group(1)
        assert "Never" in row.group(1)
        assert last_used(settings, prefix) is None

        # A read-only route records the use (after its unit, before the answer).
        assert http.get(CHANNELS, headers={"API-KEY": plain}).status_code == 200
        first = last_used(settings, prefix)
        assert first is not None
        row = client.get("/console/connect/api-keys").text
        assert "Never" not in re.search(r"CRM &lt;sync&gt;</td>(.*?)</tr>", row, re.S).group(1)

        # Within the minute: not written again.
        assert http.get(CHANNELS, headers={"API-KEY": plain}).status_code == 200
        assert last_used(settings, prefix) == first

        # A minute old: written again.
        async def age(session: AsyncSession) -> None:
            await session.execute(
                update(ApiKey)
                .where(ApiKey.prefix == prefix)
                .values(last_used_at=first - timedelta(minutes=2))  # type: ignore[operator]
            )

        in_database(settings, age)
        assert http.get(CHANNELS, headers={"API-KEY": plain}).status_code == 200
        assert last_used(settings, prefix) > first - timedelta(minutes=2)  # type: ignore[operator]

        key_id = re.search(r'<tr data-key="(\w+)">\s*<td>CRM', listed.text).group(1)  # type: ignore[union-attr]
        revoked = submit(client, f"/console/connect/api-keys/{key_id}/revoke", {})
        assert revoked.status_code == 303
        assert http.get(CHANNELS, headers={"API-KEY": plain}).status_code == 401
        assert "Revoked" in client.get("/console/connect/api-keys").text


def test_an_endpoint_form_says_what_is_wrong_next_to_the_field(
    server_url: str, fresh_tenant: Tenant, alice: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        bad_url = submit(
            client, "/console/connect/webhooks", {"url": "ftp://example.com/x", "all_events": "1"}
        )
        assert bad_url.status_code == 400
        assert "Enter an http:// or https:// URL" in bad_url.text
        assert 'value="ftp://example.com/x"' in bad_url.text
        no_events = submit(client, "/console/connect/webhooks", {"url": "https://example.com/h"})
        assert no_events.status_code == 400
        assert "at least one event type" in no_events.text
        other_webinar = submit(
            client,
            "/console/connect/webhooks",
            {"url": "https://example.com/h", "all_events": "1", "conference_id": "nope"},
        )
        assert other_webinar.status_code == 400
        assert "No webinar of this account has this ID" in other_webinar.text
        assert (
            "https://example.com/h"
            not in client.get("/console/connect/webhooks").text.split("<h2>Add an endpoint")[0]
        )

        created = submit(
            client,
            "/console/connect/webhooks",
            [("url", "https://example.com/<hook>"), ("event_types", "registration.created")],
        )
        assert created.status_code == 200
        secret = SECRET.search(created.text)
        assert secret is not None
        assert secret.group(1).startswith("whsec_")
        assert "https://example.com/&lt;hook&gt;" in created.text
        endpoint_id = re.search(
            r'action="/console/connect/webhooks/(\w+)/test"', created.text
        ).group(1)  # type: ignore[union-attr]
        page = client.get(f"/console/connect/webhooks/{endpoint_id}")
        assert page.status_code == 200
        assert secret.group(1) not in page.text

        # Another account's endpoint is none at all.
    with console_client(server_url, alice) as other:
        assert other.get(f"/console/connect/webhooks/{endpoint_id}").status_code == 404
        assert (
            submit(other, f"/console/connect/webhooks/{endpoint_id}/delete", {}).status_code == 404
        )
    with console_client(server_url, fresh_tenant) as client:
        assert client.get(f"/console/connect/webhooks/{endpoint_id}").status_code == 200


def test_a_form_without_its_csrf_token_is_refused(server_url: str, fresh_tenant: Tenant) -> None:
    with console_client(server_url, fresh_tenant) as client:
        csrf_of(client.get("/console/connect/api-keys").text)
        forged = client.post("/console/connect/api-keys", data={"name": "forged"})
        assert forged.status_code == 403
        wrong = client.post(
            "/console/connect/api-keys", data={"name": "forged", "csrf_token": "x" * 40}
        )
        assert wrong.status_code == 403
        assert "forged" not in client.get("/console/connect/api-keys").text


def test_a_template_is_checked_when_saved_previewed_escaped_and_reset(
    server_url: str, fresh_tenant: Tenant
) -> None:
    path = "/console/connect/emails/registration_confirmation"
    with console_client(server_url, fresh_tenant) as client:
        editor = client.get(path)
        assert editor.status_code == 200
        # Prefilled with the built-in source.
        assert html.escape("You are registered: {{ title }}", quote=True) in editor.text

        def send(
            action: str, subject: str, text: str = "T {{ title }}", body: str = "<p>{{ name }}</p>"
        ) -> httpx.Response:
            fields = {
                "language": "en",
                "action": action,
                "subject": subject,
                "text": text,
                "html": body,
            }
            return submit(client, path, fields)

        broken = send("save", "Hello {% if %}")
        assert broken.status_code == 400
        assert "Line 1: Expected an expression" in broken.text
        assert "Hello {% if %}" in broken.text  # the typed value, kept

        escape = send("save", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
        assert escape.status_code == 400
        assert "unsafe" in escape.text
        unknown = send("preview", "{{ password }}")
        assert unknown.status_code == 400
        assert "&#39;password&#39; is undefined" in unknown.text

        preview = send(
            "preview", "Hi {{ title }}", body="<p>{{ name }}</p><script>alert(1)</script>"
        )
        assert preview.status_code == 200
        assert 'data-testid="preview-subject">Hi Sample webinar<' in preview.text
        # The HTML only as the sandboxed iframe's srcdoc, escaped into the attribute.
        assert '<iframe title="HTML preview" sandbox="" srcdoc="&lt;p&gt;' in preview.text
        assert "<script>alert(1)</script>" not in preview.text.split("</form>")[-1]
        assert "Default" in client.get("/console/connect/emails").text

        saved = send("save", "Welcome to {{ title }}!")
        assert saved.status_code == 303
        again = client.get(path)
        assert "Welcome to {{ title }}!" in again.text
        assert "customised" in again.text
        assert "Customised" in client.get("/console/connect/emails").text

        reset = submit(client, f"{path}/reset", {"language": "en"})
        assert reset.status_code == 303
        assert "Welcome to" not in client.get(path).text
        assert client.get("/console/connect/emails/no_such_kind").status_code == 404


def test_the_smtp_page_without_a_server_points_to_the_dev_mailbox(
    server_url: str, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        page = client.get("/console/connect/smtp")
        assert page.status_code == 200
        assert "No SMTP server is configured" in page.text
        assert 'href="/dev/mail"' in page.text
        checked = client.get("/console/connect/smtp?check=1")
        assert checked.status_code == 200
