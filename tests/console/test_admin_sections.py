"""The sections for the account's owners and admins (Connect, People, Audit): every
route of their routers refuses a channel admin, before it reads or writes
anything, and a route that would leave the guard out cannot be added."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.console.helpers import add_user, console_client, submit
from webinarium.console.auth import (
    AdminConsoleRoute,
    ReadConsole,
    admin_console_router,
)
from webinarium.console.routes import ROUTERS
from webinarium.models import AuditEntry
from webinarium.settings import Settings

PARAMETER = re.compile(r"\{([^}]+)\}")


def _admin_routes() -> list[tuple[str, str]]:
    """(method, path) of every route of an admin section, its parameters filled
    with an id no row has: the guard answers before anything is looked up."""
    found = []
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, AdminConsoleRoute):
                path = PARAMETER.sub("01nosuchrow000000000", route.path)
                found.extend((method, path) for method in sorted(route.methods))
    return found


def _audit_rows(settings: Settings, account_id: str) -> int:
    async def count(session: AsyncSession) -> int:
        query = select(func.count()).where(AuditEntry.account_id == account_id)
        return int(await session.scalar(query) or 0)

    return in_database(settings, count)


def test_every_route_of_an_admin_section_refuses_a_channel_admin(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    routes = _admin_routes()
    paths = {path for _, path in routes}
    # The sections this guard is for are all in the walk.
    for expected in (
        "/console/connect",
        "/console/connect/api-keys",
        "/console/connect/webhooks",
        "/console/connect/emails",
        "/console/connect/smtp",
        "/console/people",
        "/console/people/invite",
        "/console/audit",
    ):
        assert expected in paths, expected
    assert ("POST", "/console/connect/webhooks/01nosuchrow000000000/delete") in routes
    channel_admin = add_user(
        settings, fresh_tenant, role="channel_admin", channel_ids=[fresh_tenant.channel_id]
    )
    audited = _audit_rows(settings, fresh_tenant.account_id)
    with console_client(server_url, channel_admin) as client:
        for method, path in routes:
            if method == "GET":
                answer = client.get(path)
            else:
                answer = submit(client, path, {"name": "sneaky", "email": "x@example.test"})
            assert answer.status_code == 403, (method, path)
            assert "Not for your role" in answer.text, (method, path)
    assert _audit_rows(settings, fresh_tenant.account_id) == audited
    admin = add_user(settings, fresh_tenant, role="admin")
    with console_client(server_url, admin) as client:
        for path in ("/console/connect", "/console/people"):
            assert client.get(path).status_code == 200, path


def test_a_route_of_an_admin_section_without_the_admin_guard_is_refused() -> None:
    router = admin_console_router()

    async def unguarded(console: ReadConsole) -> None:
        return None

    with pytest.raises(TypeError, match="needs AdminConsole"):
        router.get("/connect/unguarded")(unguarded)
    assert not any(
        isinstance(route, APIRoute) and route.path.endswith("/unguarded") for route in router.routes
    )


@pytest.mark.parametrize(
    ("role", "token", "title"),
    [
        ("channel_admin", "expired", "This form has expired"),
        ("channel_admin", "the page's", "Not for your role"),
        ("admin", "expired", "This form has expired"),
    ],
)
def test_an_expired_form_is_refused_as_expired_before_the_role_is_judged(
    server_url: str, settings: Settings, fresh_tenant: Tenant, role: str, token: str, title: str
) -> None:
    channels = [fresh_tenant.channel_id] if role == "channel_admin" else []
    user = add_user(settings, fresh_tenant, role=role, channel_ids=channels)
    audited = _audit_rows(settings, fresh_tenant.account_id)
    with console_client(server_url, user) as client:
        for method, path in _admin_routes():
            if method != "POST":
                continue
            form = {"name": "sneaky", "email": "x@example.test"}
            if token == "expired":
                answer = client.post(path, data={**form, "csrf_token": "from-an-old-session"})
            else:
                answer = submit(client, path, form)
            assert answer.status_code == 403, (path, answer.text)
            assert f"<h1>{title}</h1>" in answer.text, (path, answer.text)
    assert _audit_rows(settings, fresh_tenant.account_id) == audited
