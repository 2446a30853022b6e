"""The BigMarker SDK's channels and what hangs on them, against the real
application: sync over the network (the suite's server), async in-process."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from tests.conftest import Tenant, create_tenant
from webinarium.app import create_app
from webinarium.client import (
    APIError,
    AsyncBigMarker,
    AuthenticationError,
    BigMarker,
    NotFoundError,
    PermissionDeniedError,
)
from webinarium.client._answers import parse as _parse
from webinarium.client._bigmarker import items_of as _items
from webinarium.client._bigmarker import suppressions_of as _suppressions
from webinarium.client.models._base import Model
from webinarium.client.models.bigmarker import Channel, Conference, Success
from webinarium.client.models.bigmarker_channels import (
    BlockList,
    BlockListEntry,
    BlockListStatus,
    Category,
    ChannelAdmin,
    ChannelRegistration,
    Login,
    MeetingSpace,
    Poll,
    Subscriber,
)
from webinarium.client.models.bigmarker_reports import (
    Chat,
    EmailAction,
    EmailStatistics,
    EventSummary,
    OfferTranscript,
    PollTranscript,
    QuestionAsked,
    ReportAttendee,
    ReportRegistration,
)
from webinarium.kit.ids import new_id
from webinarium.settings import Settings


def _conference(bm: BigMarker, tenant: Tenant, title: str, start: str) -> str:
    made = bm.request(
        "POST",
        "conferences",
        json={"channel_id": tenant.channel_id, "title": title, "start_time": start},
    )
    return str(made["id"])


def _subchannel_by_request(bm: BigMarker, tenant: Tenant, name: str) -> dict[str, Any]:
    url = f"sub-{new_id()}"
    made: dict[str, Any] = bm.request(
        "POST",
        "channels",
        json={
            "master_channel_id": tenant.channel_id,
            "channel_name": name,
            "channel_url": url,
            "organizer_email": f"organizer-{url}@example.test",
        },
    )
    return made


# The integrator's calls: channels.list/get/conferences, subscribers.list/add/delete.


def test_channels_list_get_and_conferences(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK channels")
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        subs = [_subchannel_by_request(bm, tenant, f"Sub {n}") for n in range(2)]

        channels = list(bm.channels.list(per_page=1))
        assert all(isinstance(c, Channel) for c in channels)
        assert sorted(str(c.channel_id) for c in channels) == sorted(
            [tenant.channel_id, *(s["channel_id"] for s in subs)]
        )
        main = next(c for c in channels if c.channel_id == tenant.channel_id)
        assert main.name == "SDK channels"
        assert main.channel_url == f"{settings.base_url}/{tenant.channel_url}"
        assert main.channel_hosts is not None

        shown = bm.channels.get(subs[0]["channel_id"])
        assert (shown.channel_id, shown.name) == (subs[0]["channel_id"], "Sub 0")
        assert shown.channel_url == subs[0]["channel_url"]
        with pytest.raises(NotFoundError) as missing:
            bm.channels.get("nope")
        assert (missing.value.status_code, missing.value.message) == (404, "Not Found!")

        ids = [_conference(bm, tenant, f"Webinar {n}", f"2031-0{n + 1}-01 10:00") for n in range(3)]
        listed = list(bm.channels.conferences(tenant.channel_url, timing="all", per_page=2))
        assert all(isinstance(c, Conference) for c in listed)
        assert [c.id for c in listed] == ids
        assert [c.title for c in listed] == ["Webinar 0", "Webinar 1", "Webinar 2"]
        newest = bm.channels.conferences(
            tenant.channel_url, sort_start_date="descending", per_page=1
        )
        assert [c.id for c in newest] == ids[::-1]
        assert list(bm.channels.conferences(tenant.channel_url, timing="past")) == []
        tagged = bm.request(
            "POST",
            "conferences",
            json={
                "channel_id": tenant.channel_id,
                "title": "Tagged",
                "start_time": "2031-05-01 10:00",
                "webinar_tags": [{"country": "Germany"}],
            },
        )["id"]
        found = bm.channels.conferences(
            tenant.channel_url, webinar_tags=[{"country": "Germany"}], show_template=False
        )
        assert [c.id for c in found] == [tagged]
        registered = bm.request(
            "PUT",
            "conferences/register",
            data={
                "id": ids[1],
                "email": f"fan-{new_id()}@example.test",
                "first_name": "Fan",
                "last_name": "Reg",
            },
        )
        bmid = str(registered["conference_url"]).rsplit("bmid=", 1)[1]
        assert [c.id for c in bm.channels.conferences(tenant.channel_url, bmid=bmid)] == [ids[1]]
        with pytest.raises(NotFoundError, match=r"^404: Channel Not Found!$"):
            list(bm.channels.conferences("nope"))


def test_subscribers_add_list_delete(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK subscribers")
    emails = [f"sub{n}-{new_id()}@example.test" for n in range(3)]
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        added = [
            bm.subscribers.add(
                tenant.channel_id,
                email=email,
                first_name=f"First{n}",
                last_name="Last",
                temporary_password="secret-123",
            )
            for n, email in enumerate(emails)
        ]
        assert all(isinstance(s, Subscriber) for s in added)
        assert [(s.email, s.first_name, s.last_name) for s in added] == [
            (email, f"First{n}", "Last") for n, email in enumerate(emails)
        ]
        assert all(s.bmid for s in added)

        listed = list(bm.subscribers.list(tenant.channel_id, per_page=2))
        assert sorted((s.email, s.bmid) for s in listed) == sorted((s.email, s.bmid) for s in added)
        assert sorted(s.email or "" for s in bm.subscribers.list(tenant.channel_id)) == sorted(
            emails
        )

        removed = bm.subscribers.delete(tenant.channel_id, email=emails[1])
        assert isinstance(removed, Success)
        assert removed.success
        assert sorted(s.email or "" for s in bm.subscribers.list(tenant.channel_id)) == sorted(
            [emails[0], emails[2]]
        )
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.subscribers.add("nope", email=emails[0])
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            list(bm.subscribers.list("nope"))


def test_channels_and_subscribers_async(settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK channels async")
    email = f"async-{new_id()}@example.test"

    async def main() -> None:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with AsyncBigMarker(
                api_key=tenant.api_key, base_url="http://app", transport=transport
            ) as bm:
                channels = [c async for c in bm.channels.list()]
                assert [c.channel_id for c in channels] == [tenant.channel_id]
                assert (await bm.channels.get(tenant.channel_url)).name == "SDK channels async"
                assert [c async for c in bm.channels.conferences(tenant.channel_url)] == []
                added = await bm.subscribers.add(tenant.channel_id, email=email)
                assert added.email == email
                assert [s.email async for s in bm.subscribers.list(tenant.channel_id)] == [email]
                assert (await bm.subscribers.delete(tenant.channel_id, email=email)).success
                assert [s async for s in bm.subscribers.list(tenant.channel_id)] == []
                with pytest.raises(NotFoundError):
                    await bm.subscribers.delete("nope", email=email)

                login = await bm.members.login(email=tenant.email, password=tenant.password)
                assert login.api_token
                space = await bm.meeting_spaces.create(
                    channel_id=tenant.channel_id, title="Async space", url=f"s-{new_id()}"
                )
                assert (await bm.meeting_spaces.get(str(space.id))).title == "Async space"
                poll = await bm.polls.create(
                    conference_id=str(space.id), question="Async?", choices=["Yes", "No"]
                )
                assert (poll.question, poll.status) == ("Async?", "queue")
                blocked = [f"{n}-{email}" for n in range(3)]
                await bm.block_lists.add_to_registration(
                    str(space.id), list_type="block_list", emails=blocked
                )
                listed = [
                    e.email
                    async for e in bm.block_lists.registration(
                        str(space.id), list_type="block_list", per_page=2
                    )
                ]
                assert sorted(e or "" for e in listed) == sorted(blocked)
                admins = [a async for a in bm.channel_admins.list(tenant.channel_url)]
                assert all(isinstance(a, ChannelAdmin) for a in admins)

    asyncio.run(main())


# Every other operation of Manage Channels.


def _register(bm: BigMarker, conference_id: str, email: str, first_name: str) -> None:
    bm.request(
        "PUT",
        "conferences/register",
        data={"id": conference_id, "email": email, "first_name": first_name, "last_name": "Reg"},
    )


def test_subchannels(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK subchannels")
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        urls = [f"sub-{new_id()}" for _ in range(2)]
        made = [
            bm.channels.create_subchannel(
                master_channel_id=tenant.channel_id,
                channel_name=f"Sub {n}",
                channel_url=url,
                organizer_email=f"org-{url}@example.test",
                organizer_first_name="Org",
                organizer_last_name="Anizer",
                organizer_temporary_password="temporary-1",
                background_image_url="https://images.example.test/bg.png",
            )
            for n, url in enumerate(urls)
        ]
        assert [(c.name, c.channel_url) for c in made] == [
            (f"Sub {n}", f"{settings.base_url}/{url}") for n, url in enumerate(urls)
        ]
        assert (made[0].model_extra or {})["master_channel_id"] == tenant.channel_id
        listed = list(bm.channels.subchannels(tenant.channel_url))
        assert [c.channel_id for c in listed] == [c.channel_id for c in made]

        removed = bm.channels.remove_subchannel(urls[0])
        assert isinstance(removed, Success)
        assert removed.success
        assert [c.channel_id for c in bm.channels.subchannels(tenant.channel_url)] == [
            made[1].channel_id
        ]
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.channels.get(str(made[0].channel_id))
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.channels.remove_subchannel("nope")
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            list(bm.channels.subchannels("nope"))


def test_channel_registrants_registered_conferences_and_delete_member(
    server_url: str, settings: Settings
) -> None:
    tenant = create_tenant(settings, "SDK registrants")
    fan = f"fan-{new_id()}@example.test"
    others = [f"other{n}-{new_id()}@example.test" for n in range(2)]
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        first = _conference(bm, tenant, "First", "2031-01-01 10:00")
        second = _conference(bm, tenant, "Second", "2031-02-01 10:00")
        _register(bm, first, fan, "Fan")
        _register(bm, second, fan, "Fan")
        for n, email in enumerate(others):
            _register(bm, first, email, f"Other{n}")

        rows = list(bm.channels.registrants(tenant.channel_id, per_page=3))
        assert all(isinstance(r, ChannelRegistration) for r in rows)
        assert sorted((r.email, r.conference_id) for r in rows) == sorted(
            [(fan, first), (fan, second), *((email, first) for email in others)]
        )
        mine = list(bm.channels.registrants(tenant.channel_id, email=fan, per_page=1))
        assert sorted(r.conference_id or "" for r in mine) == sorted([first, second])
        assert {r.first_name for r in mine} == {"Fan"}
        assert all(r.bmid and r.enter_url and r.registered_at for r in mine)
        assert list(bm.channels.registrants(tenant.channel_id, start_time=4_000_000_000)) == []

        ids = list(bm.channels.registered_conferences(tenant.channel_id, email=fan, per_page=1))
        assert ids == [first, second]
        assert list(bm.channels.registered_conferences(tenant.channel_id, email=others[0])) == [
            first
        ]

        deleted = bm.channels.delete_member(tenant.channel_url, email=fan)
        assert isinstance(deleted, Success)
        assert deleted.success
        assert list(bm.channels.registrants(tenant.channel_id, email=fan)) == []
        assert len(list(bm.channels.registrants(tenant.channel_id))) == 2
        with pytest.raises(NotFoundError, match="The channel you are requesting is not found"):
            bm.channels.delete_member("nope", email=others[0])
        with pytest.raises(PermissionDeniedError, match="access to this channel"):
            list(bm.channels.registrants("nope"))


def test_categories(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK categories")
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        conference = _conference(bm, tenant, "Filed", "2031-01-01 10:00")
        made = bm.categories.create(channel_id=tenant.channel_id, category_name="Sales")
        assert isinstance(made, Category)
        assert (made.name, made.club) == ("Sales", "SDK categories")
        filed = bm.categories.add_conference(
            channel_id=tenant.channel_id, category_name="Sales", conference_id=conference
        )
        assert (filed.name, filed.conferences) == ("Sales", [conference])
        taken_out = bm.categories.remove_conference(
            channel_id=tenant.channel_id, category_name="Sales", conference_id=conference
        )
        assert taken_out.success
        with pytest.raises(AuthenticationError, match="not found in this category"):
            bm.categories.remove_conference(
                channel_id=tenant.channel_id, category_name="Sales", conference_id=conference
            )
        assert bm.categories.delete(channel_id=tenant.channel_id, category_name="Sales").success
        with pytest.raises(NotFoundError):
            bm.categories.delete(channel_id=tenant.channel_id, category_name="Sales")
        with pytest.raises(
            AuthenticationError, match="permission to access or modify this channel"
        ):
            bm.categories.create(channel_id="nope", category_name="Sales")


def test_channel_admins(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK admins")
    email = f"admin-{new_id()}@example.test"
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        before = {a.admin_id for a in bm.channel_admins.list(tenant.channel_url)}
        made = bm.channel_admins.create(
            channel_id=tenant.channel_id,
            email=email,
            first_name="Ada",
            last_name="Admin",
            temporary_password="temporary-1",
            photo_url="https://images.example.test/ada.png",
            title="Host",
            bio="Runs things",
        )
        assert isinstance(made, ChannelAdmin)
        assert (made.first_name, made.last_name, made.title, made.bio, made.email) == (
            "Ada",
            "Admin",
            "Host",
            "Runs things",
            email,
        )
        assert made.status == "active"
        assert made.admin_id
        assert made.bmid
        listed = {a.admin_id: a for a in bm.channel_admins.list(tenant.channel_url)}
        assert set(listed) == before | {made.admin_id}
        assert listed[str(made.admin_id)].bio == "Runs things"

        changed = bm.channel_admins.update(
            str(made.admin_id), title="Lead host", photo_url="delete"
        )
        assert (changed.admin_id, changed.title, changed.bio) == (
            made.admin_id,
            "Lead host",
            "Runs things",
        )
        assert changed.photo_url is None
        assert bm.channel_admins.delete(str(made.admin_id)).success
        assert {a.admin_id for a in bm.channel_admins.list(tenant.channel_url)} == before
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.channel_admins.update(str(made.admin_id), title="Gone")
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.channel_admins.delete(str(made.admin_id))


def test_block_lists(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK block lists")
    blocked = [f"b{n}-{new_id()}@example.test" for n in range(3)]
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        assert bm.block_lists.add_to_channel(tenant.channel_id, emails=blocked).success
        allowed = bm.block_lists.add_to_channel(
            tenant.channel_id, emails="allowed.example.test", list_type="allow_list"
        )
        assert allowed.success
        entries = list(bm.block_lists.channel(tenant.channel_id, per_page=2))
        assert all(isinstance(e, BlockListEntry) for e in entries)
        assert sorted(e.email or "" for e in entries) == sorted(blocked)
        assert all(e.created_at for e in entries)
        assert [
            e.email for e in bm.block_lists.channel(tenant.channel_id, list_type="allow_list")
        ] == ["allowed.example.test"]
        assert bm.block_lists.remove_from_channel(tenant.channel_id, emails=blocked[:2]).success
        assert [e.email for e in bm.block_lists.channel(tenant.channel_id)] == blocked[2:]
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            list(bm.block_lists.channel("nope"))

        conference = _conference(bm, tenant, "Guarded", "2031-01-01 10:00")
        added = bm.block_lists.add_to_registration(
            conference, list_type="block_list", emails=blocked
        )
        assert isinstance(added, BlockList)
        assert sorted(e.email or "" for e in added.entries) == sorted(blocked)
        assert added.total_entries == 3
        shown = list(bm.block_lists.registration(conference, list_type="block_list", per_page=2))
        assert sorted(e.email or "" for e in shown) == sorted(blocked)
        assert list(bm.block_lists.registration(conference, list_type="allow_list")) == []
        removed = bm.block_lists.remove_from_registration(
            conference, list_type="block_list", emails=blocked[0]
        )
        assert removed.success
        left = bm.block_lists.registration(conference, list_type="block_list")
        assert sorted(e.email or "" for e in left) == sorted(blocked[1:])
        status = bm.block_lists.enable_registration(conference, list_type="allow_list")
        assert isinstance(status, BlockListStatus)
        assert (status.block_list, status.allow_list) == ("disable", "enable")
        status = bm.block_lists.enable_registration(conference, list_type="block_list")
        assert (status.block_list, status.allow_list) == ("enable", "disable")
        with pytest.raises(NotFoundError, match="The channel you are requesting is not found"):
            list(bm.block_lists.registration("nope", list_type="block_list"))


def test_meeting_spaces(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK spaces")
    sub = f"space-{new_id()}"
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        made = bm.meeting_spaces.create(
            channel_id=tenant.channel_id,
            title="Office hours",
            url=sub,
            knock_to_enter="Closed",
            auto_share_camera=False,
            display_dial_in=True,
            meeting_style="Classic",
            logo_url="https://example.test/home",
            background_image="https://images.example.test/bg.png",
            preview_image="https://images.example.test/preview.png",
            email=f"owner-{sub}@example.test",
            first_name="Owner",
            last_name="Person",
        )
        assert isinstance(made, MeetingSpace)
        assert (made.title, made.knock_to_enter, made.auto_share_camera) == (
            "Office hours",
            "Closed",
            False,
        )
        assert (made.display_dial_in, made.meeting_style) == (True, "Classic")
        assert made.logo_url == "https://example.test/home"
        assert made.background_image == "https://images.example.test/bg.png"
        assert made.preview_image == "https://images.example.test/preview.png"
        assert made.url
        assert made.url.endswith(sub)
        assert made.id
        shown = bm.meeting_spaces.get(made.id)
        assert shown == made
        changed = bm.meeting_spaces.update(made.id, title="Open office", knock_to_enter="Open")
        assert (changed.id, changed.title, changed.knock_to_enter) == (
            made.id,
            "Open office",
            "Open",
        )
        assert changed.meeting_style == "Classic"
        assert bm.meeting_spaces.get(made.id).title == "Open office"
        with pytest.raises(NotFoundError, match="The channel you are requesting is not found"):
            bm.meeting_spaces.get("nope")
        with pytest.raises(NotFoundError, match="The channel you are requesting is not found"):
            bm.meeting_spaces.update("nope", title="x")


def test_polls(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK polls")
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        conference = _conference(bm, tenant, "Polled", "2031-01-01 10:00")
        made = bm.polls.create(
            conference_id=conference,
            question="Tea or coffee?",
            selection_method="single",
            choices=["Tea", "Coffee"],
            set_display_question=True,
            display_question="Your drink?",
            attendee_can_select_answer_number=1,
            allow_answer_poll_on_landing_page=True,
            allow_user_to_skip_poll=False,
            display_as_slide_out=True,
            attendee_can_view_poll_results=True,
            show_in_recording_player=False,
            poll_close_time="2031-01-01 12:00",
        )
        assert isinstance(made, Poll)
        assert (made.question, made.selection_method, made.status) == (
            "Tea or coffee?",
            "single",
            "queue",
        )
        assert [c.choice for c in made.choices or []] == ["Tea", "Coffee"]
        assert all(c.id for c in made.choices or [])
        assert (made.club_profile_id, made.conference_id) == (tenant.channel_id, conference)
        assert (made.display_question, made.attendee_can_select_answer_number) == ("Your drink?", 1)
        assert (made.allow_user_to_skip_poll, made.display_as_slide_out) == (False, True)
        assert made.poll_close_time == "2031-01-01 12:00"
        assert made.id

        changed = bm.polls.update(
            made.id, question="Tea, coffee or water?", choices=["Tea", "Coffee", "Water"]
        )
        assert (changed.id, changed.question) == (made.id, "Tea, coffee or water?")
        assert [c.choice for c in changed.choices or []] == ["Tea", "Coffee", "Water"]
        assert changed.display_question == "Your drink?"

        opened = bm.polls.set_status(action="open", poll_ids=[made.id])
        assert (opened.status, opened.message) == (
            "success",
            f"Successfully opened {made.id} polls",
        )
        closed = bm.polls.set_status(action="close", conference_id=conference)
        assert closed.message == f"Successfully closed {made.id} polls"
        assert bm.polls.delete(made.id).success
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.polls.delete(made.id)
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.polls.update(made.id, question="Gone?")
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.polls.create(conference_id="nope", question="?")


def test_members_login(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK login")
    with BigMarker(api_key="not-needed", base_url=server_url) as anyone:
        login = anyone.members.login(email=tenant.email, password=tenant.password)
        assert isinstance(login, Login)
        assert login.api_token
        with pytest.raises(
            AuthenticationError, match=r"Authentication failed\. Invalid email and/or password\."
        ):
            anyone.members.login(email=tenant.email, password="wrong password")
    with BigMarker(api_key=login.api_token, base_url=server_url) as bm:
        assert bm.channels.get(tenant.channel_id).name == "SDK login"


# The vendor's documented shapes: every valid JSON example of the reference
# document is read by its model, each of its fields a typed one (none left as
# extra), and the documented inconsistencies are absorbed.

EXAMPLES: dict[str, tuple[type[Model], tuple[str, ...] | None]] = {
    # operation: (model, list keys — None for a single record)
    "members_login": (Login, None),
    "channels_show": (Channel, None),
    "channels_list": (Channel, ("channels",)),
    "channels_conferences": (Conference, ("conferences",)),
    "channels_registrations": (ChannelRegistration, ("registrations",)),
    "channels_create_subchannel": (Channel, None),
    "channels_list_subchannels": (Channel, ("channels",)),
    "channels_subscribers": (Subscriber, ("subscribers",)),
    "channels_add_subscriber": (Subscriber, None),
    "categories_create": (Category, None),
    "categories_add_conference": (Category, None),
    "channels_block_list_show": (BlockListEntry, ("list_data",)),
    "channels_block_list_remove": (Success, None),
    "channel_admins_list": (ChannelAdmin, ("channel_admins",)),
    "channel_admins_create": (ChannelAdmin, None),
    "channel_admins_update": (ChannelAdmin, None),
    "reporting_registrations": (ReportRegistration, ("registrations",)),
    "reporting_live_attendees": (ReportAttendee, ("attendees",)),
    "reporting_no_shows": (ReportRegistration, ("registrations",)),
    "reporting_on_demand_attendees": (ReportAttendee, ("attendees",)),
    "custom_emails_email_analytics": (EmailAction, ("xxx",)),
    "reporting_chat_transcript": (Chat, ("chats",)),
    "reporting_q_and_a_transcript": (QuestionAsked, ("q_and_a",)),
    "reporting_event_summary": (EventSummary, None),
    "custom_emails_email_statistics_data": (EmailStatistics, ("data",)),
    "reporting_poll_transcript": (PollTranscript, None),
    "reporting_offer_transcript": (OfferTranscript, None),
    "meeting_spaces_create": (MeetingSpace, None),
    "meeting_spaces_show": (MeetingSpace, None),
    "meeting_spaces_update": (MeetingSpace, None),
    "registration_block_list_show": (BlockList, None),
    "registration_block_list_add": (BlockList, None),
    "registration_block_list_enable": (BlockListStatus, None),
    "polls_create": (Poll, None),
    "polls_update": (Poll, None),
    "polls_set_status": (Success, None),
}


def _extras(model: BaseModel) -> list[str]:
    """Fields of ``model`` (and of the models inside it) read as extra."""
    found = list(model.model_extra or {})
    for name in type(model).model_fields:
        value = getattr(model, name)
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, BaseModel):
                found += _extras(inner)
    return found


def test_the_documents_examples_are_read(bigmarker_operations: dict[str, Any]) -> None:
    for operation_id, (model, keys) in EXAMPLES.items():
        example = bigmarker_operations[operation_id]["response"]["example"]
        assert example["valid_json"], operation_id
        answer = json.loads(example["text"])
        records = [answer] if keys is None else _items(answer, keys)
        assert records, operation_id
        for record in records:
            read = _parse(model, record)
            assert _extras(read) == [], (operation_id, _extras(read))

    def example(operation_id: str) -> Any:
        return json.loads(bigmarker_operations[operation_id]["response"]["example"]["text"])

    # Login answers an array of one object.
    assert _parse(Login, example("members_login")).api_token == "xxxxxx"
    # The category comes wrapped in {"category": …}, its table flat.
    assert _parse(Category, example("categories_create")).name == "xxxxxx"
    assert _parse(Category, {"name": "Flat", "club": "c"}).name == "Flat"
    # Email analytics lists under "xxx"; a real key would be read too.
    assert len(_items({"per_page": 1, "analytics": [{}]}, ("xxx",))) == 1
    # Show suppressed: one object in the document, an array from the server.
    (single,) = _suppressions(example("custom_emails_suppressions"))
    assert single.recipient == "recipient@email.com"
    # Polls' responses spell fist_name.
    polls = _parse(PollTranscript, example("reporting_poll_transcript"))
    assert [r.first_name for p in polls.polls or [] for r in p.poll_responses or []] == [
        "first name"
    ]
    # attended? and BMID are the reports' keys.
    (row, *_) = _items(example("reporting_registrations"), ("registrations",))
    registration = _parse(ReportRegistration, row)
    assert (registration.attended, registration.BMID) == ("Yes", "xxfb4939xxx")
    # Registered conferences are ids, not objects.
    assert _items(example("channels_list_registered_conferences"), ("conferences",))[0] == (
        "e6df878b0xx"
    )
    # An answer of another shape is an APIError, not pydantic's error.
    with pytest.raises(APIError, match="not a MeetingSpace"):
        _parse(MeetingSpace, ["not", "a", "space"])
    with pytest.raises(APIError, match="no list under channels"):
        _items({"channels": "none", "other": "x"}, ("channels",))
