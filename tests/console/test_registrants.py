"""The console's registrants of a webinar (docs/console.md, "Registrants"),
driven over HTTP as a signed-in organiser; what it changes is read back through
the BigMarker API and the database."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import API, create_conference, enforce_block_list
from tests.conftest import Tenant, in_database
from tests.console.helpers import add_user, console_client, submit
from tests.pages.helpers import local_path
from tests.pages.public_pages import register_on_page
from webinarium.kit.ids import new_id
from webinarium.models import AuditEntry, Mail
from webinarium.pages.i18n import LANGUAGES
from webinarium.pages.templating import templates
from webinarium.registrations import sources
from webinarium.settings import Settings

QUESTIONS = [
    {"field_name": "Company", "field_type": "text", "api_name": "company", "required": True},
    {"field_name": "Team size", "field_type": "number", "api_name": "team_size"},
    {
        "field_name": "Track",
        "field_type": "dropdown",
        "api_name": "track",
        "options": ["Dev", "Ops"],
    },
]


def _webinar(http: httpx.Client, tenant: Tenant, **extra: Any) -> dict[str, Any]:
    fields = {"title": "Registrants <b>page</b>", "start_time": "2031-03-01 15:00"} | extra
    return create_conference(http, tenant, custom_fields=QUESTIONS, **fields)


def _field_ids(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, str]:
    response = http.get(f"{API}/conferences/custom_fields/{conference_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    return {f["api_name"]: str(f["id"]) for f in response.json()}


def _register(
    http: httpx.Client, tenant: Tenant, conference_id: str, email: str, answers: dict[str, str]
) -> dict[str, Any]:
    ids = _field_ids(http, tenant, conference_id)
    body = {
        "id": conference_id,
        "email": email,
        "first_name": "Ann",
        "last_name": "Lee",
        "custom_fields": json.dumps({ids[k]: v for k, v in answers.items()}),
    }
    response = http.put(f"{API}/conferences/register", headers=tenant.headers, data=body)
    assert response.status_code == 200, response.text
    registered: dict[str, Any] = response.json()
    return registered


def _registrants(http: httpx.Client, tenant: Tenant, conference_id: str) -> list[dict[str, Any]]:
    response = http.get(
        f"{API}/conferences/registrations_with_fields/{conference_id}",
        headers=tenant.headers,
        params={"per_page": 500},
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["registrations"]
    return found


def _emails(http: httpx.Client, tenant: Tenant, conference_id: str) -> set[str]:
    return {r["email"] for r in _registrants(http, tenant, conference_id)}


def _error_of(html: str, field: str) -> str:
    """The message shown next to a console form's field (macros.html's field())."""
    found = re.search(rf'id="field-{re.escape(field)}-error">([^<]*)<', html)
    assert found is not None, f"no error next to {field}"
    return found.group(1)


def _row_ids(html: str) -> list[str]:
    return re.findall(r"/registrants/([0-9A-Za-z]+)/remove", html)


def _mails(settings: Settings, address: str, kind: str) -> list[Mail]:
    async def read(session: AsyncSession) -> list[Mail]:
        rows = await session.scalars(
            select(Mail).where(Mail.to_address == address, Mail.kind == kind).order_by(Mail.id)
        )
        return list(rows)

    return in_database(settings, read)


def _calendar_text(mail: Mail) -> str:
    """The .ics attached to a mail, its folded lines joined (the enter link is in it)."""
    (attachment,) = mail.attachments
    assert attachment["filename"] == "webinar.ics"
    text: str = attachment["text"]
    return text.replace("\r\n ", "").replace("\n ", "")


def _audit(settings: Settings, tenant: Tenant) -> list[tuple[str, str]]:
    async def read(session: AsyncSession) -> list[tuple[str, str]]:
        rows = await session.scalars(
            select(AuditEntry)
            .where(AuditEntry.account_id == tenant.account_id)
            .order_by(AuditEntry.created_at, AuditEntry.id)
        )
        return [(r.action, r.summary) for r in rows]

    return in_database(settings, read)


def _unique(prefix: str) -> str:
    return f"{prefix}-{new_id().lower()}@example.test"


def test_the_list_shows_each_answer_and_finds_by_name_or_email(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = _webinar(http, fresh_tenant)
    ann, bob = _unique("ann"), _unique("bob")
    _register(
        http, fresh_tenant, webinar["id"], ann, {"company": "Acme <i>Ltd</i>", "track": "Ops"}
    )
    _register(http, fresh_tenant, webinar["id"], bob, {"company": "Globex", "team_size": "12"})
    with console_client(server_url, fresh_tenant) as console:
        page = console.get(f"/console/webinars/{webinar['id']}/registrants")
        assert page.status_code == 200, page.text
        html = page.text
        for header in ("Company", "Team size", "Track", "Approval", "Checked in"):
            assert f'<th scope="col">{header}</th>' in html
        assert "<td>Acme &lt;i&gt;Ltd&lt;/i&gt;</td>" in html
        assert "<i>Ltd</i>" not in html
        assert "<td>Ops</td>" in html
        assert "<td>12</td>" in html
        assert "Registrants &lt;b&gt;page&lt;/b&gt;" in html
        found = console.get(
            f"/console/webinars/{webinar['id']}/registrants", params={"q": bob[:8].upper()}
        )
        assert bob in found.text
        assert ann not in found.text
        assert "1 registrant matching" in found.text
        nobody = console.get(
            f"/console/webinars/{webinar['id']}/registrants", params={"q": "%_nobody"}
        )
        assert ann not in nobody.text
        assert "Nobody matches" in nobody.text


def test_pages_of_fifty(server_url: str, http: httpx.Client, fresh_tenant: Tenant) -> None:
    webinar = _webinar(http, fresh_tenant)
    lines = ["email,company"] + [f"p{n:02d}-{new_id().lower()}@example.test,Co" for n in range(53)]
    with console_client(server_url, fresh_tenant) as console:
        imported = submit(
            console,
            f"/console/webinars/{webinar['id']}/registrants/import",
            {"send_confirmations": ""},
            files={"file": ("people.csv", "\n".join(lines).encode(), "text/csv")},
        )
        assert imported.status_code == 200, imported.text
        path = f"/console/webinars/{webinar['id']}/registrants"
        first, second = console.get(path), console.get(path, params={"page": 2})
        assert len(_row_ids(first.text)) == 50
        assert len(_row_ids(second.text)) == 3
        assert not set(_row_ids(first.text)) & set(_row_ids(second.text))
        assert "Page 1 of 2" in first.text
        assert "53 registrants" in first.text


def test_add_checks_each_field_and_writes_nothing_when_refused(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    webinar = _webinar(http, fresh_tenant)
    path = f"/console/webinars/{webinar['id']}/registrants/add"
    with console_client(server_url, fresh_tenant) as console:
        form = console.get(path)
        assert form.status_code == 200
        assert 'name="answer.company"' in form.text
        assert '<option value="Dev"' in form.text
        refused = submit(
            console,
            path,
            {
                "email": "not-an-address",
                "first_name": "<script>x</script>",
                "last_name": "L",
                "answer.company": "",
                "answer.team_size": "many",
                "answer.track": "Sales",
            },
        )
        assert refused.status_code == 400
        assert _error_of(refused.text, "email") == "not a valid e-mail address"
        assert _error_of(refused.text, "answer-company") == "this answer is required"
        assert _error_of(refused.text, "answer-team_size") == "write a number, like 42 or 3.5"
        assert _error_of(refused.text, "answer-track").startswith("choose one of: Dev, Ops")
        assert 'value="not-an-address"' in refused.text
        assert 'value="many"' in refused.text
        assert "&lt;script&gt;" in refused.text
        assert "<script>x" not in refused.text
        assert _registrants(http, fresh_tenant, webinar["id"]) == []

        email = _unique("Added")
        added = submit(
            console,
            path,
            {
                "email": email,
                "first_name": "Ada",
                "last_name": "Byron",
                "answer.company": "Analytical",
                "answer.team_size": "3",
                "answer.track": "dev",
            },
        )
        assert added.status_code == 303, added.text
        assert added.headers["location"] == f"/console/webinars/{webinar['id']}/registrants"
        (registrant,) = _registrants(http, fresh_tenant, webinar["id"])
        assert registrant["email"] == email.lower()
        assert registrant["first_name"] == "Ada"
        assert sorted(registrant["custom_fields"][0].values()) == ["3", "Analytical", "Dev"]
        assert len(_mails(settings, email.lower(), "registration_confirmation")) == 0  # no worker
        again = submit(console, path, {"email": email, "answer.company": "X"})
        assert again.status_code == 400
        assert _error_of(again.text, "email") == "this address is registered already"
    assert ("registrant.added", f"Registered {email.lower()} for “{webinar['title']}”") in _audit(
        settings, fresh_tenant
    )


def test_a_blocked_address_is_refused_next_to_the_email(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = _webinar(http, fresh_tenant)
    enforce_block_list(http, fresh_tenant, webinar["id"], "blocked.example")
    with console_client(server_url, fresh_tenant) as console:
        refused = submit(
            console,
            f"/console/webinars/{webinar['id']}/registrants/add",
            {"email": "someone@blocked.example", "answer.company": "C"},
        )
    assert refused.status_code == 400
    assert "block or allow list" in _error_of(refused.text, "email")
    assert _registrants(http, fresh_tenant, webinar["id"]) == []


def test_remove_and_resend(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    webinar = _webinar(http, fresh_tenant)
    kept, removed = _unique("kept"), _unique("gone")
    for email in (kept, removed):
        _register(http, fresh_tenant, webinar["id"], email, {"company": "C"})
    path = f"/console/webinars/{webinar['id']}/registrants"
    with console_client(server_url, fresh_tenant) as console:
        html = console.get(path, params={"q": removed}).text
        (gone_id,) = _row_ids(html)
        html = console.get(path, params={"q": kept}).text
        (kept_id,) = _row_ids(html)
        assert 'data-confirm="Remove' in html
        response = submit(console, f"{path}/{gone_id}/remove", {})
        assert response.status_code == 303
        assert _emails(http, fresh_tenant, webinar["id"]) == {kept}
        # A removed registrant's confirmation is not sent again.
        again = submit(console, f"{path}/{gone_id}/resend", {})
        assert again.status_code == 400
        assert "removed" in again.text

        before = len(_mails(settings, kept, "registration_confirmation"))
        resent = submit(console, f"{path}/{kept_id}/resend", {})
        assert resent.status_code == 303, resent.text
        mails = _mails(settings, kept, "registration_confirmation")
        assert len(mails) == before + 1
        assert "?token=" in _calendar_text(mails[-1])
    actions = [action for action, _ in _audit(settings, fresh_tenant)]
    assert actions.count("registrant.removed") == 1
    assert actions.count("confirmation.resent") == 1


def test_export_is_every_registrant_as_csv_formula_safe(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = _webinar(http, fresh_tenant)
    formula = _unique("formula")
    response = http.put(
        f"{API}/conferences/register",
        headers=fresh_tenant.headers,
        data={"id": webinar["id"], "email": formula, "first_name": "=1+1", "last_name": "Ünïcode"},
    )
    assert response.status_code == 200, response.text
    plain = _unique("plain")
    _register(http, fresh_tenant, webinar["id"], plain, {"company": "Acme, Inc.", "track": "Dev"})
    with console_client(server_url, fresh_tenant) as console:
        exported = console.get(f"/console/webinars/{webinar['id']}/registrants.csv")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8"))))
    assert list(rows[0]) == [
        "email",
        "first_name",
        "last_name",
        "registered_at",
        "source",
        "approval",
        "checked_in_at",
        "Company",
        "Team size",
        "Track",
    ]
    by_email = {row["email"]: row for row in rows}
    assert set(by_email) == {formula, plain}
    assert by_email[formula]["first_name"] == "'=1+1"
    assert by_email[formula]["last_name"] == "Ünïcode"
    assert by_email[plain]["Company"] == "Acme, Inc."
    assert by_email[plain]["Track"] == "Dev"
    assert by_email[plain]["approval"] == "approved"


def test_import_registers_good_rows_and_lists_bad_ones_by_line(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    webinar = _webinar(http, fresh_tenant)
    enforce_block_list(http, fresh_tenant, webinar["id"], "blocked.example")
    taken = _unique("taken")
    _register(http, fresh_tenant, webinar["id"], taken, {"company": "C"})
    good1, good2 = _unique("good1"), _unique("good2")
    text = "\n".join(
        [
            "E-Mail;First Name;LAST_NAME;Company;team_size;Favourite colour",  # line 1
            f"{good1};Ann;Lee;Acme;5;blue",  # 2: registered
            "not-an-address;X;Y;Acme;;",  # 3
            f"{good1};Ann;Again;Acme;;",  # 4: same address as line 2
            "someone@blocked.example;B;L;Acme;;",  # 5
            f"{_unique('noanswer')};N;A;;;",  # 6: Company is required
            "",  # 7: blank, skipped
            f"{taken};T;K;Acme;;",  # 8: registered already
            f'{good2};"Multi; Name";Q;"=cmd";7;',  # 9: registered
            f"{_unique('nan')};Z;Z;Acme;lots;",  # 10: not a number
        ]
    )
    data = "\ufeff".encode() + text.encode()
    path = f"/console/webinars/{webinar['id']}/registrants/import"
    with console_client(server_url, fresh_tenant) as console:
        assert "Send confirmation e-mails" in console.get(path).text
        result = submit(
            console,
            path,
            {"send_confirmations": "1"},
            files={"file": ("people.csv", data, "text/csv")},
        )
    assert result.status_code == 200, result.text
    assert "<strong>2</strong> registered, <strong>6</strong> refused" in result.text
    table = result.text.split('<table class="data refused">', 1)[1].split("</table>", 1)[0]
    refused = re.findall(r"<tr><td>(\d+)</td><td>[^<]*</td><td>([^<]*)</td></tr>", table)
    reasons = {int(line): reason for line, reason in refused}
    assert sorted(reasons) == [3, 4, 5, 6, 8, 10]
    assert reasons[3] == "not a valid e-mail address"
    assert reasons[4] == "duplicate: the same address as line 2"
    assert reasons[5].startswith("this address may not register")
    assert reasons[6] == "Company: this answer is required"
    assert reasons[8] == "duplicate: registered already"
    assert reasons[10] == "Team size: write a number, like 42 or 3.5"
    assert "Favourite colour" in result.text  # the ignored column is named
    registrants = {r["email"]: r for r in _registrants(http, fresh_tenant, webinar["id"])}
    assert set(registrants) == {taken, good1, good2}
    assert registrants[good2]["first_name"] == "Multi; Name"
    assert sorted(registrants[good1]["custom_fields"][0].values()) == ["5", "Acme"]
    actions = _audit(settings, fresh_tenant)
    assert (
        "registrants.imported",
        f"Imported 2 registrants into “{webinar['title']}” from people.csv",
    ) in actions


def test_import_refuses_a_file_too_big_or_unreadable_whole(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = _webinar(http, fresh_tenant)
    path = f"/console/webinars/{webinar['id']}/registrants/import"
    big = b"email,company\n" + b"x" * (5 * 1024 * 1024)
    too_many = "email,company\n" + "".join(f"r{n}@example.test,C\n" for n in range(10_001))
    cases = [
        (big, "over 5 MB"),
        (too_many.encode(), "more than 10,000 rows"),
        ("email,company\nö@example.test,C".encode("latin-1"), "not UTF-8"),
        (b"name,company\nAnn,C", "must name an “email” column"),
        (b"", "the file is empty"),
    ]
    with console_client(server_url, fresh_tenant) as console:
        for data, message in cases:
            response = submit(
                console,
                path,
                {"send_confirmations": "1"},
                files={"file": ("p.csv", data, "text/csv")},
            )
            assert response.status_code == 400, message
            assert message in _error_of(response.text, "file"), message
        missing = submit(console, path, {"send_confirmations": "1"})
        assert missing.status_code == 400
        assert _error_of(missing.text, "file") == "choose a CSV file to import"
    assert _registrants(http, fresh_tenant, webinar["id"]) == []


def test_approval_holds_the_link_until_the_organiser_approves(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    soon = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")
    webinar = _webinar(http, fresh_tenant, start_time=soon, time_zone="UTC")
    path = f"/console/webinars/{webinar['id']}/registrants"
    waiting, denied = _unique("waiting"), _unique("denied")
    with console_client(server_url, fresh_tenant) as console:
        switched = submit(console, f"{path}/approval", {"registration_approval": "on"})
        assert switched.status_code == 303
        assert "wait for your approval" in console.get(path).text
        link = _register(http, fresh_tenant, webinar["id"], waiting, {"company": "C"})[
            "conference_url"
        ]
        _register(http, fresh_tenant, webinar["id"], denied, {"company": "C"})
        # Pending: listed, but its link does not open the room.
        assert _emails(http, fresh_tenant, webinar["id"]) == {waiting, denied}
        link = server_url + link.split("example.test", 1)[1]  # the public URL, as served here
        refused = httpx.get(link, timeout=30)
        assert refused.status_code == 403
        assert "Waiting for the organiser&#39;s approval" in refused.text
        assert _mails(settings, waiting, "registration_confirmation") == []

        html = console.get(path, params={"q": waiting}).text
        assert "Waiting for approval" in html
        (waiting_id,) = _row_ids(html)
        (denied_id,) = _row_ids(console.get(path, params={"q": denied}).text)
        approved = submit(console, f"{path}/{waiting_id}/approve", {})
        assert approved.status_code == 303, approved.text
        (mail,) = _mails(settings, waiting, "registration_confirmation")
        token = link.split("?token=", 1)[1].split("&", 1)[0]
        assert f"?token={token}" in _calendar_text(mail)
        room = httpx.get(link, timeout=30)
        assert room.status_code == 200
        assert "Waiting for the organiser" not in room.text
        twice = submit(console, f"{path}/{waiting_id}/approve", {})
        assert twice.status_code == 400
        assert "approved already" in twice.text

        assert submit(console, f"{path}/{denied_id}/deny", {}).status_code == 303
        assert _emails(http, fresh_tenant, webinar["id"]) == {waiting}
    actions = [action for action, _ in _audit(settings, fresh_tenant)]
    assert {"registrant.approved", "registrant.denied", "webinar.approval_changed"} <= set(actions)


def test_access_lists_of_the_webinar(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    webinar = _webinar(http, fresh_tenant)
    path = f"/console/webinars/{webinar['id']}/registrants"
    with console_client(server_url, fresh_tenant) as console:
        bad = submit(
            console,
            f"{path}/access-lists/add",
            {"list_type": "block_list", "entries": "ok@example.test\nnot a domain"},
        )
        assert bad.status_code == 400
        assert "not an e-mail address or a domain" in _error_of(bad.text, "entries")
        assert "not a domain" in bad.text  # the typed entries are kept
        added = submit(
            console,
            f"{path}/access-lists/add",
            {"list_type": "block_list", "entries": "@spam.example\nOne@Example.test"},
        )
        assert added.status_code == 303
        enforced = submit(
            console, f"{path}/access-lists/enforce", {"registration_list": "block_list"}
        )
        assert enforced.status_code == 303
        html = console.get(path).text
        assert "<span>spam.example</span>" in html
        assert "<span>one@example.test</span>" in html
        refused = submit(console, f"{path}/add", {"email": "x@spam.example", "answer.company": "C"})
        assert refused.status_code == 400
        removed = submit(
            console,
            f"{path}/access-lists/remove",
            {"list_type": "block_list", "entries": "spam.example"},
        )
        assert removed.status_code == 303
        allowed = submit(console, f"{path}/add", {"email": "x@spam.example", "answer.company": "C"})
        assert allowed.status_code == 303
    actions = [action for action, _ in _audit(settings, fresh_tenant)]
    assert actions.count("access_list.changed") == 3


def test_access_lists_of_a_channel(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant, bob: Tenant
) -> None:
    path = f"/console/channels/{fresh_tenant.channel_id}/access-lists"
    webinar = _webinar(http, fresh_tenant)
    with console_client(server_url, fresh_tenant) as console:
        page = console.get(path)
        assert page.status_code == 200
        assert "Block list" in page.text
        assert (
            submit(
                console, f"{path}/add", {"list_type": "block_list", "entries": "chan.example"}
            ).status_code
            == 303
        )
        assert "<span>chan.example</span>" in console.get(path).text
        bad = submit(console, f"{path}/add", {"list_type": "block_except_list", "entries": "a.b"})
        assert bad.status_code == 400
        refused = submit(
            console,
            f"/console/webinars/{webinar['id']}/registrants/add",
            {"email": "a@chan.example", "answer.company": "C"},
        )
        assert refused.status_code == 400
        # Another account's channel is no channel at all.
        assert console.get(f"/console/channels/{bob.channel_id}/access-lists").status_code == 404


def test_other_accounts_and_channels_see_nothing(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant, bob: Tenant, settings: Settings
) -> None:
    webinar = _webinar(http, fresh_tenant)
    email = _unique("private")
    _register(http, fresh_tenant, webinar["id"], email, {"company": "C"})
    base = f"/console/webinars/{webinar['id']}/registrants"
    with console_client(server_url, fresh_tenant) as owner:
        (registration_id,) = _row_ids(owner.get(base).text)
    other_channel = http.post(
        f"{API}/channels",
        headers=fresh_tenant.headers,
        json={
            "master_channel_id": fresh_tenant.channel_id,
            "channel_name": "Other",
            "channel_url": f"other-{new_id().lower()}",
            "organizer_email": "org@example.test",
        },
    )
    assert other_channel.status_code == 200, other_channel.text
    channel_admin = add_user(
        settings,
        fresh_tenant,
        role="channel_admin",
        channel_ids=[other_channel.json()["channel_id"]],
    )
    for tenant in (bob, channel_admin):
        with console_client(server_url, tenant) as stranger:
            for path in (base, f"{base}.csv", f"{base}/add", f"{base}/import"):
                response = stranger.get(path)
                assert response.status_code == 404, (tenant.email, path)
                assert email not in response.text
            for action in ("remove", "resend", "approve", "deny"):
                response = submit(stranger, f"{base}/{registration_id}/{action}", {})
                assert response.status_code == 404, action
            assert submit(stranger, f"{base}/add", {"email": _unique("x")}).status_code == 404
            assert (
                stranger.get(
                    f"/console/channels/{fresh_tenant.channel_id}/access-lists"
                ).status_code
                == 404
            )
    assert _emails(http, fresh_tenant, webinar["id"]) == {email}


def test_forms_without_the_csrf_token_are_refused(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = _webinar(http, fresh_tenant)
    email = _unique("csrf")
    _register(http, fresh_tenant, webinar["id"], email, {"company": "C"})
    base = f"/console/webinars/{webinar['id']}/registrants"
    with console_client(server_url, fresh_tenant) as console:
        (registration_id,) = _row_ids(console.get(base).text)
        for path, data in (
            (f"{base}/{registration_id}/remove", {}),
            (f"{base}/add", {"email": _unique("forged"), "answer.company": "C"}),
            (f"{base}/access-lists/add", {"list_type": "block_list", "entries": "x.example"}),
        ):
            forged = console.post(path, data={**data, "csrf_token": "forged"})
            assert forged.status_code == 403, path
            assert "This form has expired" in forged.text
    assert _emails(http, fresh_tenant, webinar["id"]) == {email}


def test_signed_out_is_sent_to_sign_in(server_url: str, http: httpx.Client, alice: Tenant) -> None:
    webinar = _webinar(http, alice)
    with httpx.Client(base_url=server_url, follow_redirects=False) as visitor:
        response = visitor.get(f"/console/webinars/{webinar['id']}/registrants.csv")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/sign-in?next=")


def _sources(html: str) -> dict[str, str]:
    """The Source column of the registrants page, by e-mail."""
    rows = re.findall(
        r"<td>([^<]+@[^<]+)</td>\s*<td><time[^>]*>[^<]*</time></td>\s*<td>([^<]*)</td>", html
    )
    return dict(rows)


def test_the_source_is_said_in_words_and_an_api_clients_own_as_given(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = create_conference(http, fresh_tenant, title="Sources", start_time="2031-03-01 15:00")
    path = f"/console/webinars/{webinar['id']}/registrants"
    by_page, by_hand, by_file, by_api, by_api_without = (
        _unique(way).lower() for way in ("page", "hand", "file", "api", "bare")
    )
    visited = register_on_page(
        http, local_path(webinar["conference_address"]), first_name="Vi", email=by_page
    )
    assert visited.status_code == 303, visited.text
    for email, source in ((by_api, "news<b>letter</b>"), (by_api_without, None)):
        body = {"id": webinar["id"], "email": email, "first_name": "Al", "last_name": "Pi"}
        if source:
            body["utm_bmcr_source"] = source
        registered = http.put(
            f"{API}/conferences/register", headers=fresh_tenant.headers, data=body
        )
        assert registered.status_code == 200, registered.text
    with console_client(server_url, fresh_tenant) as console:
        added = submit(console, f"{path}/add", {"email": by_hand})
        assert added.status_code == 303, added.text
        imported = submit(
            console,
            f"{path}/import",
            {"send_confirmations": ""},
            files={"file": ("people.csv", f"email\n{by_file}\n".encode(), "text/csv")},
        )
        assert imported.status_code == 200, imported.text
        shown = _sources(console.get(path).text)
    assert shown == {
        by_page: "Registration page",
        by_hand: "Added in the console",
        by_file: "CSV import",
        by_api: "news&lt;b&gt;letter&lt;/b&gt;",
        by_api_without: "—",
    }


@pytest.mark.parametrize("source", sources.OURS)
def test_each_source_of_ours_has_words_in_every_language(source: str) -> None:
    macro = templates.env.from_string(
        '{% from "console/macros.html" import registration_source with context %}'
        "{{ registration_source(source) }}"
    )
    english = macro.render(source=source, lang="en")
    assert english != source
    for language in LANGUAGES:
        if language != "en":
            assert macro.render(source=source, lang=language) not in (source, english), language
