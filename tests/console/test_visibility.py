"""Which conferences a console user sees: their account's, and for a channel
admin only those of their channels."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant, in_database
from tests.console.helpers import add_user, console_client
from webinarium.accounts.repository import AccountRepository
from webinarium.accounts.service import get_account
from webinarium.channels.service import create_channel
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.console.auth import ConsoleContext
from webinarium.settings import Settings


def _second_channel(settings: Settings, tenant: Tenant) -> str:
    async def create(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        return (await create_channel(session, account, name="Second channel")).id

    return in_database(settings, create)


def test_a_channel_admin_sees_the_conferences_of_their_channels_only(
    server_url: str, http: httpx.Client, settings: Settings, fresh_tenant: Tenant, bob: Tenant
) -> None:
    second = _second_channel(settings, fresh_tenant)
    main_one = create_conference(http, fresh_tenant, title="In the main channel")
    second_one = create_conference(
        http, fresh_tenant, title="In the second channel", channel_id=second
    )
    create_conference(http, bob, title="Of another account")
    channel_admin = add_user(settings, fresh_tenant, role="channel_admin", channel_ids=[second])

    with console_client(server_url, fresh_tenant) as owner:
        listed = owner.get("/console/webinars").text
        assert f"/console/webinars/{main_one['id']}" in listed
        assert f"/console/webinars/{second_one['id']}" in listed
        assert "Of another account" not in listed

    with console_client(server_url, channel_admin) as client:
        listed = client.get("/console/webinars").text
        assert "In the second channel" in listed
        assert "In the main channel" not in listed
        assert "Of another account" not in listed


def test_the_console_s_conference_rule_hides_other_channels_and_accounts(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, bob: Tenant
) -> None:
    second = _second_channel(settings, fresh_tenant)
    main_one = create_conference(http, fresh_tenant, title="Main")
    second_one = create_conference(http, fresh_tenant, title="Second", channel_id=second)
    bobs = create_conference(http, bob, title="Bob's")
    channel_admin = add_user(settings, fresh_tenant, role="channel_admin", channel_ids=[second])

    async def visible(session: AsyncSession) -> dict[str, bool]:
        account = await get_account(session, fresh_tenant.account_id)
        user = await AccountRepository(session).get_user_by_email(channel_admin.email)
        assert user is not None
        console = ConsoleContext(
            account=account,
            user=user,
            role="channel_admin",
            channel_ids=frozenset({second}),
            csrf_token="",
            session_id="",
        )
        seen = {}
        for conference in (main_one, second_one, bobs):
            try:
                seen[conference["title"]] = (
                    await console.conference(session, conference["id"])
                ).id == conference["id"]
            except ConferenceNotFound:
                seen[conference["title"]] = False
        return seen

    assert in_database(settings, visible) == {"Main": False, "Second": True, "Bob's": False}
