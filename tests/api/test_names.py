"""One rule for full names in every dialect that takes one (people.names): the
last word is the last name, the words before it the first name; the name is
shown back as first and last name joined by a space."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference import helpers as myownconference
from tests.conftest import Tenant, in_database
from webinarium.kit.ids import new_id
from webinarium.models import Person
from webinarium.settings import Settings

# (sent, stored first name, stored last name, shown)
NAMES = [
    ("Ada  King Lovelace", "Ada King", "Lovelace", "Ada King Lovelace"),
    ("Mary Ann Smith", "Mary Ann", "Smith", "Mary Ann Smith"),
    ("Ada", "Ada", "", "Ada"),
]


def _stored(settings: Settings, tenant: Tenant, email: str) -> tuple[str, str]:
    async def load(session: AsyncSession) -> tuple[str, str]:
        person = await session.scalar(
            select(Person).where(Person.account_id == tenant.account_id, Person.email == email)
        )
        assert person is not None
        return person.first_name, person.last_name

    return in_database(settings, load)


def _moderator(http: httpx.Client, tenant: Tenant, email: str, name: str) -> str:
    myownconference.ok(http, tenant, "moderatorsCreate", {"name": name, "email": email})
    return _moderator_shown(http, tenant, email)


def _renamed_moderator(http: httpx.Client, tenant: Tenant, email: str, name: str) -> str:
    _moderator(http, tenant, email, "Some One")
    myownconference.ok(http, tenant, "moderatorsSet", {"email": email, "newName": name})
    return _moderator_shown(http, tenant, email)


def _moderator_shown(http: httpx.Client, tenant: Tenant, email: str) -> str:
    listed = myownconference.ok(http, tenant, "moderatorsList", {"search": email})
    (shown,) = [m["name"] for m in listed if m["email"] == email]
    return str(shown)


def _participant_shown(http: httpx.Client, tenant: Tenant, email: str) -> str:
    listed = myownconference.ok(http, tenant, "attendeesList", {"search": email})["list"]
    (shown,) = [p["name"] for p in listed if p["email"] == email]
    return str(shown)


def _participant(http: httpx.Client, tenant: Tenant, email: str, name: str) -> str:
    myownconference.ok(http, tenant, "attendeesCreate", {"email": email, "name": name})
    return _participant_shown(http, tenant, email)


def _renamed_participant(http: httpx.Client, tenant: Tenant, email: str, name: str) -> str:
    _participant(http, tenant, email, "Some One")
    myownconference.ok(http, tenant, "attendeesSet", {"email": email, "name": name})
    return _participant_shown(http, tenant, email)


def _boomstream_client(http: httpx.Client, tenant: Tenant, email: str, name: str) -> str:
    code = boomstream.create(http, tenant)
    boomstream.invite(http, tenant, code, email, name=name)
    (shown,) = [c["name"] for c in boomstream.clients(http, tenant, code) if c["email"] == email]
    return str(shown)


PATHS: dict[str, Callable[[httpx.Client, Tenant, str, str], str]] = {
    "myownconference moderatorsCreate": _moderator,
    "myownconference moderatorsSet": _renamed_moderator,
    "myownconference attendeesCreate": _participant,
    "myownconference attendeesSet": _renamed_participant,
    "boomstream invite": _boomstream_client,
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("sent", "first", "last", "shown"), NAMES)
def test_a_full_name_is_split_and_shown_by_one_rule(
    http: httpx.Client,
    settings: Settings,
    alice: Tenant,
    path: str,
    sent: str,
    first: str,
    last: str,
    shown: str,
) -> None:
    email = f"{new_id()}@example.test"
    assert PATHS[path](http, alice, email, sent) == shown
    assert _stored(settings, alice, email) == (first, last)
