"""POST /api/v1/members/login: e-mail and password in, ``[{"api_token": …}]`` out."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant, in_database
from webinarium.accounts import service as accounts
from webinarium.settings import Settings

LOGIN = "/api/v1/members/login"


def _revoke_every_key(settings: Settings, tenant: Tenant) -> None:
    async def revoke(session: AsyncSession) -> None:
        account = await accounts.get_account(session, tenant.account_id)
        for key in await accounts.list_api_keys(session, account):
            await accounts.revoke_api_key(session, account, key.id)

    in_database(settings, revoke)


@pytest.fixture
def login_op(bigmarker_operations: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return bigmarker_operations["members_login"]


@pytest.fixture
def missing_key(bigmarker_reference: dict[str, Any]) -> dict[str, str]:
    error: dict[str, str] = bigmarker_reference["api"]["auth"]["missing_or_invalid_key_error"][
        "body_normalized"
    ]
    return error


def _token(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body, list)
    assert len(body) == 1
    assert list(body[0]) == ["api_token"]
    token = body[0]["api_token"]
    assert isinstance(token, str)
    assert token
    return token


def _works_for(http: httpx.Client, token: str, tenant: Tenant) -> None:
    """The token acts as ``tenant``: it creates in the tenant's channel and the
    tenant's own key sees what it created."""
    created = create_conference(http, replace(tenant, api_key=token))
    shown = http.get(f"/api/v1/conferences/{created['id']}", headers=tenant.headers)
    assert shown.status_code == 200
    assert shown.json()["id"] == created["id"]


def test_login_with_the_curl_form_body(http: httpx.Client, fresh_tenant: Tenant) -> None:
    # curl --data "email=...&password=..." sends the text as is, form-encoded.
    response = http.post(
        LOGIN,
        content=f"email={fresh_tenant.email}&password={fresh_tenant.password}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    token = _token(response)
    assert token not in (fresh_tenant.api_key,)
    _works_for(http, token, fresh_tenant)


def test_login_with_an_encoded_form_body(http: httpx.Client, fresh_tenant: Tenant) -> None:
    response = http.post(
        LOGIN, data={"email": fresh_tenant.email, "password": fresh_tenant.password}
    )
    _works_for(http, _token(response), fresh_tenant)


def test_login_with_a_json_body(http: httpx.Client, fresh_tenant: Tenant) -> None:
    response = http.post(
        LOGIN, json={"email": fresh_tenant.email, "password": fresh_tenant.password}
    )
    _works_for(http, _token(response), fresh_tenant)


def test_every_login_issues_a_new_key_and_keeps_the_old_ones(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    credentials = {"email": fresh_tenant.email, "password": fresh_tenant.password}
    first = _token(http.post(LOGIN, data=credentials))
    second = _token(http.post(LOGIN, data=credentials))
    assert first != second
    for key in (first, second, fresh_tenant.api_key):
        assert http.get("/api/v1/conferences", headers={"API-KEY": key}).status_code == 200


def test_login_needs_no_api_key_and_ignores_a_wrong_one(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    response = http.post(
        LOGIN,
        data={"email": fresh_tenant.email, "password": fresh_tenant.password},
        headers={"API-KEY": "not-a-key"},
    )
    _works_for(http, _token(response), fresh_tenant)


@pytest.mark.parametrize(
    "credentials",
    [
        {"password": "wrong password"},
        {"email": "nobody-{id}@example.test"},
        {"password": ""},
        {"email": "", "password": ""},
        {"password": None},
    ],
    ids=["wrong password", "unknown email", "empty password", "both empty", "no password"],
)
def test_failed_login_is_the_documented_401(
    credentials: dict[str, str | None],
    http: httpx.Client,
    fresh_tenant: Tenant,
    login_op: dict[str, Any],
) -> None:
    sent = {"email": fresh_tenant.email, "password": fresh_tenant.password}
    for name, value in credentials.items():
        if value is None:
            del sent[name]
        else:
            sent[name] = value.format(id=fresh_tenant.account_id)
    for response in (http.post(LOGIN, data=sent), http.post(LOGIN, json=sent)):
        assert response.status_code == 401
        assert response.json() == documented_error(login_op, 401, "Authentication failed")
        assert "api_token" not in response.text


def test_login_with_an_empty_body_is_the_documented_401(
    http: httpx.Client, login_op: dict[str, Any]
) -> None:
    response = http.post(LOGIN)
    assert response.status_code == 401
    assert response.json() == documented_error(login_op, 401, "Authentication failed")


def test_login_after_every_key_is_revoked(
    http: httpx.Client,
    settings: Settings,
    fresh_tenant: Tenant,
    login_op: dict[str, Any],
    missing_key: dict[str, str],
) -> None:
    credentials = {"email": fresh_tenant.email, "password": fresh_tenant.password}
    from_login = _token(http.post(LOGIN, data=credentials))
    _revoke_every_key(settings, fresh_tenant)

    response = http.post(LOGIN, data=credentials)
    assert response.status_code == 401
    assert response.json() == documented_error(login_op, 401, "valid API token")
    # The wrong password still gets the authentication error, not the key one.
    wrong = http.post(LOGIN, data={**credentials, "password": "wrong password"})
    assert wrong.json() == documented_error(login_op, 401, "Authentication failed")

    for key in (fresh_tenant.api_key, from_login):
        revoked = http.get("/api/v1/conferences", headers={"API-KEY": key})
        assert revoked.status_code == 401
        assert revoked.json() == missing_key


def test_a_revoked_key_stops_working_and_the_others_do_not(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, missing_key: dict[str, str]
) -> None:
    credentials = {"email": fresh_tenant.email, "password": fresh_tenant.password}
    kept = _token(http.post(LOGIN, json=credentials))

    async def revoke_first(session: AsyncSession) -> None:
        account = await accounts.get_account(session, fresh_tenant.account_id)
        keys = await accounts.list_api_keys(session, account)
        assert next(key.name for key in keys) == "default"
        await accounts.revoke_api_key(session, account, keys[0].id)

    in_database(settings, revoke_first)
    revoked = http.get("/api/v1/conferences", headers=fresh_tenant.headers)
    assert revoked.status_code == 401
    assert revoked.json() == missing_key
    assert http.get("/api/v1/conferences", headers={"API-KEY": kept}).status_code == 200
    # One key is left, so login still issues keys.
    _works_for(
        http, _token(http.post(LOGIN, json=credentials)), replace(fresh_tenant, api_key=kept)
    )
