"""Personal links (issue 10, item 11): the token of a registrant's enter link
and of the organiser's host link is not in the database, is derived from a
stored seed under the server's secret key, and is checked by the ids it names
and a constant-time comparison, like API keys are by their hash."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.myownconference.helpers import ok
from tests.conftest import Tenant, in_database
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.room import conference_for_host_token
from webinarium.models import Conference, Registration
from webinarium.registrations.errors import RegistrationNotFound
from webinarium.registrations.service import registration_for_enter_token
from webinarium.settings import Settings

API = "/api/v1"


def _register(http: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> None:
    body = {"id": conference_id, "email": email, "first_name": "Ann", "last_name": "Lee"}
    response = http.put(f"{API}/conferences/register", headers=tenant.headers, data=body)
    assert response.status_code == 200, response.text


def _enter_token(http: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> str:
    response = http.get(
        f"{API}/conferences/registrations/{conference_id}",
        headers=tenant.headers,
        params={"email": email},
    )
    (row,) = [r for r in response.json()["registrations"] if r["email"] == email]
    token: str = parse_qs(urlsplit(row["enter_url"]).query)["token"][0]
    return token


def _row(settings: Settings, model: Any, row_id: str) -> dict[str, Any]:
    async def load(session: AsyncSession) -> dict[str, Any]:
        row = (await session.execute(select(model.__table__).where(model.id == row_id))).one()
        return dict(row._mapping)

    return in_database(settings, load)


def _enter(settings: Settings, token: str, secret_key: str | None = None) -> str:
    async def find(session: AsyncSession) -> str:
        registration = await registration_for_enter_token(
            session, secret_key or settings.secret_key, token
        )
        return registration.id

    return in_database(settings, find)


def _host(settings: Settings, token: str, secret_key: str | None = None) -> str:
    async def find(session: AsyncSession) -> str:
        conference = await conference_for_host_token(
            session, secret_key or settings.secret_key, token
        )
        return conference.id

    return in_database(settings, find)


def _tampered(token: str) -> list[str]:
    account_id, row_id, mac = token.split(".")
    flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    return [
        f"{account_id}.{row_id}.{flipped}",
        f"{account_id}.{row_id}.{mac[:-1]}",
        f"{account_id}.{row_id}.",
        f"{row_id}.{mac}",
        "",
        "..",
    ]


def test_an_enter_token_is_not_stored_and_opens_only_its_registration(
    http: httpx.Client, settings: Settings, alice: Tenant, bob: Tenant
) -> None:
    conference = create_conference(http, alice)
    _register(http, alice, conference["id"], "ann@example.test")
    token = _enter_token(http, alice, conference["id"], "ann@example.test")
    registration_id = token.split(".")[1]
    stored = _row(settings, Registration, registration_id)
    # Nothing the database keeps is the token or its secret part.
    for value in stored.values():
        assert token.split(".")[2] not in str(value)
    assert stored["account_id"] == alice.account_id

    assert _enter(settings, token) == registration_id
    for wrong in [
        *_tampered(token),
        stored["enter_seed"],  # the seed alone, as links were before
        f"{alice.account_id}.{registration_id}.{stored['enter_seed']}",
        f"{bob.account_id}.{registration_id}.{token.split('.')[2]}",
    ]:
        with pytest.raises(RegistrationNotFound):
            _enter(settings, wrong)
    # Made with another secret key: refused.
    with pytest.raises(RegistrationNotFound):
        _enter(settings, token, secret_key="another-secret-key")


def test_revoking_ends_the_enter_link_and_registering_again_gives_a_new_one(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference = create_conference(http, alice)
    _register(http, alice, conference["id"], "rev@example.test")
    before = _enter_token(http, alice, conference["id"], "rev@example.test")
    removed = http.request(
        "DELETE",
        f"{API}/conferences/register",
        headers=alice.headers,
        data={"id": conference["id"], "email": "rev@example.test"},
    )
    assert removed.status_code == 200, removed.text
    with pytest.raises(RegistrationNotFound):
        _enter(settings, before)
    _register(http, alice, conference["id"], "rev@example.test")
    after = _enter_token(http, alice, conference["id"], "rev@example.test")
    assert after != before
    assert _enter(settings, after) == after.split(".")[1]
    with pytest.raises(RegistrationNotFound):
        _enter(settings, before)


def test_a_host_token_is_not_stored_and_opens_only_its_conference(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    created = ok(
        http,
        alice,
        "webinarsCreate",
        {"name": "Host link", "start": "2031-03-04 15:30:00", "duration": "60"},
    )
    token = created["mainModeratorLink"].split("?host=")[1]
    conference_id = token.split(".")[1]
    stored = _row(settings, Conference, conference_id)
    for value in stored.values():
        assert token.split(".")[2] not in str(value)

    assert _host(settings, token) == conference_id
    for wrong in [*_tampered(token), stored["host_seed"]]:
        with pytest.raises(ConferenceNotFound):
            _host(settings, wrong)
    with pytest.raises(ConferenceNotFound):
        _host(settings, token, secret_key="another-secret-key")
