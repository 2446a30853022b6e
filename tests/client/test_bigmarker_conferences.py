"""BigMarker's conference, registration and presenter resources against the
real application: sync over the network (the suite's server), async
in-process. Every answer is checked against what the test made."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.conftest import Tenant, create_tenant
from webinarium.app import create_app
from webinarium.client import (
    AsyncBigMarker,
    BadRequestError,
    BigMarker,
    NotFoundError,
    PermissionDeniedError,
)
from webinarium.client.models.bigmarker import (
    Conference,
    Presenter,
    Registered,
    Registrant,
    Success,
)
from webinarium.settings import Settings

START = "2031-03-02 10:00"


def _bigmarker(server_url: str, tenant: Tenant) -> BigMarker:
    return BigMarker(api_key=tenant.api_key, base_url=server_url)


def test_conferences_create_get_update_list_delete(server_url: str, fresh_tenant: Tenant) -> None:
    with _bigmarker(server_url, fresh_tenant) as bm:
        made = [
            bm.conferences.create(
                channel_id=fresh_tenant.channel_id,
                title=f"SDK list {n}",
                start_time=START,
                duration_minutes=45,
                purpose=f"About {n}",
                time_zone="Berlin",
                privacy="private",
                webinar_tags=[{"topic": "sdk"}],
            )
            for n in range(3)
        ]
        assert all(isinstance(c, Conference) for c in made)
        first = made[0]
        assert first.title == "SDK list 0"
        assert first.purpose == "About 0"
        assert first.duration == 45
        assert first.start_time == START
        assert first.time_zone == "Berlin"
        assert first.privacy == "private"
        assert first.channel_id == fresh_tenant.channel_id
        assert first.webinar_tags == [{"topic": "sdk"}]
        assert first.id is not None

        shown = bm.conferences.get(first.id)
        assert (shown.id, shown.title, shown.duration) == (first.id, first.title, 45)

        changed = bm.conferences.update(first.id, title="SDK renamed", duration_minutes=30)
        assert (changed.id, changed.title, changed.duration) == (first.id, "SDK renamed", 30)
        assert changed.purpose == "About 0"  # left as it was

        # Three pages of one: the iterator asks for each.
        listed = list(bm.conferences.list(type="future", per_page=1))
        assert sorted(c.id or "" for c in listed) == sorted(c.id or "" for c in made)
        assert {c.title for c in listed} == {"SDK renamed", "SDK list 1", "SDK list 2"}
        assert [c.id for c in bm.conferences.list(type="past")] == []
        assert [c.id for c in bm.conferences.list(query="renamed")] == [first.id]

        found = list(bm.conferences.search(title="SDK list", per_page=1))
        assert sorted(c.id or "" for c in found) == sorted([made[1].id or "", made[2].id or ""])
        assert [c.id for c in bm.conferences.search(conference_ids=[made[2].id or ""])] == [
            made[2].id
        ]

        gone = bm.conferences.delete(first.id)
        assert isinstance(gone, Success)
        assert gone.success
        with pytest.raises(NotFoundError) as missing:
            bm.conferences.get(first.id)
        assert missing.value.message == "Channel Not Found!"
        with pytest.raises(NotFoundError):
            bm.conferences.delete("nope")
        with pytest.raises(PermissionDeniedError, match="You do not have access to this Channel"):
            bm.conferences.update("nope", title="x")


def test_recurring_sessions_page_by_themselves(server_url: str, fresh_tenant: Tenant) -> None:
    with _bigmarker(server_url, fresh_tenant) as bm:
        times = ["2031-04-01 10:00", "2031-04-08 10:00", "2031-04-15 10:00"]
        parent = bm.conferences.create(
            channel_id=fresh_tenant.channel_id,
            title="SDK weekly",
            schedule_type="multiple_times",
            recurring_start_times=times,
        )
        assert parent.id is not None
        sessions = list(bm.conferences.recurring(parent.id, per_page=2))
        assert [s.start_time for s in sessions] == times
        assert {s.master_webinar_id for s in sessions} == {parent.id}
        assert {s.type for s in sessions} == {"recurring_child"}
        with pytest.raises(NotFoundError):
            list(bm.conferences.recurring("nope"))


def test_registrants_register_list_unregister(server_url: str, fresh_tenant: Tenant) -> None:
    with _bigmarker(server_url, fresh_tenant) as bm:
        conference = bm.conferences.create(
            channel_id=fresh_tenant.channel_id, title="SDK registrations", start_time=START
        )
        assert conference.id is not None
        people = [(f"p{n}@example.test", f"First{n}", f"Last{n}") for n in range(3)]
        for email, first, last in people:
            registered = bm.registrants.register(
                conference.id, email=email, first_name=first, last_name=last
            )
            assert isinstance(registered, Registered)
            assert registered.conference_url
            assert registered.conference_url.startswith(conference.conference_address or "?")

        listed = list(bm.registrants.list(conference.id, per_page=2))
        assert all(isinstance(r, Registrant) for r in listed)
        assert sorted((r.email, r.first_name, r.last_name) for r in listed) == people

        gone = bm.registrants.unregister(conference.id, email="p1@example.test")
        assert gone.success
        assert sorted(r.email or "" for r in bm.registrants.list(conference.id)) == [
            "p0@example.test",
            "p2@example.test",
        ]
        with pytest.raises(NotFoundError):
            bm.registrants.register("nope", email="x@example.test", first_name="X", last_name="Y")
        with pytest.raises(NotFoundError, match="The conference you are requesting is not found"):
            bm.registrants.unregister("nope", email="p0@example.test")


def test_presenters_add_update_list_remove(server_url: str, fresh_tenant: Tenant) -> None:
    with _bigmarker(server_url, fresh_tenant) as bm:
        conference = bm.conferences.create(
            channel_id=fresh_tenant.channel_id, title="SDK presenters", start_time=START
        )
        assert conference.id is not None
        added = bm.presenters.add(
            conference.id,
            email="speaker@example.test",
            display_name="The Speaker",
            first_name="Ada",
            last_name="Speaker",
            title="Engineer",
            can_manage=True,
        )
        assert isinstance(added, Presenter)
        assert (added.email, added.display_name, added.first_name, added.last_name) == (
            "speaker@example.test",
            "The Speaker",
            "Ada",
            "Speaker",
        )
        assert (added.conference_id, added.title, added.can_manage) == (
            conference.id,
            "Engineer",
            True,
        )
        assert added.presenter_id is not None
        assert added.member_id is not None

        changed = bm.presenters.update(
            added.presenter_id, conference_id=conference.id, bio="Writes SDKs", is_moderator=True
        )
        assert (changed.presenter_id, changed.bio, changed.is_moderator) == (
            added.presenter_id,
            "Writes SDKs",
            True,
        )
        assert changed.display_name == "The Speaker"

        assert [p.presenter_id for p in bm.presenters.list(conference.id)] == [added.presenter_id]
        assert [c.id for c in bm.presenters.conferences(added.member_id)] == [conference.id]
        # A list with no paging fields, one to a page: asked until a page is empty.
        other = bm.conferences.create(
            channel_id=fresh_tenant.channel_id, title="SDK presenters 2", start_time=START
        )
        again = bm.presenters.add(other.id or "", email="speaker@example.test")
        assert again.member_id == added.member_id
        theirs = bm.presenters.conferences(
            added.member_id, channel_id=fresh_tenant.channel_id, per_page=1
        )
        assert sorted(c.id or "" for c in theirs) == sorted([conference.id, other.id or ""])
        with pytest.raises(BadRequestError, match="The member does not exist!"):
            list(bm.presenters.conferences("nope"))

        gone = bm.presenters.remove(added.presenter_id, conference_id=conference.id)
        assert gone.success
        assert bm.presenters.list(conference.id) == []
        # The document's refusal of an unknown presenter: 400, its words (sic).
        with pytest.raises(BadRequestError, match="The presenter does not exist - plase add"):
            bm.presenters.remove(added.presenter_id, conference_id=conference.id)
        with pytest.raises(BadRequestError, match="The presenter does not exist - plase add"):
            bm.presenters.update(added.presenter_id, title="Gone")
        with pytest.raises(NotFoundError, match="The channel you are requesting is not found"):
            bm.presenters.add("nope", email="speaker@example.test")
        with pytest.raises(NotFoundError, match="The channel you are requesting is not found"):
            bm.presenters.list("nope")


def test_async_conferences_in_process(settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK async conferences")

    async def main() -> None:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            common: dict[str, Any] = {"base_url": "http://app", "transport": transport}
            async with AsyncBigMarker(api_key=tenant.api_key, **common) as bm:
                made = [
                    await bm.conferences.create(
                        channel_id=tenant.channel_id, title=f"Async {n}", start_time=START
                    )
                    for n in range(3)
                ]
                listed = [c async for c in bm.conferences.list(per_page=2)]
                assert sorted(c.id or "" for c in listed) == sorted(c.id or "" for c in made)
                found = [c.title async for c in bm.conferences.search(title="Async 1")]
                assert found == ["Async 1"]
                with pytest.raises(NotFoundError, match="Channel Not Found!"):
                    await bm.conferences.get("nope")

                webinar = made[0].id or ""
                for n in range(3):
                    await bm.registrants.register(
                        webinar, email=f"a{n}@example.test", first_name="A", last_name=f"{n}"
                    )
                emails = [r.email async for r in bm.registrants.list(webinar, per_page=2)]
                assert sorted(emails) == [f"a{n}@example.test" for n in range(3)]
                added = await bm.presenters.add(
                    webinar, email="p@example.test", first_name="P", last_name="Q"
                )
                assert (added.email, added.conference_id) == ("p@example.test", webinar)
                listed_presenters = await bm.presenters.list(webinar)
                assert [p.presenter_id for p in listed_presenters] == [added.presenter_id]
                removed = await bm.conferences.delete(webinar)
                assert removed.success

    asyncio.run(main())
