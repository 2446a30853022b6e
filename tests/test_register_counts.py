"""Statements per registration, every register path of the three dialects.

Registration is the hot write path (issue 9): each path is pinned for a person
the account does not know yet ("new") and for one it knows who is not
registered for this conference yet ("known"), on a conference with no block or
allow list in force and on one whose lists must be asked. A pin that changes
is changed on purpose, in the commit that explains why.

How statements are counted: tests/queries.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.boomstream.helpers import ok as boomstream_ok
from tests.api.myownconference.helpers import ok as moc_ok
from tests.conftest import Tenant, in_database
from tests.queries import QueryCounter
from webinarium.kit.ids import new_id
from webinarium.models import Conference
from webinarium.settings import Settings

API = "/api/v1"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass(frozen=True)
class Webinar:
    id: str
    alias: str  # MyOwnConference's name for it
    code: str  # Boomstream's


def _webinar(http: httpx.Client, settings: Settings, tenant: Tenant) -> Webinar:
    conference_id = create_conference(
        http,
        tenant,
        title="Counted",
        start_time="2031-03-01 10:00",
        custom_fields=[{"field_name": "Company", "field_type": "text", "api_name": "co"}],
    )["id"]

    async def names(session: AsyncSession) -> Webinar:
        alias, code = (
            await session.execute(
                select(Conference.alias, Conference.code).where(Conference.id == conference_id)
            )
        ).one()
        return Webinar(conference_id, alias, code)

    return in_database(settings, names)


class Register(Protocol):
    def __call__(
        self, http: httpx.Client, tenant: Tenant, webinar: Webinar, email: str, known: bool
    ) -> None: ...


def _address() -> str:
    return f"{new_id()}@example.test"


def _bigmarker(path: str) -> Register:
    def register(
        http: httpx.Client, tenant: Tenant, webinar: Webinar, email: str, known: bool
    ) -> None:
        response = http.put(
            f"{API}/conferences/{path}",
            headers=tenant.headers,
            data={
                "id": webinar.id,
                "email": email,
                "first_name": "Ada",
                "last_name": "Lovelace",
                "custom_fields": json.dumps({"co": "Analytical Engines"}),
            },
        )
        assert response.status_code == 200, response.text

    return register


def _moc_pair(
    http: httpx.Client, tenant: Tenant, webinar: Webinar, email: str, known: bool
) -> None:
    """A participant is created once, then attached to each webinar."""
    if not known:
        moc_ok(http, tenant, "attendeesCreate", {"email": email, "name": "Ada Lovelace"})
    moc_ok(http, tenant, "attendeesAddToWebinar", {"alias": webinar.alias, "attendees": [email]})


def _boomstream_invite(
    http: httpx.Client, tenant: Tenant, webinar: Webinar, email: str, known: bool
) -> None:
    boomstream_ok(http, tenant, "invite", code=webinar.code, email=email, name="Ada Lovelace")


PATHS: dict[str, Register] = {
    "bigmarker register": _bigmarker("register"),
    "bigmarker register_or_update": _bigmarker("register_or_update"),
    "myownconference attendeesCreate + attendeesAddToWebinar": _moc_pair,
    "boomstream invite": _boomstream_invite,
}


def _guard(http: httpx.Client, tenant: Tenant, webinar: Webinar) -> None:
    """Lists that must be asked and admit the registrant: the conference's
    block list in force, and a block list on its channel."""
    for url, body in (
        (
            f"/registration_block_list/{webinar.id}",
            "emails=blocked@example.org&list_type=block_list",
        ),
        (f"/registration_block_list/enable/{webinar.id}", "list_type=block_list"),
        (f"/channels/block_list/{tenant.channel_id}", "emails=spam.example.org"),
    ):
        response = http.post(API + url, headers={**tenant.headers, **FORM}, content=body)
        assert response.status_code == 200, response.text


PERSONS = {"new person": False, "known person": True}
LISTS = {"no lists": False, "lists": True}
# Statements with no list in force: path → (new person, known person). Lists
# in force are asked in one more statement, whatever their number.
PINS: dict[str, tuple[int, int]] = {
    "bigmarker register": (8, 7),
    "bigmarker register_or_update": (8, 7),
    # A known participant is only attached (attendeesCreate would be a conflict).
    "myownconference attendeesCreate + attendeesAddToWebinar": (10, 7),
    "boomstream invite": (8, 7),
}
LIST_QUERY = 1


@pytest.mark.parametrize("lists", list(LISTS))
@pytest.mark.parametrize("person", list(PERSONS))
@pytest.mark.parametrize("path", list(PATHS))
def test_statements_per_registration(
    http: httpx.Client,
    settings: Settings,
    fresh_tenant: Tenant,
    queries: QueryCounter,
    path: str,
    person: str,
    lists: str,
) -> None:
    register = PATHS[path]
    webinar = _webinar(http, settings, fresh_tenant)
    if LISTS[lists]:
        _guard(http, fresh_tenant, webinar)
    email = _address()
    known = PERSONS[person]
    if known:  # registered for another webinar of the account before
        register(http, fresh_tenant, _webinar(http, settings, fresh_tenant), email, False)
    with queries.count() as counted:
        register(http, fresh_tenant, webinar, email, known)
    expected = PINS[path][known] + (LIST_QUERY if LISTS[lists] else 0)
    assert counted.total == expected, counted.report()
