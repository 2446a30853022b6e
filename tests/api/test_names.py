"""One rule for full names in every dialect that takes one (people.names): the
last word is the last name, the words before it the first name; the name is
shown back as first and last name joined by a space."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

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


# kind → (create action, rename action, its name parameter, list action)
_MYOWNCONFERENCE = {
    "moderators": ("moderatorsCreate", "moderatorsSet", "newName", "moderatorsList"),
    "attendees": ("attendeesCreate", "attendeesSet", "name", "attendeesList"),
}


def _myownconference_person(
    kind: str, renamed: bool, http: httpx.Client, tenant: Tenant, email: str, name: str
) -> str:
    """Created with ``name`` (or created, then renamed to it); the name listed."""
    create, rename, new_name, listing = _MYOWNCONFERENCE[kind]
    myownconference.ok(
        http, tenant, create, {"email": email, "name": "Some One" if renamed else name}
    )
    if renamed:
        myownconference.ok(http, tenant, rename, {"email": email, new_name: name})
    listed = myownconference.ok(http, tenant, listing, {"search": email})
    rows = listed["list"] if isinstance(listed, dict) else listed
    (shown,) = [row["name"] for row in rows if row["email"] == email]
    return str(shown)


def _boomstream_client(http: httpx.Client, tenant: Tenant, email: str, name: str) -> str:
    code = boomstream.create(http, tenant)
    boomstream.invite(http, tenant, code, email, name=name)
    (shown,) = [c["name"] for c in boomstream.clients(http, tenant, code) if c["email"] == email]
    return str(shown)


PATHS: dict[str, Callable[[httpx.Client, Tenant, str, str], str]] = {
    "myownconference moderatorsCreate": partial(_myownconference_person, "moderators", False),
    "myownconference moderatorsSet": partial(_myownconference_person, "moderators", True),
    "myownconference attendeesCreate": partial(_myownconference_person, "attendees", False),
    "myownconference attendeesSet": partial(_myownconference_person, "attendees", True),
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
