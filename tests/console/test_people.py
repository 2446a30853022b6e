"""The account's people in the console: who may see and change them, role
changes and removals (never the last owner), each in the audit log."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.console.helpers import add_user, console_client, submit
from webinarium.accounts import audit
from webinarium.accounts.repository import AccountRepository
from webinarium.settings import Settings


def test_the_owner_changes_roles_and_removes_people_each_change_audited(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    admin = add_user(settings, fresh_tenant, role="admin")
    with console_client(server_url, fresh_tenant) as owner:
        page = owner.get("/console/people")
        assert page.status_code == 200
        assert admin.email in page.text
        assert fresh_tenant.email in page.text
        user_id = _user_id(page.text, admin.email)

        made = submit(
            owner,
            f"/console/people/{user_id}/role",
            [("role", "channel_admin"), ("channel_ids", fresh_tenant.channel_id)],
        )
        assert made.status_code == 303
        # Now a channel admin: no People, no Audit, no Connect.
        with console_client(server_url, admin) as demoted:
            assert demoted.get("/console/people").status_code == 403
            assert demoted.get("/console/audit").status_code == 403
            assert "/console/people" not in demoted.get("/console/webinars").text

        no_channel = submit(owner, f"/console/people/{user_id}/role", {"role": "channel_admin"})
        assert no_channel.status_code == 400
        assert "at least one channel" in no_channel.text
        foreign = submit(
            owner,
            f"/console/people/{user_id}/role",
            [("role", "channel_admin"), ("channel_ids", "01notachannel0000000")],
        )
        assert foreign.status_code == 400

        removed = submit(owner, f"/console/people/{user_id}/remove", {})
        assert removed.status_code == 303
        assert admin.email not in owner.get("/console/people").text
        # The removed user's sessions are gone with them.
        with httpx.Client(base_url=server_url) as client:
            refused = client.post(
                "/console/sign-in", data={"email": admin.email, "password": admin.password}
            )
            assert refused.status_code == 400

        audit = owner.get("/console/audit")
        assert f"Made {admin.email} Channel admin" in audit.text
        assert f"Removed {admin.email}" in audit.text
        # Filtered by action.
        only_removals = owner.get("/console/audit", params={"action": "person.removed"}).text
        assert f"Removed {admin.email}" in only_removals
        assert f"Made {admin.email}" not in only_removals


def test_the_last_owner_stays(server_url: str, fresh_tenant: Tenant) -> None:
    with console_client(server_url, fresh_tenant) as owner:
        me = _user_id(owner.get("/console/people").text, fresh_tenant.email)
        demoted = submit(owner, f"/console/people/{me}/role", {"role": "admin"})
        assert demoted.status_code == 400
        assert "last owner" in demoted.text
        removed = submit(owner, f"/console/people/{me}/remove", {})
        assert removed.status_code == 400
        assert owner.get("/console/people").status_code == 200
        assert "Removed" not in owner.get("/console/audit").text


def test_admins_see_people_but_only_owners_change_them(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    admin = add_user(settings, fresh_tenant, role="admin")
    with console_client(server_url, fresh_tenant) as owner:
        owner_id = _user_id(owner.get("/console/people").text, fresh_tenant.email)
    with console_client(server_url, admin) as client:
        page = client.get("/console/people")
        assert page.status_code == 200
        assert "Invite someone" not in page.text
        refused = submit(client, f"/console/people/{owner_id}/remove", {})
        assert refused.status_code == 403
        assert fresh_tenant.email in client.get("/console/people").text


def test_another_account_s_user_cannot_be_changed(
    server_url: str, fresh_tenant: Tenant, bob: Tenant
) -> None:
    with console_client(server_url, bob) as client:
        bobs_id = _user_id(client.get("/console/people").text, bob.email)
    with console_client(server_url, fresh_tenant) as owner:
        assert submit(owner, f"/console/people/{bobs_id}/remove", {}).status_code == 404
        assert (
            submit(owner, f"/console/people/{bobs_id}/role", {"role": "admin"}).status_code == 404
        )
    with console_client(server_url, bob) as client:
        assert bob.email in client.get("/console/people").text


def _user_id(html: str, email: str) -> str:
    """The id in the change forms of the row that shows ``email``."""
    row = html[html.index(email) :]
    start = row.index('action="/console/people/') + len('action="/console/people/')
    return row[start : row.index("/", start)]


def test_the_audit_log_pages_fifty_entries_newest_first(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    async def record_many(session: AsyncSession) -> None:
        owner = await AccountRepository(session).get_user_by_email(fresh_tenant.email)
        assert owner is not None
        for n in range(55):
            await audit.record(session, owner, "test.counted", f"Change number {n:02d}")

    in_database(settings, record_many)
    with console_client(server_url, fresh_tenant) as owner:
        first = owner.get("/console/audit").text
        assert "Change number 54" in first
        assert "Change number 05" in first
        assert "Change number 04" not in first
        assert "Older" in first
        assert "Newer" not in first
        second = owner.get("/console/audit", params={"page": "2"}).text
        assert "Change number 04" in second
        assert "Change number 00" in second
        assert "Change number 05" not in second
        assert "Newer" in second
        assert owner.get("/console/audit", params={"page": "not a number"}).status_code == 200
        assert owner.get("/console/audit", params={"page": "9" * 30}).status_code == 200
