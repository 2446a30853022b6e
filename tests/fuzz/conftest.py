"""Fixtures of the fuzz tests: one account per test worker, the bounded and
reproducible Hypothesis settings, and the listings every test reads at the end."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, Phase, settings

from tests.conftest import Tenant, create_tenant
from tests.fuzz import oracle
from tests.fuzz.transport import send
from webinarium.settings import Settings

# `pytest tests/fuzz --hypothesis-profile=no-shrink`: every failing operation's
# first failure as drawn, not shrunk (shrinking dozens of failures takes minutes).
settings.register_profile("no-shrink", phases=[Phase.explicit, Phase.generate])


def bounded(max_examples: int) -> settings:
    """Bounded and the same on every run: derandomized, no example database
    (a failure is reproduced by running the test again)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


class Accounts:
    """The account the fuzz tests of a worker act as. Making one costs a
    password hash (a third of a second here), so tests share it, and a new one
    replaces it only when a test left it with listings that fail: the next
    test starts clean and its own failures are its own."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._current: Tenant | None = None

    def current(self) -> Tenant:
        if self._current is None:
            self._current = create_tenant(self.settings, "Fuzz")
        return self._current

    def discard(self) -> None:
        self._current = None


@pytest.fixture(scope="session")
def fuzz_accounts(settings: Settings) -> Accounts:
    return Accounts(settings)


@pytest.fixture
def fuzz_tenant(fuzz_accounts: Accounts) -> Tenant:
    return fuzz_accounts.current()


@pytest.fixture
def fuzz_http(server_url: str) -> Iterator[httpx.Client]:
    """A client of its own per operation: no connection an earlier operation's
    failure left half-closed."""
    with httpx.Client(base_url=server_url, timeout=30) as client:
        yield client


def check_listings(http: httpx.Client, accounts: Accounts) -> None:
    """Every dialect's listing of the account's conferences still works: a
    value one call accepted must not break the reading of others (a time out
    of range, a character XML cannot carry)."""
    try:
        _list_everywhere(http, accounts.current())
    except oracle.WrongAnswer:
        accounts.discard()
        raise


def _list_everywhere(http: httpx.Client, tenant: Tenant) -> None:
    headers = tenant.headers
    for kind in ("all", "past", "future"):
        request = http.build_request(
            "GET", "/api/v1/conferences", params={"type": kind}, headers=headers
        )
        response = send(http, request)
        oracle.succeeded("bigmarker", oracle.bigmarker(response), response)
    moc = json.dumps({"key": tenant.api_key, "action": "webinarsList", "params": []})
    response = send(http, http.build_request("POST", "/", data={"request": moc}))
    oracle.succeeded("myownconference", oracle.myownconference(response), response)
    for fmt in ("json", "xml"):
        params = {"apikey": tenant.api_key, "format": fmt}
        response = send(http, http.build_request("GET", "/api/conference/list", params=params))
        body = oracle.boomstream(response, json_asked=fmt == "json")
        oracle.succeeded("boomstream", body, response)
