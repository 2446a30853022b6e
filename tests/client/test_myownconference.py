"""The typed MyOwnConference client against the real application: the
profile, moderators and participants sections, paging, refusals, and the
async client in-process. Answers are checked field by field against what the
test made (the webinars and automated sections:
test_myownconference_webinars.py)."""

from __future__ import annotations

import asyncio
import inspect
import re
from datetime import date, datetime

import httpx
import pytest
import yaml
from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import REFERENCE, Tenant, create_tenant, in_database
from webinarium.app import create_app
from webinarium.client import (
    APIError,
    AsyncMyOwnConference,
    AuthenticationError,
    BadRequestError,
    MyOwnConference,
    NotFoundError,
)
from webinarium.client import _myownconference as moc_answers
from webinarium.client._answers import parse
from webinarium.client._async import myownconference as myownconference_client
from webinarium.client.models.myownconference import (
    Attendee,
    AttendeeRoom,
    Group,
    Moderator,
    ModeratorRoom,
    Profile,
    Success,
)
from webinarium.models import Person
from webinarium.settings import Settings

BAD_KEY = "not-a-key"
UNKNOWN_ALIAS = "zzzz-zzzz-zzzz-zzzz"


def _client(tenant: Tenant, server_url: str) -> MyOwnConference:
    return MyOwnConference(api_key=tenant.api_key, base_url=server_url)


def _success(answer: Success) -> None:
    assert isinstance(answer, Success)
    assert answer.success


# User profile


def test_profile_get_and_update(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "Profile Owner")
    with _client(tenant, server_url) as moc:
        profile = moc.profile.get()
        assert isinstance(profile, Profile)
        assert (profile.name, profile.email) == ("Profile Owner", tenant.email)

        _success(
            moc.profile.update(
                name="Ada Lovelace",
                language="DE",
                gateway="PAYPAL",
                subscribe=False,
                company="Analytical Engines Ltd",
                timemove=True,
                timezone=180,
            )
        )
        profile = moc.profile.get()
        assert profile.name == "Ada Lovelace"
        assert profile.email == tenant.email
        assert profile.language == "DE"
        assert profile.gateway == "PAYPAL"
        assert profile.subscribe is False
        assert profile.company == "Analytical Engines Ltd"
        assert profile.timemove is True
        # Sent and answered as a string; read as minutes.
        assert profile.timezone == 180

        _success(moc.profile.update(timezone=-300, subscribe=True))
        some = moc.profile.get(["name", "timezone", "subscribe"])
        assert some.model_fields_set == {"name", "timezone", "subscribe"}
        assert (some.name, some.timezone, some.subscribe) == ("Ada Lovelace", -300, True)
        assert some.email is None


# Webinar moderators


def test_moderators(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "Moderated")
    with _client(tenant, server_url) as moc:
        _success(moc.moderators.create(name="Grace Hopper", email="grace@example.test"))
        _success(moc.moderators.create(name="Alan Turing", email="alan@example.test"))
        moderators = moc.moderators.list()
        assert all(isinstance(m, Moderator) for m in moderators)
        # The account's own address is the primary moderator, listed first.
        assert [(m.email, m.main) for m in moderators] == [
            (tenant.email, True),
            ("grace@example.test", False),
            ("alan@example.test", False),
        ]
        grace = moderators[1]
        assert (grace.name, grace.avatar) == ("Grace Hopper", False)
        assert grace.registered
        assert len(grace.registered) == len("2030-01-01 10:00:00")

        _success(
            moc.moderators.update(
                "grace@example.test", newEmail="hopper@example.test", newName="Grace B Hopper"
            )
        )
        found = moc.moderators.list(search="hopper", fields=["name", "email"])
        assert [(m.name, m.email) for m in found] == [("Grace B Hopper", "hopper@example.test")]
        assert found[0].model_fields_set == {"name", "email"}

        webinar = moc.webinars.create(
            name="Moderated talk", start=datetime(2031, 5, 6, 10, 30), duration=45
        )
        assert webinar.alias
        _success(
            moc.moderators.add_to_webinar(
                webinar.alias, email=["hopper@example.test", "alan@example.test"]
            )
        )
        attached = moc.moderators.list(alias=webinar.alias)
        assert {m.email for m in attached} >= {"hopper@example.test", "alan@example.test"}

        rooms = moc.moderators.rooms("hopper@example.test")
        assert all(isinstance(r, ModeratorRoom) for r in rooms)
        assert [(r.alias, r.name, r.start, r.duration) for r in rooms] == [
            (webinar.alias, "Moderated talk", "2031-05-06 10:30:00", 45)
        ]
        assert rooms[0].timezone == 0
        assert rooms[0].moderatorLink
        assert "presenter=" in rooms[0].moderatorLink

        _success(moc.moderators.remove_from_webinar(webinar.alias, email="hopper@example.test"))
        assert moc.moderators.rooms("hopper@example.test") == []
        assert [r.alias for r in moc.moderators.rooms("alan@example.test")] == [webinar.alias]

        _success(moc.moderators.delete(["hopper@example.test", "alan@example.test"]))
        assert [m.email for m in moc.moderators.list()] == [tenant.email]


# Webinar participants


def test_attendees_page_by_themselves(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "Paged")
    emails = [f"p{n}@example.test" for n in range(5)]
    with _client(tenant, server_url) as moc:
        for n, email in enumerate(emails):
            _success(moc.attendees.create(email=email, name=f"Person Number{n}"))
        # Five over pages of two: three pages asked for, in order.
        listed = list(moc.attendees.list(onPage=2, orderField="email"))
        assert all(isinstance(a, Attendee) for a in listed)
        assert [(a.email, a.name) for a in listed] == [
            (email, f"Person Number{n}") for n, email in enumerate(emails)
        ]
        newest_first = list(moc.attendees.list(onPage=3, order="DESC", orderField="email"))
        assert [a.email for a in newest_first] == emails[::-1]
        # A page exactly full: the total says that there is no more.
        assert len(list(moc.attendees.list(onPage=5))) == 5
        assert [a.email for a in moc.attendees.list(search="p3@")] == ["p3@example.test"]


def test_attendees_details_webinars_and_groups(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "Participants")
    with _client(tenant, server_url) as moc:
        _success(moc.attendees.create(email="ann@example.test", name="Ann Arbor"))
        _success(moc.attendees.create(email="bob@example.test", name="Bob Builder"))
        _success(
            moc.attendees.update(
                "ann@example.test",
                newemail="anna@example.test",
                name="Anna Arbor",
                phone="+4930123456",
                skype="anna_arbor",
                company="Maps Inc",
                department="Cartography",
                city="Berlin",
                born=date(1990, 2, 3),
            )
        )
        fields = ["name", "email", "phone", "skype", "company", "department", "city", "born"]
        (anna,) = list(moc.attendees.list(fields=[*fields, "type"], search="anna"))
        assert anna.model_dump(include={*fields, "type"}) == {
            "name": "Anna Arbor",
            "email": "anna@example.test",
            "phone": "+4930123456",
            "skype": "anna_arbor",
            "company": "Maps Inc",
            "department": "Cartography",
            "city": "Berlin",
            "born": "1990-02-03",
            "type": "ACTIVE",
        }

        webinar = moc.webinars.create(name="Open day", start="2031-07-08 09:00:00", duration=60)
        assert webinar.alias
        _success(
            moc.attendees.add_to_webinar(
                webinar.alias, attendees=["anna@example.test", "bob@example.test"]
            )
        )
        on_webinar = list(
            moc.attendees.list(alias=webinar.alias, fields=["email", "link"], onPage=1)
        )
        assert [a.email for a in on_webinar] == ["anna@example.test", "bob@example.test"]
        assert all(a.link and a.link.startswith(settings.base_url) for a in on_webinar)
        rooms = moc.attendees.rooms("anna@example.test")
        assert all(isinstance(r, AttendeeRoom) for r in rooms)
        assert [(r.alias, r.name, r.start, r.duration) for r in rooms] == [
            (webinar.alias, "Open day", "2031-07-08 09:00:00", 60)
        ]
        assert rooms[0].attendeeLink == on_webinar[0].link
        _success(moc.attendees.remove_from_webinar(webinar.alias, attendees="bob@example.test"))
        assert [a.email for a in moc.attendees.list(alias=webinar.alias)] == ["anna@example.test"]
        assert moc.attendees.rooms("bob@example.test") == []

        made = moc.attendees.create_group(name="Early birds")
        assert made.success
        assert made.group_id
        other = moc.attendees.create_group(name="Night owls")
        assert other.group_id
        _success(moc.attendees.rename_group(made.group_id, newname="Early risers"))
        groups = moc.attendees.groups()
        assert all(isinstance(g, Group) for g in groups)
        assert sorted((g.id, g.name) for g in groups) == sorted(
            [(made.group_id, "Early risers"), (other.group_id, "Night owls")]
        )
        everyone = ["anna@example.test", "bob@example.test"]
        _success(moc.attendees.assign_to_group(made.group_id, attendees=everyone))
        _success(moc.attendees.assign_to_group(other.group_id, attendees="bob@example.test"))
        assert [a.email for a in moc.attendees.list(group=made.group_id)] == everyone
        common = moc.attendees.common_groups(everyone)
        assert [(g.id, g.name) for g in common] == [(made.group_id, "Early risers")]
        bobs = moc.attendees.common_groups("bob@example.test")
        assert {g.id for g in bobs} == {made.group_id, other.group_id}
        _success(moc.attendees.unassign_from_group(made.group_id, attendees="bob@example.test"))
        assert [a.email for a in moc.attendees.list(group=made.group_id)] == ["anna@example.test"]
        _success(moc.attendees.delete_group(other.group_id))
        assert [g.id for g in moc.attendees.groups()] == [made.group_id]

        _ban(settings, tenant, "bob@example.test")
        assert [a.email for a in moc.attendees.list(type="BANNED")] == ["bob@example.test"]
        _success(moc.attendees.unban(["bob@example.test"]))
        assert list(moc.attendees.list(type="BANNED")) == []
        assert [a.email for a in moc.attendees.list(type="ACTIVE")] == everyone

        _success(moc.attendees.delete("bob@example.test"))
        assert [a.email for a in moc.attendees.list()] == ["anna@example.test"]
        _success(moc.attendees.delete(["anna@example.test"]))
        assert list(moc.attendees.list()) == []


def _ban(settings: Settings, tenant: Tenant, email: str) -> None:
    async def ban(session: AsyncSession) -> None:
        await session.execute(
            update(Person)
            .where(Person.account_id == tenant.account_id, Person.email == email)
            .values(participant_status="banned")
        )

    in_database(settings, ban)


# Refusals: the server's own message, the class it implies


def test_refusals(server_url: str, alice: Tenant) -> None:
    with (
        MyOwnConference(api_key=BAD_KEY, base_url=server_url) as stranger,
        pytest.raises(AuthenticationError, match="unknown or revoked API key") as refused,
    ):
        stranger.profile.get()
    assert refused.value.status_code == 200
    with _client(alice, server_url) as moc:
        with pytest.raises(NotFoundError) as missing:
            moc.webinars.get_info(UNKNOWN_ALIAS)
        assert UNKNOWN_ALIAS in missing.value.message
        assert "not found" in missing.value.message
        with pytest.raises(BadRequestError) as refused_rooms:
            moc.moderators.rooms("nobody@example.test")
        assert refused_rooms.value.message == "nobody@example.test is not a moderator"
        with pytest.raises(BadRequestError, match="duration"):
            moc.webinars.create(name="Too long", start="2031-01-01 10:00:00", duration=5000)
        with pytest.raises(BadRequestError, match="unknown profile fields: shoe_size"):
            moc.profile.get(["shoe_size"])


def test_answers_of_another_shape() -> None:
    """How an answer is read, without a server that answers these shapes: a
    list keyed by id (a PHP associative array) is a list with the key in it,
    and an answer that is not the model is an APIError from its
    ValidationError."""
    keyed = {"g1": {"name": "Early"}, "g2": {"name": "Late"}}
    groups = moc_answers.models_of(Group, keyed, "attendeesGroupsList")
    assert [(g.id, g.name) for g in groups] == [("g1", "Early"), ("g2", "Late")]
    letters = moc_answers.items_of({"1DAY": {"enabled": "1"}}, "x", key="type")
    assert letters == [{"type": "1DAY", "enabled": "1"}]
    with pytest.raises(APIError, match=r"^profileGet: the answer is not a Profile") as wrong:
        parse(Profile, ["name"], "profileGet")
    assert isinstance(wrong.value.__cause__, ValidationError)
    with pytest.raises(APIError, match=r"^webinarsList: the answer is not a list"):
        moc_answers.items_of("nothing", "webinarsList")
    with pytest.raises(APIError, match=r"^webinarsHistory: a row is not an array"):
        moc_answers.rows_of(Group, ("id",), [{"id": "1"}], "webinarsHistory")


# Async, in-process


def test_async_client_in_process(settings: Settings) -> None:
    tenant = create_tenant(settings, "Async MOC")

    async def main() -> None:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            common = {"base_url": "http://app", "transport": transport}
            async with AsyncMyOwnConference(api_key=tenant.api_key, **common) as moc:
                profile = await moc.profile.get()
                assert (profile.name, profile.email) == ("Async MOC", tenant.email)
                for n in range(3):
                    await moc.attendees.create(email=f"a{n}@example.test", name=f"Async Person{n}")
                emails = [a.email async for a in moc.attendees.list(onPage=2, orderField="email")]
                assert emails == [f"a{n}@example.test" for n in range(3)]
                made = await moc.webinars.create(
                    name="Async webinar", start="2031-02-03 04:05:06", duration=30
                )
                assert made.alias
                info = await moc.webinars.get_info(made.alias)
                assert (info.name, info.start, info.duration) == (
                    "Async webinar",
                    "2031-02-03 04:05:06",
                    30,
                )
                with pytest.raises(NotFoundError, match="not found"):
                    await moc.webinars.delete(UNKNOWN_ALIAS)
            async with AsyncMyOwnConference(api_key=BAD_KEY, **common) as stranger:
                with pytest.raises(AuthenticationError, match="unknown or revoked API key"):
                    await stranger.webinars.list()

    asyncio.run(main())


def test_every_documented_action_has_a_method() -> None:
    """The 54 actions of the reference inventory, each called by one typed
    method of the client (webinarsHistory by two: chats and visits)."""
    with (REFERENCE / "myownconference-api.yaml").open() as f:
        actions = [a["action"] for a in yaml.safe_load(f)["actions"]]
    assert len(actions) == 54
    source = inspect.getsource(myownconference_client)
    called = set(re.findall(r'"((?:profile|moderators|attendees|webinars?)[A-Za-z]+)"', source))
    assert called == set(actions)
