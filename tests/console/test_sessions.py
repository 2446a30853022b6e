"""Console sessions under attack and over time: the sign-in throttle, the ends
of a session, the Secure cookie, `next`, and a signed-out visitor on every
console route."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant, in_database
from tests.console.helpers import console_client
from webinarium.accounts.console_sessions import IDLE_LIMIT
from webinarium.accounts.login import FAILURES_PER_EMAIL, LoginThrottle
from webinarium.kit.ids import new_id
from webinarium.kit.time import utcnow
from webinarium.models import ConsoleSession, User
from webinarium.settings import Settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def throttle_clock(app: FastAPI, server_url: str) -> Iterator[Clock]:
    """The server's login throttle on a clock the test moves, empty."""
    kept = app.state.login_throttle
    clock = Clock()
    app.state.login_throttle = LoginThrottle.create(clock)
    yield clock
    app.state.login_throttle = kept


def _sign_in(
    server_url: str, email: str, password: str, address: str = "192.0.2.1", **more: str
) -> httpx.Response:
    """A sign-in from a browser of its own (the session's shared client keeps no cookie)."""
    with httpx.Client(base_url=server_url) as client:
        return client.post(
            "/console/sign-in",
            data={"email": email, "password": password},
            headers={"X-Forwarded-For": address, **more},
        )


def test_sign_in_is_throttled_as_the_api_login_is(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant, throttle_clock: Clock
) -> None:
    limit, window = FAILURES_PER_EMAIL
    for attempt in range(limit):
        wrong = _sign_in(server_url, fresh_tenant.email, "wrong password", f"198.51.100.{attempt}")
        assert wrong.status_code == 400, attempt
    throttled = _sign_in(server_url, fresh_tenant.email, fresh_tenant.password, "203.0.113.9")
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) == window
    assert "Too many failed attempts" in throttled.text
    assert "webinarium_console" not in throttled.cookies
    # The API's login counts the same failures: one rule, one throttle.
    api = http.post(
        "/api/v1/members/login",
        data={"email": fresh_tenant.email, "password": fresh_tenant.password},
    )
    assert api.status_code == 429
    throttle_clock.now += window
    assert (
        _sign_in(server_url, fresh_tenant.email, fresh_tenant.password, "203.0.113.9").status_code
        == 303
    )


def _age_sessions(settings: Settings, tenant: Tenant, **values: object) -> None:
    async def age(session: AsyncSession) -> None:
        user_ids = User.__table__.select().with_only_columns(User.id)
        await session.execute(
            update(ConsoleSession)
            .where(
                ConsoleSession.account_id == tenant.account_id,
                ConsoleSession.user_id.in_(user_ids.where(User.email == tenant.email)),
            )
            .values(**values)
        )

    in_database(settings, age)


def test_a_session_ends_after_twelve_idle_hours(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        assert client.get("/console/webinars").status_code == 200
        _age_sessions(
            settings, fresh_tenant, last_seen_at=utcnow() - IDLE_LIMIT + timedelta(minutes=5)
        )
        # Still within 12 hours: seen now, so the idle time starts again.
        assert client.get("/console/webinars").status_code == 200
        _age_sessions(settings, fresh_tenant, last_seen_at=utcnow() - IDLE_LIMIT)
        assert client.get("/console/webinars").status_code == 303


def test_a_session_ends_at_its_expiry_however_busy(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        assert client.get("/console/webinars").status_code == 200
        _age_sessions(settings, fresh_tenant, expires_at=utcnow() - timedelta(seconds=1))
        refused = client.get("/console/webinars")
        assert refused.status_code == 303
        assert refused.headers["location"].startswith("/console/sign-in")


def test_the_cookie_is_secure_when_the_public_url_is_https(
    server_url: str, settings: Settings, alice: Tenant
) -> None:
    assert settings.public_url.startswith("https://")
    public = _sign_in(
        server_url, alice.email, alice.password, Host=httpx.URL(settings.public_url).host
    )
    assert public.status_code == 303
    assert "secure" in public.headers["set-cookie"].lower().split("; ")
    # Plain http to the loopback address: nothing crosses a network there.
    local = _sign_in(server_url, alice.email, alice.password, "127.0.0.1")
    assert "secure" not in local.headers["set-cookie"].lower().split("; ")


@pytest.mark.parametrize(
    "next_path",
    [
        "https://evil.example/console",
        "//evil.example/console/webinars",
        "/\\evil.example/console",
        "/api/v1/conferences",
        "/consolex",
        "javascript:alert(1)",
    ],
)
def test_next_never_leaves_the_console(server_url: str, alice: Tenant, next_path: str) -> None:
    with httpx.Client(base_url=server_url) as client:
        response = client.post(
            "/console/sign-in",
            data={"email": alice.email, "password": alice.password, "next": next_path},
        )
    assert response.status_code == 303
    assert response.headers["location"] == "/console/webinars"


# Pages for visitors who are not signed in (signing in, a forgotten password,
# an invitation): they show no console content, and everything else redirects.
SIGNED_OUT_PAGES = {
    "/console/sign-in",
    "/console/password-reset",
    "/console/password-reset/{token}",
    "/console/invitations/{token}",
}


def _console_routes(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for context in iter_route_contexts(app.routes):
        path = context.path_format or ""
        if path == "/console" or path.startswith("/console/"):
            found.extend((method, path) for method in sorted(context.methods or ()))
    return found


def test_a_signed_out_visitor_sees_no_console_page(
    app: FastAPI, server_url: str, http: httpx.Client, alice: Tenant
) -> None:
    conference = create_conference(http, alice, title="Not for strangers")
    real_ids = {"conference_id": conference["id"], "channel_id": alice.channel_id}
    routes = _console_routes(app)
    assert ("GET", "/console/webinars") in routes
    stranger = httpx.Client(base_url=server_url, timeout=30)
    for method, path in routes:
        url = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: real_ids.get(m.group(1), new_id()), path)
        response = stranger.request(method, url, data={"x": "1"})
        assert "Sign out" not in response.text, (method, path)
        assert "Not for strangers" not in response.text, (method, path)
        if path in SIGNED_OUT_PAGES:
            continue
        if path == "/console" and method == "GET":
            assert response.headers["location"] == "/console/webinars"
            continue
        assert response.status_code == 303, (method, path, response.status_code)
        assert response.headers["location"].startswith("/console/sign-in"), (method, path)
    stranger.close()


def _last_seen(settings: Settings, tenant: Tenant) -> list[datetime]:
    async def read(session: AsyncSession) -> list[datetime]:
        rows = await session.scalars(
            select(ConsoleSession.last_seen_at)
            .join(User, User.id == ConsoleSession.user_id)
            .where(User.email == tenant.email)
        )
        return list(rows)

    return in_database(settings, read)


def test_a_page_writes_last_seen_only_when_a_minute_has_passed(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        (signed_in_at,) = _last_seen(settings, fresh_tenant)
        assert client.get("/console/webinars").status_code == 200
        assert _last_seen(settings, fresh_tenant) == [signed_in_at]
        two_minutes_ago = utcnow() - timedelta(minutes=2)
        _age_sessions(settings, fresh_tenant, last_seen_at=two_minutes_ago)
        # A read-only page (its unit cannot write) still records the visit.
        assert client.get("/console/webinars").status_code == 200
        (seen,) = _last_seen(settings, fresh_tenant)
        assert seen > two_minutes_ago + timedelta(minutes=1)
