"""Webinar participants (attendees*), as the document's PHP examples call them,
and the same participants seen through BigMarker."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.myownconference.helpers import alias_of, call, error, ok
from tests.conftest import Tenant, in_database
from webinarium.models import Person
from webinarium.settings import Settings

API = "/api/v1"
TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
ALL_FIELDS = [
    "name",
    "email",
    "phone",
    "skype",
    "company",
    "department",
    "city",
    "born",
    "creation_date",
    "country",
    "type",
    "notified",
    "link",
]


def _address(tag: str) -> str:
    return f"{tag}.{time.time_ns()}@example.test"


def _participant(http: httpx.Client, tenant: Tenant, name: str = "Jane Roe", tag: str = "p") -> str:
    email = _address(tag)
    assert ok(http, tenant, "attendeesCreate", {"email": email, "name": name}) == {
        "success": "Participant created"
    }
    return email


def _webinar(
    http: httpx.Client, settings: Settings, tenant: Tenant, **fields: Any
) -> tuple[dict[str, Any], str]:
    """A webinar created through BigMarker, with its MyOwnConference alias."""
    fields = {"title": "Participants", "start_time": "2031-05-04 10:00", **fields}
    conference = create_conference(http, tenant, **fields)
    return conference, alias_of(settings, conference["id"])


def _set_status(settings: Settings, tenant: Tenant, email: str, status: str) -> None:
    async def work(session: AsyncSession) -> None:
        await session.execute(
            update(Person)
            .where(Person.account_id == tenant.account_id, Person.email == email)
            .values(participant_status=status)
        )

    in_database(settings, work)


def _one(http: httpx.Client, tenant: Tenant, email: str, **params: Any) -> dict[str, Any]:
    listed = ok(http, tenant, "attendeesList", {"fields": ALL_FIELDS, "search": email, **params})
    assert listed["count"] == "1", listed
    (item,) = listed["list"]
    assert item["email"] == email
    return dict(item)


def _listed(http: httpx.Client, tenant: Tenant, **params: Any) -> list[str]:
    return [p["email"] for p in ok(http, tenant, "attendeesList", params)["list"]]


def _registrants(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, str]:
    response = http.get(f"{API}/conferences/registrations/{conference_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    return {r["email"]: r["enter_url"] for r in response.json()["registrations"]}


def _bigmarker_register(http: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> None:
    response = http.put(
        f"{API}/conferences/register",
        headers=tenant.headers,
        data={"id": conference_id, "email": email, "first_name": "Bea", "last_name": "Marker"},
    )
    assert response.status_code == 200, response.text


# attendeesCreate


def test_create_as_the_php_example(http: httpx.Client, alice: Tenant) -> None:
    email = _address("create")
    body = call(http, alice.api_key, "attendeesCreate", {"email": email, "name": "Jane Roe"})
    assert body["request"] == {
        "action": "attendeesCreate",
        "params": {"email": email, "name": "Jane Roe"},
    }
    assert set(body["response"]) == {"success"}
    item = _one(http, alice, email)
    assert item["name"] == "Jane Roe"
    assert item["type"] == "ACTIVE"
    assert TIME.fullmatch(item["creation_date"])
    assert item["link"] == ""
    assert item["notified"] == "0"
    # Added by the account: imported.
    assert email in _listed(http, alice, search=email, imported="YES")
    assert email not in _listed(http, alice, search=email, imported="NO")


@pytest.mark.parametrize(
    "params",
    [
        {"email": "a@b.c", "name": "Jane Roe"},  # 5 characters
        {"email": "x" * 120 + "@example.test", "name": "Jane Roe"},  # over 128
        {"email": "not an address", "name": "Jane Roe"},
        {"name": "Jane Roe"},
        {"email": "EMAIL", "name": "J"},
        {"email": "EMAIL", "name": "x" * 65},
        {"email": "EMAIL", "name": "Jane.Roe"},
        {"email": "EMAIL", "name": "Jane (Roe)"},
        {"email": "EMAIL"},
    ],
)
def test_create_refuses_bad_values(
    http: httpx.Client, alice: Tenant, params: dict[str, Any]
) -> None:
    email = _address("bad")
    params = {k: email if v == "EMAIL" else v for k, v in params.items()}
    assert error(http, alice, "attendeesCreate", params)
    assert ok(http, alice, "attendeesList", {"search": email})["count"] == "0"


def test_create_twice_is_an_error(http: httpx.Client, alice: Tenant) -> None:
    email = _participant(http, alice, "First Name")
    assert "already exists" in error(
        http, alice, "attendeesCreate", {"email": email.upper(), "name": "Other Name"}
    )
    assert _one(http, alice, email)["name"] == "First Name"


# attendeesSet


def test_set_as_the_php_example_with_every_field(http: httpx.Client, alice: Tenant) -> None:
    email = _participant(http, alice)
    new = _address("renamed")
    params = {
        "email": email,
        "newemail": new,
        # The document says 10 characters here and 64 everywhere else: 64 holds.
        "name": "Maria Antonia Sanchez Gomez",
        "phone": "+34 600 123 456",
        "skype": "maria_sanchez",
        "company": "Acme Iberia SL",
        "department": "Sales and Marketing",
        "city": "Valencia",
        "born": "1990-02-28",
        "favourite_colour": "green",  # "additional data fields may differ"
    }
    assert ok(http, alice, "attendeesSet", params) == {"success": "Participant updated"}
    assert ok(http, alice, "attendeesList", {"search": email})["count"] == "0"
    item = _one(http, alice, new)
    assert {k: item[k] for k in ("name", "phone", "skype", "company", "department", "city")} == {
        "name": "Maria Antonia Sanchez Gomez",
        "phone": "+34 600 123 456",
        "skype": "maria_sanchez",
        "company": "Acme Iberia SL",
        "department": "Sales and Marketing",
        "city": "Valencia",
    }
    assert item["born"] == "1990-02-28"
    # A field left out stays; an empty one is cleared.
    ok(http, alice, "attendeesSet", {"email": new, "phone": "", "born": "28.02.1991"})
    item = _one(http, alice, new)
    assert (item["phone"], item["born"], item["city"]) == ("", "1991-02-28", "Valencia")


@pytest.mark.parametrize(
    "change",
    [
        {"phone": "1" * 17},
        {"name": "x" * 65},
        {"name": "Maria.Sanchez"},
        {"skype": "maria!"},
        {"company": "Acme, Inc"},
        {"city": "Paris?"},
        {"born": "yesterday"},
        {"born": "2999-01-01"},
        {"newemail": "not an address"},
    ],
)
def test_set_refuses_bad_values_and_changes_nothing(
    http: httpx.Client, alice: Tenant, change: dict[str, str]
) -> None:
    email = _participant(http, alice, "Kept Name")
    ok(http, alice, "attendeesSet", {"email": email, "city": "Berlin"})
    before = _one(http, alice, email)
    error(http, alice, "attendeesSet", {"email": email, "city": "Changed", **change})
    assert _one(http, alice, email) == before


def test_set_to_an_address_another_participant_has(http: httpx.Client, alice: Tenant) -> None:
    first, second = _participant(http, alice, "One"), _participant(http, alice, "Two")
    assert "already used" in error(
        http, alice, "attendeesSet", {"email": first, "newemail": second, "name": "Changed"}
    )
    assert _one(http, alice, first)["name"] == "One"


def test_set_unknown_participant(http: httpx.Client, alice: Tenant) -> None:
    assert "no participant" in error(
        http, alice, "attendeesSet", {"email": _address("ghost"), "name": "Ghost"}
    )


# attendeesDelete


def test_delete_as_the_php_examples(http: httpx.Client, settings: Settings, alice: Tenant) -> None:
    conference, alias = _webinar(http, settings, alice)
    one, two, three = (_participant(http, alice) for _ in range(3))
    ok(http, alice, "attendeesAddToWebinar", {"alias": alias, "attendees": [one, two]})
    body = call(http, alice.api_key, "attendeesDelete", [one])
    assert body["request"]["params"] == [one]
    assert body["response"] == {"success": "Participants deleted"}
    assert ok(http, alice, "attendeesDelete", [two, three]) == {"success": "Participants deleted"}
    for email in (one, two, three):
        assert ok(http, alice, "attendeesList", {"search": email})["count"] == "0"
    # Off every webinar too: no longer a BigMarker registrant.
    assert set(_registrants(http, alice, conference["id"])) == set()


def test_delete_with_an_unknown_address_deletes_nothing(http: httpx.Client, alice: Tenant) -> None:
    kept = _participant(http, alice)
    assert "no participant" in error(http, alice, "attendeesDelete", [kept, _address("ghost")])
    _one(http, alice, kept)
    assert error(http, alice, "attendeesDelete", [])


# attendeesList


def test_list_as_the_php_example(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    _, alias = _webinar(http, settings, fresh_tenant)
    emails = [_participant(http, fresh_tenant, f"Person {n}", tag=f"list{n}") for n in "abc"]
    ok(http, fresh_tenant, "attendeesAddToWebinar", {"alias": alias, "attendees": emails[:2]})
    # The example spells onPage with a Cyrillic "Р".
    params = {"fields": ["email", "link"], "onРage": "1", "alias": alias, "search": "list"}
    body = call(http, fresh_tenant.api_key, "attendeesList", params)
    assert body["request"]["params"]["onРage"] == "1"
    assert body["response"]["count"] == "2"
    (item,) = body["response"]["list"]
    assert set(item) == {"email", "link"}
    assert item["email"] == emails[0]
    assert item["link"].startswith("https://webinars.example.test/")
    assert "?token=" in item["link"]


def test_list_defaults_to_name_and_email_without_paging(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    emails = [_participant(http, fresh_tenant, f"Name {n}") for n in range(105)]
    listed = ok(http, fresh_tenant, "attendeesList", [])
    assert listed["count"] == "105"
    assert len(listed["list"]) == 105
    assert all(set(item) == {"name", "email"} for item in listed["list"])
    # A page without onPage has the documented 100.
    assert len(ok(http, fresh_tenant, "attendeesList", {"page": 1})["list"]) == 100
    assert len(ok(http, fresh_tenant, "attendeesList", {"page": "2"})["list"]) == 5
    by_email = _listed(http, fresh_tenant, orderField="email", onPage=10, page=2)
    assert by_email == sorted(emails)[10:20]


def test_list_order_and_order_fields(http: httpx.Client, fresh_tenant: Tenant) -> None:
    zed = _participant(http, fresh_tenant, "Zed Alpha", tag="a")
    amy = _participant(http, fresh_tenant, "Amy Zulu", tag="z")
    assert _listed(http, fresh_tenant) == [amy, zed]  # by name, ascending
    assert _listed(http, fresh_tenant, order="DESC") == [zed, amy]
    assert _listed(http, fresh_tenant, orderField="email") == [zed, amy]
    assert _listed(http, fresh_tenant, orderField="creation_date", order="desc") == [amy, zed]
    assert _listed(http, fresh_tenant, orderField="creation_date", order="") == [zed, amy]


def test_list_filters(http: httpx.Client, settings: Settings, fresh_tenant: Tenant) -> None:
    active = _participant(http, fresh_tenant, "Active One")
    banned = _participant(http, fresh_tenant, "Banned One")
    pending = _participant(http, fresh_tenant, "Pending One")
    _set_status(settings, fresh_tenant, banned, "banned")
    _set_status(settings, fresh_tenant, pending, "pending")
    assert _listed(http, fresh_tenant, type="ACTIVE") == [active]
    assert _listed(http, fresh_tenant, type="banned") == [banned]
    assert _listed(http, fresh_tenant, type="PENDING") == [pending]
    assert _one(http, fresh_tenant, banned)["type"] == "BANNED"
    assert _listed(http, fresh_tenant, search="NED o") == [banned]
    assert _listed(http, fresh_tenant, search=active.split("@")[0].upper()) == [active]
    assert len(_listed(http, fresh_tenant, withEmail="YES")) == 3
    assert ok(http, fresh_tenant, "attendeesList", {"withEmail": "NO"}) == {
        "count": "0",
        "list": [],
    }
    group = ok(http, fresh_tenant, "attendeesCreateGroup", {"name": "VIP"})["group_id"]
    ok(http, fresh_tenant, "attendeesAssignToGroup", {"group_id": group, "attendees": [pending]})
    assert _listed(http, fresh_tenant, group=group) == [pending]
    # A self-registered participant (through BigMarker) is not imported.
    conference, alias = _webinar(http, settings, fresh_tenant)
    registrant = _address("self")
    _bigmarker_register(http, fresh_tenant, conference["id"], registrant)
    assert _listed(http, fresh_tenant, imported="NO") == [registrant]
    assert registrant not in _listed(http, fresh_tenant, imported="YES")
    assert _listed(http, fresh_tenant, webinars=[alias]) == [registrant]
    assert _listed(http, fresh_tenant, webinars=[alias], webinarsOrder="OUT") == [
        active,
        banned,
        pending,
    ]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"fields": ["name", "password"]}, "unknown participant fields"),
        ({"type": "SLEEPING"}, "type"),
        ({"order": "UP"}, "order"),
        ({"orderField": "phone"}, "orderField"),
        ({"onPage": 0}, "onPage"),
        ({"onРage": "many"}, "onPage"),
        ({"page": -1}, "page"),
        ({"imported": "perhaps"}, "imported"),
        ({"webinarsOrder": "MAYBE", "webinars": []}, "webinarsOrder"),
        ({"alias": "abcd-abcd-abcd-abcd"}, "not found"),
        ({"webinars": ["abcd-abcd-abcd-abcd"]}, "not found"),
        ({"group": "0000"}, "not found"),
    ],
)
def test_list_refuses_bad_parameters(
    http: httpx.Client, alice: Tenant, params: dict[str, Any], fragment: str
) -> None:
    assert fragment.lower() in error(http, alice, "attendeesList", params).lower()


# attendeesAddToWebinar / attendeesRemoveFromWebinar


def test_add_to_webinar_as_the_php_examples(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference, alias = _webinar(http, settings, alice)
    one, two, three = (_participant(http, alice, f"Guest {n}") for n in "ABC")
    body = call(http, alice.api_key, "attendeesAddToWebinar", {"alias": alias, "attendees": [one]})
    assert body["response"] == {"success": "Participants attached to the webinar"}
    assert ok(
        http, alice, "attendeesAddToWebinar", {"alias": alias.upper(), "attendees": [two, three]}
    ) == {"success": "Participants attached to the webinar"}
    # A MyOwnConference participant attached to a webinar is a BigMarker registrant,
    # and their personal link is the registration's enter URL.
    registrants = _registrants(http, alice, conference["id"])
    assert set(registrants) == {one, two, three}
    listed = ok(http, alice, "attendeesList", {"alias": alias, "fields": ["email", "link"]})
    assert {item["email"]: item["link"] for item in listed["list"]} == registrants
    assert len(set(registrants.values())) == 3
    assert all(
        url.startswith(conference["conference_address"] + "?token=") for url in registrants.values()
    )
    # Attaching again keeps the registration and its link.
    ok(http, alice, "attendeesAddToWebinar", {"alias": alias, "attendees": [one]})
    assert _registrants(http, alice, conference["id"])[one] == registrants[one]


def test_add_to_webinar_refusals_attach_nobody(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference, alias = _webinar(http, settings, alice)
    known = _participant(http, alice)
    assert "no participant" in error(
        http, alice, "attendeesAddToWebinar", {"alias": alias, "attendees": [known, _address("x")]}
    )
    assert error(http, alice, "attendeesAddToWebinar", {"alias": alias, "attendees": []})
    assert error(http, alice, "attendeesAddToWebinar", {"attendees": [known]})
    assert _registrants(http, alice, conference["id"]) == {}
    past, past_alias = _webinar(http, settings, alice, start_time="2020-05-04 10:00")
    assert "upcoming" in error(
        http, alice, "attendeesAddToWebinar", {"alias": past_alias, "attendees": [known]}
    )
    assert _registrants(http, alice, past["id"]) == {}


def test_add_to_webinar_obeys_the_block_list(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference, alias = _webinar(http, settings, alice)
    allowed, blocked = _participant(http, alice), _participant(http, alice)
    form = {**alice.headers, "Content-Type": "application/x-www-form-urlencoded"}
    response = http.post(
        f"{API}/registration_block_list/{conference['id']}",
        headers=form,
        content=f"emails={blocked}&list_type=block_list",
    )
    assert response.status_code == 200, response.text
    response = http.post(
        f"{API}/registration_block_list/enable/{conference['id']}",
        headers=form,
        content="list_type=block_list",
    )
    assert response.status_code == 200, response.text
    assert error(
        http, alice, "attendeesAddToWebinar", {"alias": alias, "attendees": [allowed, blocked]}
    )
    assert _registrants(http, alice, conference["id"]) == {}
    ok(http, alice, "attendeesAddToWebinar", {"alias": alias, "attendees": [allowed]})
    assert set(_registrants(http, alice, conference["id"])) == {allowed}


def test_remove_from_webinar_as_the_php_examples(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference, alias = _webinar(http, settings, alice)
    one, two, three = (_participant(http, alice) for _ in range(3))
    ok(http, alice, "attendeesAddToWebinar", {"alias": alias, "attendees": [one, two, three]})
    assert ok(http, alice, "attendeesRemoveFromWebinar", {"alias": alias, "attendees": [one]}) == {
        "success": "Participants detached from the webinar"
    }
    assert set(_registrants(http, alice, conference["id"])) == {two, three}
    ok(http, alice, "attendeesRemoveFromWebinar", {"alias": alias, "attendees": [two, three, one]})
    assert _registrants(http, alice, conference["id"]) == {}
    # They remain participants of the account.
    _one(http, alice, one)
    assert "no participant" in error(
        http, alice, "attendeesRemoveFromWebinar", {"alias": alias, "attendees": [_address("x")]}
    )


def test_a_bigmarker_registrant_is_a_participant_attached_to_the_webinar(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference, alias = _webinar(http, settings, alice)
    email = _address("bigmarker")
    _bigmarker_register(http, alice, conference["id"], email)
    item = _one(http, alice, email, alias=alias)
    assert item["name"] == "Bea Marker"
    assert item["link"] == _registrants(http, alice, conference["id"])[email]
    assert email in _listed(http, alice, webinars=[alias], search=email)
    (room,) = ok(http, alice, "attendeesRooms", {"email": email})
    assert room["alias"] == alias
    # Detaching through MyOwnConference unregisters in BigMarker.
    ok(http, alice, "attendeesRemoveFromWebinar", {"alias": alias, "attendees": [email]})
    assert _registrants(http, alice, conference["id"]) == {}


# attendeesRooms


def test_rooms_as_the_php_example(http: httpx.Client, settings: Settings, alice: Tenant) -> None:
    later, later_alias = _webinar(
        http,
        settings,
        alice,
        start_time="2031-08-01 09:30",
        time_zone="Berlin",
        duration_minutes=90,
        purpose="<p>All about it</p>",
    )
    sooner, sooner_alias = _webinar(http, settings, alice, start_time="2031-02-01 09:30")
    email = _participant(http, alice)
    assert ok(http, alice, "attendeesRooms", {"email": email}) == []
    for alias in (later_alias, sooner_alias):
        ok(http, alice, "attendeesAddToWebinar", {"alias": alias, "attendees": [email]})
    rooms = ok(http, alice, "attendeesRooms", {"email": email})
    assert [r["alias"] for r in rooms] == [sooner_alias, later_alias]
    links = _registrants(http, alice, later["id"])
    assert rooms[1] == {
        "alias": later_alias,
        "name": "Participants",
        "description": "<p>All about it</p>",
        "start": "2031-08-01 09:30:00",
        "timezone": "120",  # Berlin in summer
        "duration": "90",
        "attendeeLink": links[email],
    }
    assert rooms[0]["attendeeLink"] == _registrants(http, alice, sooner["id"])[email]
    assert "no participant" in error(http, alice, "attendeesRooms", {"email": _address("x")})
    assert error(http, alice, "attendeesRooms", {"email": "a@b.c"})


# Groups


def test_groups_as_the_php_examples(http: httpx.Client, fresh_tenant: Tenant) -> None:
    created = ok(http, fresh_tenant, "attendeesCreateGroup", {"name": "Customers"})
    assert set(created) == {"success", "group_id"}
    group = created["group_id"]
    other = ok(http, fresh_tenant, "attendeesCreateGroup", {"name": "Partners"})["group_id"]
    body = call(http, fresh_tenant.api_key, "attendeesGroupsList", [])
    assert body["request"]["params"] == []
    assert body["response"] == [
        [{"id": group, "name": "Customers"}, {"id": other, "name": "Partners"}]
    ]
    assert ok(http, fresh_tenant, "attendeesGroupsRename", {"id": group, "newname": "Clients"}) == {
        "success": "Group renamed"
    }
    assert ok(http, fresh_tenant, "attendeesGroupsList", [])[0][0] == {
        "id": group,
        "name": "Clients",
    }
    assert ok(http, fresh_tenant, "attendeesDeleteGroup", {"id": other}) == {
        "success": "Group deleted"
    }
    assert ok(http, fresh_tenant, "attendeesGroupsList", []) == [[{"id": group, "name": "Clients"}]]
    assert "not found" in error(http, fresh_tenant, "attendeesDeleteGroup", {"id": other})


def test_group_names_are_checked(http: httpx.Client, fresh_tenant: Tenant) -> None:
    assert error(http, fresh_tenant, "attendeesCreateGroup", {"name": "  "})
    assert error(http, fresh_tenant, "attendeesCreateGroup", {"name": "g" * 201})
    assert error(http, fresh_tenant, "attendeesCreateGroup", [])
    group = ok(http, fresh_tenant, "attendeesCreateGroup", {"name": "Kept"})["group_id"]
    assert error(http, fresh_tenant, "attendeesGroupsRename", {"id": group, "newname": ""})
    assert error(http, fresh_tenant, "attendeesGroupsRename", {"id": group})
    assert ok(http, fresh_tenant, "attendeesGroupsList", []) == [[{"id": group, "name": "Kept"}]]


def test_assign_unassign_and_common_groups(http: httpx.Client, fresh_tenant: Tenant) -> None:
    one, two = _participant(http, fresh_tenant), _participant(http, fresh_tenant)
    a = ok(http, fresh_tenant, "attendeesCreateGroup", {"name": "A"})["group_id"]
    b = ok(http, fresh_tenant, "attendeesCreateGroup", {"name": "B"})["group_id"]
    assert ok(
        http, fresh_tenant, "attendeesAssignToGroup", {"group_id": a, "attendees": [one]}
    ) == {"success": "Participants added to the group"}
    ok(http, fresh_tenant, "attendeesAssignToGroup", {"group_id": b, "attendees": [one, two]})
    ok(http, fresh_tenant, "attendeesAssignToGroup", {"group_id": b, "attendees": [two]})  # again
    body = call(http, fresh_tenant.api_key, "attendeesCommonGroups", [one])
    assert body["response"] == [{"id": a, "name": "A"}, {"id": b, "name": "B"}]
    # Several participants: the groups they all share.
    assert ok(http, fresh_tenant, "attendeesCommonGroups", [one, two]) == [{"id": b, "name": "B"}]
    assert ok(
        http, fresh_tenant, "attendeesUnAssignFromGroup", {"group_id": b, "attendees": [one]}
    ) == {"success": "Participants removed from the group"}
    assert ok(http, fresh_tenant, "attendeesCommonGroups", [one]) == [{"id": a, "name": "A"}]
    assert ok(http, fresh_tenant, "attendeesCommonGroups", [one, two]) == []
    # The lower-case spelling of the action works too.
    body = call(
        http,
        fresh_tenant.api_key,
        "attendeesUnassignFromGroup",
        {"group_id": a, "attendees": [one, two]},
    )
    assert body["response"] == {"success": "Participants removed from the group"}
    assert ok(http, fresh_tenant, "attendeesCommonGroups", [one]) == []
    # Deleting a group keeps its participants; deleting a participant empties its groups.
    ok(http, fresh_tenant, "attendeesDeleteGroup", {"id": b})
    assert len(_listed(http, fresh_tenant)) == 2


def test_group_membership_refusals_change_nothing(http: httpx.Client, fresh_tenant: Tenant) -> None:
    one = _participant(http, fresh_tenant)
    group = ok(http, fresh_tenant, "attendeesCreateGroup", {"name": "G"})["group_id"]
    for action in ("attendeesAssignToGroup", "attendeesUnAssignFromGroup"):
        assert "no participant" in error(
            http, fresh_tenant, action, {"group_id": group, "attendees": [one, _address("x")]}
        )
        assert "not found" in error(
            http, fresh_tenant, action, {"group_id": "nope", "attendees": [one]}
        )
        assert error(http, fresh_tenant, action, {"group_id": group, "attendees": []})
    assert ok(http, fresh_tenant, "attendeesCommonGroups", [one]) == []
    assert "no participant" in error(http, fresh_tenant, "attendeesCommonGroups", [_address("x")])


# attendeesUnbanned


def test_unbanned_as_the_php_examples(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    one, two, three, pending = (_participant(http, alice) for _ in range(4))
    for email in (one, two, three):
        _set_status(settings, alice, email, "banned")
    _set_status(settings, alice, pending, "pending")
    body = call(http, alice.api_key, "attendeesUnbanned", {"email": one})
    assert body["response"] == {"success": "Participants unblocked"}
    assert _one(http, alice, one)["type"] == "ACTIVE"
    assert _one(http, alice, two)["type"] == "BANNED"
    # Several: the document repeats the "email" key (a JSON parser keeps the last),
    # so an array, or a list of addresses, is how several are sent.
    ok(http, alice, "attendeesUnbanned", {"email": [two, pending]})
    ok(http, alice, "attendeesUnbanned", [three])
    assert [_one(http, alice, e)["type"] for e in (two, three, pending)] == [
        "ACTIVE",
        "ACTIVE",
        "PENDING",  # not blocked: left as it was
    ]
    _set_status(settings, alice, one, "banned")
    assert "no participant" in error(
        http, alice, "attendeesUnbanned", {"email": [one, _address("x")]}
    )
    assert _one(http, alice, one)["type"] == "BANNED"


# Tenancy


def test_bob_cannot_reach_alices_participants_groups_or_webinars(
    http: httpx.Client, settings: Settings, alice: Tenant, bob: Tenant
) -> None:
    conference, alias = _webinar(http, settings, alice)
    email = _participant(http, alice, "Alice Guest")
    ok(http, alice, "attendeesAddToWebinar", {"alias": alias, "attendees": [email]})
    group = ok(http, alice, "attendeesCreateGroup", {"name": "Alice group"})["group_id"]
    ok(http, alice, "attendeesAssignToGroup", {"group_id": group, "attendees": [email]})
    _set_status(settings, alice, email, "banned")
    before = _one(http, alice, email, alias=alias)
    bob_group = ok(http, bob, "attendeesCreateGroup", {"name": "Bob group"})["group_id"]
    bob_guest = _participant(http, bob, "Bob Guest")
    _, bob_alias = _webinar(http, settings, bob)

    ghost, unknown_alias, unknown_group = _address("ghost"), "abcd-efgh-ijkl-mnop", "00000000"

    def same(
        action: str, theirs: dict[str, Any] | list[str], unknown: dict[str, Any] | list[str]
    ) -> None:
        message = error(http, bob, action, theirs)
        assert message == error(http, bob, action, unknown).replace(ghost, email).replace(
            unknown_alias, alias
        ).replace(unknown_group, group)

    same("attendeesSet", {"email": email, "name": "Hacked"}, {"email": ghost, "name": "Hacked"})
    same("attendeesDelete", [email], [ghost])
    same("attendeesRooms", {"email": email}, {"email": ghost})
    same("attendeesUnbanned", {"email": email}, {"email": ghost})
    same("attendeesCommonGroups", [email], [ghost])
    for action in ("attendeesAddToWebinar", "attendeesRemoveFromWebinar"):
        same(
            action,
            {"alias": alias, "attendees": [bob_guest]},
            {"alias": unknown_alias, "attendees": [bob_guest]},
        )
        same(
            action,
            {"alias": bob_alias, "attendees": [email]},
            {"alias": bob_alias, "attendees": [ghost]},
        )
    for action in ("attendeesAssignToGroup", "attendeesUnAssignFromGroup"):
        same(
            action,
            {"group_id": group, "attendees": [bob_guest]},
            {"group_id": unknown_group, "attendees": [bob_guest]},
        )
        same(
            action,
            {"group_id": bob_group, "attendees": [email]},
            {"group_id": bob_group, "attendees": [ghost]},
        )
    same(
        "attendeesGroupsRename",
        {"id": group, "newname": "x"},
        {"id": unknown_group, "newname": "x"},
    )
    same("attendeesDeleteGroup", {"id": group}, {"id": unknown_group})
    same("attendeesList", {"alias": alias}, {"alias": unknown_alias})
    same("attendeesList", {"webinars": [alias]}, {"webinars": [unknown_alias]})
    same("attendeesList", {"group": group}, {"group": unknown_group})
    # Bob's own lists never show Alice's people or groups; creating Alice's
    # address in Bob's account is Bob's own participant.
    assert email not in _listed(http, bob, search=email)
    (bob_groups,) = ok(http, bob, "attendeesGroupsList", [])
    assert {"id": bob_group, "name": "Bob group"} in bob_groups
    assert group not in {g["id"] for g in bob_groups}
    ok(http, bob, "attendeesCreate", {"email": email, "name": "Bobs Copy"})
    ok(http, bob, "attendeesDelete", [email])
    # Alice's data is unchanged.
    assert _one(http, alice, email, alias=alias) == before
    assert ok(http, alice, "attendeesCommonGroups", [email]) == [
        {"id": group, "name": "Alice group"}
    ]
    assert set(_registrants(http, alice, conference["id"])) == {email}
