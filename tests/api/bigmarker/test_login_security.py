"""Login under attack (issue 10, item 2): failed logins are throttled per
e-mail and per client address with 429 and Retry-After, the password check does
not hold up the event loop, an unknown e-mail answers in the time of a known
one, and logging in again and again does not pile up live keys."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant, in_database
from webinarium.accounts.login import FAILURES_PER_ADDRESS, FAILURES_PER_EMAIL, LoginThrottle
from webinarium.accounts.service import LOGIN_KEYS_KEPT
from webinarium.kit.ids import new_id
from webinarium.models import ApiKey
from webinarium.settings import Settings

LOGIN = "/api/v1/members/login"


class Clock:
    """The throttle's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app: FastAPI, server_url: str) -> Iterator[Clock]:
    """The server's login throttle, replaced for the test by one on a clock the
    test moves (and empty, so other tests' failures do not count)."""
    kept = app.state.login_throttle
    clock = Clock()
    app.state.login_throttle = LoginThrottle.create(clock)
    yield clock
    app.state.login_throttle = kept


def _login(
    http: httpx.Client, email: str, password: str, address: str = "192.0.2.1"
) -> httpx.Response:
    # The test server trusts proxy headers from 127.0.0.1, as uvicorn does by default.
    return http.post(
        LOGIN, data={"email": email, "password": password}, headers={"X-Forwarded-For": address}
    )


def test_failed_logins_at_one_email_are_throttled_from_any_address(
    http: httpx.Client, fresh_tenant: Tenant, clock: Clock
) -> None:
    limit, window = FAILURES_PER_EMAIL
    for attempt in range(limit):
        wrong = _login(http, fresh_tenant.email, "wrong password", f"198.51.100.{attempt}")
        assert wrong.status_code == 401, attempt

    throttled = _login(http, fresh_tenant.email.upper(), fresh_tenant.password, "203.0.113.9")
    assert throttled.status_code == 429
    assert list(throttled.json()) == ["error"]
    assert "api_token" not in throttled.text
    assert int(throttled.headers["Retry-After"]) == window
    # Another account is not held up.
    other_email = f"{new_id()}@example.test"
    assert _login(http, other_email, "wrong password", "203.0.113.9").status_code == 401

    clock.now += window / 2
    later = _login(http, fresh_tenant.email, fresh_tenant.password)
    assert later.status_code == 429
    assert int(later.headers["Retry-After"]) == window / 2
    clock.now += window / 2
    assert _login(http, fresh_tenant.email, fresh_tenant.password).status_code == 200


def test_failed_logins_from_one_address_are_throttled_whatever_the_email(
    http: httpx.Client, fresh_tenant: Tenant, clock: Clock
) -> None:
    limit, window = FAILURES_PER_ADDRESS
    for attempt in range(limit):
        guess = _login(http, f"{new_id()}@example.test", "guess", "192.0.2.77")
        assert guess.status_code == 401, attempt
        clock.now += 1

    throttled = _login(http, fresh_tenant.email, fresh_tenant.password, "192.0.2.77")
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) == window - limit
    # Another address logs in.
    assert _login(http, fresh_tenant.email, fresh_tenant.password, "192.0.2.78").status_code == 200
    # The oldest failure leaves the window: one more try.
    clock.now += window - limit
    assert _login(http, fresh_tenant.email, "wrong", "192.0.2.77").status_code == 401
    assert _login(http, fresh_tenant.email, fresh_tenant.password, "192.0.2.77").status_code == 429


def test_a_successful_login_does_not_count_against_the_email(
    http: httpx.Client, fresh_tenant: Tenant, clock: Clock
) -> None:
    limit, _ = FAILURES_PER_EMAIL
    for round_ in range(3):
        for attempt in range(limit - 1):
            address = f"198.51.{round_}.{attempt}"
            assert _login(http, fresh_tenant.email, "wrong", address).status_code == 401
        assert _login(http, fresh_tenant.email, fresh_tenant.password).status_code == 200


def _timed_login(http: httpx.Client, email: str, password: str, address: str) -> float:
    started = time.perf_counter()
    assert _login(http, email, password, address).status_code == 401
    return time.perf_counter() - started


def test_an_unknown_email_takes_as_long_as_a_wrong_password(
    http: httpx.Client, fresh_tenant: Tenant, clock: Clock
) -> None:
    known, unknown = [], []
    for attempt in range(FAILURES_PER_EMAIL[0] - 1):
        address = f"198.51.100.{attempt}"
        known.append(_timed_login(http, fresh_tenant.email, "wrong password", address))
        unknown.append(_timed_login(http, f"{new_id()}@example.test", "wrong", address))
    # Measured before the fix: 217 ms against 4 ms. The same work is done now;
    # half leaves room for a loaded machine.
    assert statistics.median(unknown) > statistics.median(known) / 2, (known, unknown)


def test_password_checks_do_not_hold_up_other_requests(
    http: httpx.Client, server_url: str, settings: Settings, clock: Clock
) -> None:
    victims = [create_tenant(settings, "Victim") for _ in range(4)]
    single = min(
        _timed_login(http, victims[0].email, "wrong password", f"198.51.100.{n}") for n in range(3)
    )
    guessers = 16
    start = threading.Barrier(guessers + 1)

    def guess(n: int) -> None:
        with httpx.Client(base_url=server_url, timeout=60) as client:
            start.wait()
            _login(client, victims[n % len(victims)].email, "guess", f"203.0.113.{n}")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guessers)]
    for thread in threads:
        thread.start()
    start.wait()
    health: list[float] = []
    while any(thread.is_alive() for thread in threads):
        started = time.perf_counter()
        assert http.get("/healthz").status_code == 200
        health.append(time.perf_counter() - started)
    for thread in threads:
        thread.join()
    # Measured before the fix: the median health check waited 0.85 of a
    # password check (the event loop ran the checks one after another); off the
    # loop it waits for none of them: a twentieth of one, and 0.27 on a machine
    # at load 28 where every request waited for the CPU.
    assert statistics.median(health) < single / 2, (single, health)


def _live_keys(settings: Settings, account_id: str) -> int:
    async def count(session: AsyncSession) -> Any:
        return await session.scalar(
            select(func.count())
            .select_from(ApiKey)
            .where(ApiKey.account_id == account_id, ApiKey.revoked_at.is_(None))
        )

    result: int = in_database(settings, count)
    return result


def test_fifty_logins_do_not_leave_fifty_live_keys(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, clock: Clock
) -> None:
    tokens = [
        _login(http, fresh_tenant.email, fresh_tenant.password).json()[0]["api_token"]
        for _ in range(50)
    ]
    # The account's own key and the newest login keys.
    assert _live_keys(settings, fresh_tenant.account_id) == 1 + LOGIN_KEYS_KEPT
    for token in tokens[-LOGIN_KEYS_KEPT:]:
        assert http.get("/api/v1/conferences", headers={"API-KEY": token}).status_code == 200
    for token in tokens[:-LOGIN_KEYS_KEPT]:
        assert http.get("/api/v1/conferences", headers={"API-KEY": token}).status_code == 401
    assert http.get("/api/v1/conferences", headers=fresh_tenant.headers).status_code == 200
