"""Query counts: no list endpoint runs more SQL statements for more rows.

Two accounts are filled the same way, one with 2 and one with 12 of everything
(conferences with tags, presenters, custom fields and registrations; sessions,
sub-channels, subscribers, moderators, participants, groups, files, visits …).
Every list endpoint of the three dialects is called on both and must run exactly
its pinned number of statements on each: a new N+1 fails here, and so does a
count that changes at all (raise or lower the pin on purpose, in the same commit
as the change that explains it). The inventories are checked against the
dialects' route and action tables, so a new endpoint must be listed here, as a
listing with a pinned count or as one that lists nothing.

How statements are counted: tests/queries.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import bigmarker_routes
from tests.api.boomstream.helpers import BASE as BOOMSTREAM
from tests.api.myownconference import helpers as myownconference
from tests.conftest import Tenant, create_tenant, in_database
from tests.queries import QueryCounter
from webinarium.api.boomstream import router as boomstream_router
from webinarium.api.myownconference.table import TABLE
from webinarium.conferences.schemas import ConferenceStatus
from webinarium.kit.ids import new_id
from webinarium.models import (
    AttentionAsk,
    AttentionCheck,
    Bot,
    ChatMessage,
    Conference,
    ConferenceStatusChange,
    HandoutLog,
    Mail,
    MailState,
    Offer,
    OfferClick,
    OfferShow,
    Person,
    Poll,
    PollChoice,
    PollVote,
    Question,
    Recording,
    RecordingView,
    Registration,
    SurveyAnswer,
    SurveyQuestion,
    Visit,
)
from webinarium.settings import Settings

API = "/api/v1"
SIZES = (2, 12)
ALL = 500  # a page size that holds every row of the larger world


def test_the_counter_counts_the_statements_of_its_block_only(
    http: httpx.Client, queries: QueryCounter
) -> None:
    def readiness() -> None:
        # Three statements: SELECT 1, the alembic revision, the last worker
        # heartbeat (503: the suite's server runs no worker).
        assert http.get("/readyz").status_code == 503

    readiness()
    with queries.count() as counted:
        readiness()
        readiness()
    readiness()
    assert counted.total == 6, counted.report()
    assert counted.statements.count("SELECT 1") == 2


@dataclass
class World:
    """An account with ``n`` of everything. ``hub`` is the webinar that has
    ``n`` presenters, registrants, custom fields, handouts, files, visits …;
    every one of the ``n`` ``webinars`` has a tag, a custom field, the moderator
    ``moderator`` as presenter and the participant ``participant`` registered."""

    tenant: Tenant
    n: int
    ids: dict[str, str] = field(default_factory=dict)
    webinars: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return self.tenant.headers


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _custom_field(number: int) -> dict[str, Any]:
    return {"field_name": f"Question {number}", "field_type": "text", "api_name": f"q{number}"}


def _bigmarker_data(http: httpx.Client, world: World) -> None:
    headers, n, channel = world.headers, world.n, world.tenant.channel_id

    def post(path: str, body: dict[str, Any]) -> Any:
        return _ok(http.post(API + path, headers=headers, json=body))

    def conference(**body: Any) -> str:
        created: str = post("/conferences", {"channel_id": channel, **body})["id"]
        return created

    world.ids["hub"] = conference(
        title="Hub",
        start_time="2031-03-01 10:00",
        custom_fields=[_custom_field(i) for i in range(n)],
        webinar_tags=[{"topic": "hub,all"}],
    )
    for i in range(n):
        world.webinars.append(
            conference(
                title=f"Webinar {i}",
                start_time=f"2031-04-{i + 1:02d} 10:00",
                custom_fields=[_custom_field(0)],
                webinar_tags=[{"topic": f"t{i}"}],
            )
        )
    world.ids["recurring"] = conference(
        title="Recurring",
        schedule_type="multiple_times",
        recurring_start_times=[f"2031-05-{i + 1:02d} 10:00" for i in range(n)],
    )
    series = [post("/series", {"channel_id": channel, "title": f"Series {i}"}) for i in range(n)]
    world.ids["series"] = series[0]["id"]
    post("/series/add_sessions", {"series_id": world.ids["series"], "session_ids": world.webinars})
    world.ids["category"] = "Category"
    post("/category", {"channel_id": channel, "category_name": "Category"})
    for i in range(n):
        post("/meeting_spaces", {"channel_id": channel, "title": f"Room {i}"})
        post(
            "/category/add_conference",
            {
                "channel_id": channel,
                "category_name": "Category",
                "conference_id": world.webinars[i],
            },
        )
        post(
            f"/conferences/{world.ids['hub']}/add_handout_with_url",
            {"title": f"Handout {i}", "handout_url": f"https://files.example.test/{i}.pdf"},
        )
        _ok(
            http.put(
                f"{API}/conferences/{world.ids['hub']}/upload_file",
                headers=headers,
                json={"file_url": f"https://files.example.test/{i}.mp4"},
            )
        )
        post(
            "/channels",
            {
                "master_channel_id": channel,
                "channel_name": f"Sub {i}",
                "channel_url": f"sub-{i}-{world.tenant.account_id}",
                "organizer_email": f"organizer{i}@example.test",
                "organizer_first_name": "Org",
            },
        )
        post(f"/channels/{channel}/add_subscriber", {"email": f"subscriber{i}@example.test"})
        post("/channel_admins", {"channel_id": channel, "email": f"admin{i}@example.test"})
    blocked = ",".join(f"blocked{i}@example.test" for i in range(n))
    post(
        f"/registration_block_list/{world.ids['hub']}",
        {"list_type": "block_list", "emails": blocked},
    )
    post(f"/channels/block_list/{channel}", {"list_type": "block_list", "emails": blocked})


def _myownconference_data(http: httpx.Client, world: World) -> None:
    tenant, n = world.tenant, world.n

    def action(name: str, params: Any) -> Any:
        return myownconference.ok(http, tenant, name, params)

    moderators = [f"moderator{i}@example.test" for i in range(n)]
    participants = [f"participant{i}@example.test" for i in range(n)]
    world.ids["moderator"], world.ids["participant"] = moderators[0], participants[0]
    hub = world.aliases[world.ids["hub"]]
    for i in range(n):
        action("moderatorsCreate", {"name": f"Moder Ator{i}", "email": moderators[i]})
        action("attendeesCreate", {"name": f"Parti Cipant{i}", "email": participants[i]})
        group = action("attendeesCreateGroup", {"name": f"Group {i}"})["group_id"]
        action("attendeesAssignToGroup", {"group_id": group, "attendees": participants[:1]})
    action("moderatorsAddToWebinar", {"alias": hub, "email": moderators})
    action("attendeesAddToWebinar", {"alias": hub, "attendees": participants})
    for webinar in world.webinars:
        alias = world.aliases[webinar]
        action("moderatorsAddToWebinar", {"alias": alias, "email": moderators[:1]})
        action("attendeesAddToWebinar", {"alias": alias, "attendees": participants[:1]})


def _room_and_records(settings: Settings, world: World) -> None:
    """What only the live room writes: visits, chat, virtual attendees, check-ins;
    and recordings."""
    hub, account_id = world.ids["hub"], world.tenant.account_id
    at = datetime(2031, 3, 1, 10, 0, tzinfo=UTC)

    async def fill(session: AsyncSession) -> None:
        world.ids["moderator_member"] = await session.scalar(
            select(Person.id).where(
                Person.account_id == account_id, Person.email == world.ids["moderator"]
            )
        )
        registrations = list(
            await session.scalars(
                select(Registration).where(
                    Registration.account_id == account_id, Registration.conference_id == hub
                )
            )
        )
        await session.execute(
            update(Registration)
            .where(Registration.account_id == account_id, Registration.conference_id == hub)
            .values(checked_in_at=at)
        )
        content = _content_rows(account_id, hub, at)
        for row in content.values():  # each after the row it refers to
            session.add(row)
            await session.flush()
        recording_ids = [new_id() for _ in registrations]
        for i, registration in enumerate(registrations):
            moment = at + timedelta(minutes=i)
            session.add_all(_content_of(account_id, hub, content, registration.person_id, moment))
            session.add_all(
                [
                    Visit(
                        account_id=account_id,
                        conference_id=hub,
                        person_id=registration.person_id,
                        name=f"Visitor {i}",
                        entered_at=moment,
                    ),
                    ChatMessage(
                        account_id=account_id,
                        conference_id=hub,
                        person_id=registration.person_id,
                        author_name=f"Visitor {i}",
                        text=f"Hello {i}",
                        created_at=moment,
                    ),
                    Recording(
                        id=recording_ids[i],
                        account_id=account_id,
                        conference_id=hub,
                        name=f"Take {i}",
                        status="ready",
                    ),
                    RecordingView(
                        account_id=account_id,
                        conference_id=hub,
                        recording_id=recording_ids[i],
                        person_id=registration.person_id,
                        registration_id=registration.id,
                        created_at=moment,
                    ),
                    # A confirmation delivered, opened, clicked and unsubscribed
                    # from: four actions for the custom e-mail analytics.
                    Mail(
                        account_id=account_id,
                        conference_id=hub,
                        person_id=registration.person_id,
                        registration_id=registration.id,
                        kind="registration_confirmation",
                        to_address=f"reader{i}@example.test",
                        subject="You are registered",
                        text="",
                        html="",
                        state=MailState.SENT,
                        attempts=1,
                        created_at=moment,
                        sent_at=moment,
                        opened_at=moment,
                        clicked_at=moment,
                        unsubscribed_at=moment,
                    ),
                    Question(
                        account_id=account_id,
                        conference_id=hub,
                        person_id=registration.person_id,
                        member_id=registration.person_id,
                        author_name=f"Visitor {i}",
                        author_role="attendee",
                        text=f"Why {i}?",
                        answer=f"Because {i}",
                        answered_by_member_id=world.ids["moderator_member"],
                        answered_by_name="Moderator",
                        answered_by_role="moderator",
                        answered_at=moment,
                        created_at=moment,
                    ),
                    # Started and ended by a different person each time: the
                    # activity log names them all.
                    ConferenceStatusChange(
                        account_id=account_id,
                        conference_id=hub,
                        from_status=ConferenceStatus.SCHEDULED,
                        to_status=ConferenceStatus.LIVE if i % 2 else ConferenceStatus.ENDED,
                        actor=f"person:{registration.person_id}",
                        changed_at=moment,
                    ),
                ]
            )
            bot = Bot(account_id=account_id, conference_id=hub, name=f"Bot {i}", created_at=moment)
            session.add(bot)
            await session.flush()
            session.add(
                Visit(
                    account_id=account_id,
                    conference_id=hub,
                    bot_id=bot.id,
                    name=bot.name,
                    entered_at=moment,
                )
            )

    in_database(settings, fill)


def _content_rows(account_id: str, hub: str, at: datetime) -> dict[str, Any]:
    """A poll, an offer shown, an attendance check and a survey question of the hub."""
    of_hub = {"account_id": account_id, "conference_id": hub}
    poll = Poll(id=new_id(), question="Which?", status="closed", **of_hub)
    offer = Offer(
        id=new_id(), title="Demo", button_text="Go", url="https://example.test/", **of_hub
    )
    return {
        "poll": poll,
        "choice": PollChoice(
            id=new_id(), account_id=account_id, poll_id=poll.id, choice="Yes", position=1
        ),
        "offer": offer,
        "show": OfferShow(id=new_id(), offer_id=offer.id, shown_by="host Host", **of_hub),
        "check": AttentionCheck(
            id=new_id(), round=1, asked_at=at, expires_at=at + timedelta(minutes=1), **of_hub
        ),
        "question": SurveyQuestion(id=new_id(), position=1, text="How?", kind="text", **of_hub),
    }


def _content_of(
    account_id: str, hub: str, content: dict[str, Any], person_id: str, at: datetime
) -> list[Any]:
    """What one attendee did with the hub's content: a vote, an offer click, a
    check shown and answered, a survey answer, a handout download."""
    of_hub = {"account_id": account_id, "conference_id": hub}
    who = {"person_id": person_id, "email": f"{person_id}@example.test"}
    room_person = {**who, "member_id": person_id, "name": "Some One"}
    return [
        PollVote(
            account_id=account_id,
            poll_id=content["poll"].id,
            choice_id=content["choice"].id,
            person_id=person_id,
        ),
        OfferClick(
            offer_id=content["offer"].id, show_id=content["show"].id, **room_person, **of_hub
        ),
        AttentionAsk(
            check_id=content["check"].id,
            member_id=person_id,
            name="Some One",
            first_name="Some",
            last_name="One",
            shown_at=at,
            answered_at=at,
            state="answered",
            **who,
            **of_hub,
        ),
        SurveyAnswer(
            question_id=content["question"].id, name="Some One", value="Fine", **who, **of_hub
        ),
        HandoutLog(handout_title="Handout 0", action="download", **room_person, **of_hub),
    ]


def _aliases_and_codes(settings: Settings, world: World) -> None:
    async def read(session: AsyncSession) -> None:
        rows = await session.execute(
            select(Conference.id, Conference.alias, Conference.code).where(
                Conference.account_id == world.tenant.account_id
            )
        )
        for conference_id, alias, code in rows:
            world.aliases[conference_id] = alias
            if conference_id == world.ids["hub"]:
                world.ids["hub_alias"], world.ids["hub_code"] = alias, code

    in_database(settings, read)


def _build(http: httpx.Client, settings: Settings, n: int) -> World:
    world = World(create_tenant(settings, f"Counted {n}"), n)
    _bigmarker_data(http, world)
    _aliases_and_codes(settings, world)
    _myownconference_data(http, world)
    _room_and_records(settings, world)
    return world


@pytest.fixture(scope="module")
def worlds(http: httpx.Client, settings: Settings) -> list[World]:
    return [_build(http, settings, n) for n in SIZES]


@dataclass(frozen=True)
class Listing:
    """One list endpoint: how to call it on a world, how many rows its answer
    lists, and how many statements it runs (whatever the number of rows)."""

    id: str
    endpoint: Any  # (method, path) of a route, or an action's name
    call: Callable[[httpx.Client, World], Any]
    rows: Callable[[Any], int]
    statements: int


def _get(path: str, **params: Any) -> Callable[[httpx.Client, World], Any]:
    """GET ``path`` (``{hub}``, ``{channel}`` … filled from the world)."""

    def call(http: httpx.Client, world: World) -> Any:
        return _ok(
            http.get(API + _fill(path, world), headers=world.headers, params=_fill(params, world))
        )

    return call


def _send(method: str, path: str, body: dict[str, Any]) -> Callable[[httpx.Client, World], Any]:
    def call(http: httpx.Client, world: World) -> Any:
        return _ok(
            http.request(
                method, API + _fill(path, world), headers=world.headers, json=_fill(body, world)
            )
        )

    return call


def _fill(template: Any, world: World) -> Any:
    """``template`` with ``{hub}``, ``{channel}`` … replaced, in strings, lists and dicts."""
    if isinstance(template, dict):
        return {key: _fill(value, world) for key, value in template.items()}
    if isinstance(template, list):
        return [_fill(value, world) for value in template]
    if isinstance(template, str):
        return template.format(
            channel=world.tenant.channel_id, webinar=world.webinars[0], **world.ids
        )
    return template


def _key(name: str) -> Callable[[Any], int]:
    return lambda body: len(body[name])


# A BigMarker conference rendering reads, besides channels, tags, presenters and
# webhooks, the conferences' activity (conferences.service.ConferenceActivity):
# pre-loaded files, registration counts, attendee counts and newest recordings
# (4 statements), and the series they belong to (a 5th, when a listed
# conference is in one).
BIGMARKER = [
    Listing(
        "conferences_list",
        ("GET", "/conferences"),
        _get("/conferences", type="all", per_page=ALL),
        _key("conferences"),
        12,
    ),
    Listing(
        "conferences_list_series",
        ("GET", "/conferences"),
        _get("/conferences", include_series="true", per_page=ALL),
        _key("conferences"),
        11,
    ),
    Listing(
        "conferences_list_always_open",
        ("GET", "/conferences"),
        _get("/conferences", type="always_open", per_page=ALL),
        _key("conferences"),
        11,
    ),
    Listing(
        "conferences_search",
        ("POST", "/conferences/search"),
        _send("POST", "/conferences/search", {"per_page": ALL}),
        _key("conferences"),
        12,
    ),
    Listing(
        "conferences_associated_sessions",
        ("GET", "/conferences/get_associated_sessions/{conference_id}"),
        _get("/conferences/get_associated_sessions/{series}", per_page=ALL),
        _key("conferences"),
        13,
    ),
    Listing(
        "conferences_recurring_children",
        ("GET", "/conferences/recurring/{conference_id}"),
        _get("/conferences/recurring/{recurring}"),
        _key("child_conferences"),
        12,
    ),
    Listing(
        "conferences_custom_fields",
        ("GET", "/conferences/custom_fields/{conference_id}"),
        _get("/conferences/custom_fields/{hub}"),
        len,
        3,
    ),
    Listing(
        "conferences_show",
        ("GET", "/conferences/{conference_id}"),
        _get("/conferences/{hub}"),
        _key("presenters"),
        10,
    ),
    Listing(
        "conferences_recording_views",
        ("GET", "/conferences/{conference_id}/recording_views"),
        _get("/conferences/{hub}/recording_views"),
        _key("recording_views"),
        4,
    ),
    Listing(
        "handouts_list",
        ("GET", "/conferences/{conference_id}/handouts"),
        _get("/conferences/{hub}/handouts"),
        len,
        4,  # the handouts' fetched files (their icons) in one more
    ),
    Listing(
        "registrations_list",
        ("GET", "/conferences/registrations/{conference_id}"),
        _get("/conferences/registrations/{hub}", per_page=ALL),
        _key("registrations"),
        5,
    ),
    Listing(
        "registrations_with_fields",
        ("GET", "/conferences/registrations_with_fields/{conference_id}"),
        _get("/conferences/registrations_with_fields/{hub}", per_page=ALL),
        _key("registrations"),
        7,
    ),
    Listing(
        "registrations_checked_in",
        ("GET", "/conferences/checked_in_registrants/{conference_id}"),
        _get("/conferences/checked_in_registrants/{hub}", per_page=ALL),
        _key("registrations"),
        5,
    ),
    # Attendance reports: the page of people, their registrations, stays, chat,
    # questions, votes, handout logs, attention asks, bans and the custom fields
    # (conferences_attendees and no_shows: tests/api/bigmarker/test_reports_attendance.py).
    Listing(
        "reporting_registrations",
        ("GET", "/reporting/conferences/registrations/{conference_id}"),
        _get("/reporting/conferences/registrations/{hub}", per_page=ALL),
        _key("registrations"),
        13,
    ),
    Listing(
        "reporting_on_demand_attendees",
        ("GET", "/reporting/conferences/on_demand_attendees/{conference_id}"),
        _get("/reporting/conferences/on_demand_attendees/{hub}", per_page=ALL),
        _key("attendees"),
        12,
    ),
    Listing(
        "reporting_live_attendees",
        ("GET", "/reporting/conferences/live_attendees/{conference_id}"),
        _get("/reporting/conferences/live_attendees/{hub}", per_page=ALL),
        _key("attendees"),
        14,
    ),
    Listing(
        "reporting_enter_exit_log",
        ("GET", "/reporting/conferences/enter_exit_log/{conference_id}"),
        _get("/reporting/conferences/enter_exit_log/{hub}", per_page=ALL),
        _key("activities"),
        4,
    ),
    Listing(
        "registration_block_list_show",
        ("POST", "/registration_block_list/{conference_id}"),
        _send("POST", "/registration_block_list/{hub}", {"list_type": "block_list"}),
        _key("list"),
        4,
    ),
    Listing(
        "channels_block_list_show",
        ("GET", "/channels/block_list/{channel_id}"),
        _get("/channels/block_list/{channel}"),
        _key("list_data"),
        4,
    ),
    Listing(
        "channel_admins_list",
        ("GET", "/channel_admins/{channel_url}"),
        _get("/channel_admins/{channel}"),
        len,
        3,
    ),
    Listing(
        "channel_admins_list_of_every_channel",
        ("GET", "/channel_admins"),
        _get("/channel_admins"),
        len,
        2,
    ),
    Listing("channels_list", ("GET", "/channels"), _get("/channels"), _key("channels"), 3),
    Listing(
        "channels_list_subchannels",
        ("GET", "/channels/sub_channels/{channel_url}"),
        _get("/channels/sub_channels/{channel}"),
        _key("channels"),
        3,
    ),
    Listing(
        "channels_conferences",
        ("GET", "/channels/{channel_url}/conferences"),
        _get("/channels/{channel}/conferences", timing="all", per_page=ALL),
        _key("conferences"),
        13,
    ),
    Listing(
        "channels_registrations",
        ("GET", "/conferences/registrations/channel/{channel_id}"),
        _get("/conferences/registrations/channel/{channel}", per_page=ALL),
        _key("registrations"),
        5,
    ),
    Listing(
        "channels_subscribers",
        ("GET", "/channels/{channel_id}/subscribers"),
        _get("/channels/{channel}/subscribers", per_page=ALL),
        _key("subscribers"),
        4,
    ),
    Listing(
        "channels_list_registered_conferences",
        ("GET", "/channels/{channel_id}/list_registered_conferences"),
        _get("/channels/{channel}/list_registered_conferences", email="{participant}"),
        _key("conferences"),
        6,
    ),
    Listing(
        "conferences_presenters",
        ("GET", "/conferences/{conference_id}/presenters"),
        _get("/conferences/{hub}/presenters"),
        _key("presenters"),
        4,
    ),
    Listing(
        "presenters_list_conferences",
        ("GET", "/presenters/{presenter_id}/list_conferences"),
        _get("/presenters/{moderator_member}/list_conferences"),
        _key("conferences"),
        12,
    ),
    Listing(
        "categories_add_conference",
        ("POST", "/category/add_conference"),
        _send(
            "POST",
            "/category/add_conference",
            {
                "channel_id": "{channel}",
                "category_name": "{category}",
                "conference_id": "{webinar}",
            },
        ),
        lambda body: len(body["category"]["conferences"]),
        6,
    ),
    Listing(
        "reporting_poll_transcript",
        ("GET", "/reporting/conferences/poll_transcript/{conference_id}"),
        _get("/reporting/conferences/poll_transcript/{hub}"),
        lambda body: sum(len(poll["poll_responses"]) for poll in body["polls"]),
        5,  # polls, votes with their voters, the attendee count
    ),
    Listing(
        "reporting_offer_transcript",
        ("GET", "/reporting/conferences/offer_transcript/{conference_id}"),
        _get("/reporting/conferences/offer_transcript/{hub}"),
        lambda body: sum(len(offer["offer_data"]) for offer in body["offers"]),
        4,  # the offers shown, the clicks
    ),
    Listing(
        "reporting_attendance_monitor_data",
        ("GET", "/reporting/conferences/attendance_monitor_data/{conference_id}"),
        _get("/reporting/conferences/attendance_monitor_data/{hub}", per_page=ALL),
        _key("activities"),
        4,  # the count and the page
    ),
    Listing(
        "conferences_survey",
        ("GET", "/conferences/survey/{conference_id}"),
        _get("/conferences/survey/{hub}"),
        lambda body: sum(len(question["responses"]) for question in body["survey"]),
        4,  # questions, answers
    ),
    Listing(
        "conferences_handout_download_data",
        ("GET", "/conferences/handout_download_data/{conference_id}"),
        _get("/conferences/handout_download_data/{hub}"),
        len,
        3,  # one grouped query
    ),
    # The key, the conference, a page of talk, its count, the people it names
    # (the activity log has no count).
    Listing(
        "reporting_chat_transcript",
        ("GET", "/reporting/conferences/chat_transcript/{conference_id}"),
        _get("/reporting/conferences/chat_transcript/{hub}", per_page=ALL),
        _key("chats"),
        5,
    ),
    Listing(
        "reporting_q_and_a_transcript",
        ("GET", "/reporting/conferences/q_and_a_transcript/{conference_id}"),
        _get("/reporting/conferences/q_and_a_transcript/{hub}", per_page=ALL),
        _key("q_and_a"),
        5,
    ),
    # The key, the custom e-mail's conference, a count and a page (people and
    # mails joined in).
    Listing(
        "custom_emails_email_analytics",
        ("GET", "/custom_emails/{custom_email_id}/email_analytics"),
        _get("/custom_emails/{hub}.registration_confirmation/email_analytics", per_page=ALL),
        _key("xxx"),
        4,
    ),
    Listing(
        "custom_emails_suppressions",
        ("GET", "/custom_emails/{custom_email_id}/suppressions"),
        _get("/custom_emails/{hub}.registration_confirmation/suppressions"),
        len,
        4,
    ),
    Listing(
        "conferences_activity_logs",
        ("GET", "/conferences/{conference_id}/activity_logs"),
        _get("/conferences/{hub}/activity_logs"),
        _key("activity_logs"),
        4,
    ),
]
# Routes whose answer is one object or a confirmation, not rows.
BIGMARKER_NOT_LISTS = {
    # One entry per kind of mail (at most nine), from one grouped count.
    ("GET", "/custom_emails/email_statistics_data"),
    # Registers the one person posted (test_webhook_payloads.py).
    ("POST", "/webhooks/registrations/{token}"),
    # Attendance reports pinned in tests/api/bigmarker/test_reports_attendance.py
    # (an ended webinar; everyone of the hub attended), or that list nothing
    # (dial-ins) or answer one object.
    ("GET", "/conferences/{conference_id}/attendees"),
    ("GET", "/reporting/conferences/no_shows/{conference_id}"),
    ("GET", "/reporting/conferences/event_summary/{conference_id}"),
    ("GET", "/conferences/{conference_id}/stats"),
    ("GET", "/conferences/refresh_analytics_report/{conference_id}"),
    ("GET", "/conferences/dial_in_list/{conference_id}"),
    ("POST", "/members/login"),
    ("POST", "/conferences"),
    ("POST", "/conferences/enter"),
    ("PUT", "/conferences/{conference_id}"),
    ("DELETE", "/conferences/{conference_id}"),
    ("PUT", "/conferences/{conference_id}/upload_file"),
    ("PUT", "/conferences/{conference_id}/delete_file/{file_id}"),
    ("PUT", "/conferences/{conference_id}/upload_file/delete_file/{file_id}"),
    ("POST", "/conferences/{conference_id}/add_handout_with_url"),
    ("PUT", "/conferences/{handout_id}/update_handout"),
    ("POST", "/conferences/{handout_id}/delete_handout"),
    ("POST", "/meeting_spaces"),
    ("GET", "/meeting_spaces/{meeting_space_id}"),
    ("PUT", "/meeting_spaces/{meeting_space_id}"),
    ("POST", "/series"),
    ("PUT", "/series"),
    ("DELETE", "/series"),
    ("POST", "/series/add_sessions"),
    ("PUT", "/conferences/register"),
    ("DELETE", "/conferences/register"),
    ("POST", "/conferences/register_or_update"),
    ("PUT", "/conferences/register_or_update"),
    ("GET", "/conferences/{conference_id}/check_registration_status"),
    ("POST", "/registration_block_list/enable/{conference_id}"),
    ("DELETE", "/registration_block_list/{conference_id}"),
    ("POST", "/channels/block_list/{channel_id}"),
    ("DELETE", "/channels/block_list/{channel_id}"),
    ("POST", "/polls"),
    ("PUT", "/polls"),
    ("DELETE", "/polls"),
    ("POST", "/presenters"),
    ("PUT", "/presenters/{presenter_id}"),
    ("DELETE", "/presenters/{presenter_id}"),
    ("DELETE", "/presenters"),
    ("POST", "/channel_admins"),
    ("PUT", "/channel_admins/{admin_id}"),
    ("DELETE", "/channel_admins"),
    ("POST", "/channels"),
    ("GET", "/channels/{channel_id}"),
    ("DELETE", "/channels/{channel_url}"),
    ("GET", "/channels/{channel_id}/add_subscriber"),
    ("POST", "/channels/{channel_id}/add_subscriber"),
    ("PUT", "/channels/{channel_id}/add_subscriber"),
    ("DELETE", "/channels/{channel_id}/remove_subscriber"),
    ("DELETE", "/channels/{channel_url}/delete_member"),
    ("POST", "/category"),
    ("DELETE", "/category"),
    ("DELETE", "/category/remove_conference"),
    ("GET", "/conferences/{conference_id}/transcript"),
    ("GET", "/conferences/{conference_id}/admin_url"),
    # The newest recording's status and publication: one object.
    ("GET", "/conferences/{conference_id}/recording"),
    ("GET", "/conferences/{conference_id}/publish_recording"),
    ("GET", "/conferences/{conference_id}/unpublish_recording"),
}


def _action(name: str, params: Any = None) -> Callable[[httpx.Client, World], Any]:
    def call(http: httpx.Client, world: World) -> Any:
        return myownconference.ok(http, world.tenant, name, _fill(params, world))

    return call


def _attendees_of_webinars(http: httpx.Client, world: World) -> Any:
    """Participants of the hub and every webinar, by the webinars' aliases."""
    aliases = [world.aliases[c] for c in (world.ids["hub"], *world.webinars)]
    return myownconference.ok(http, world.tenant, "attendeesList", {"webinars": aliases})


def _on_hub(action: str, statements: int, **params: str) -> Listing:
    """An action on the hub webinar whose answer is a list of rows."""
    listing_id = "_".join([action, *params.values()])
    call = _action(action, {"alias": "{hub_alias}", **params})
    return Listing(listing_id, action, call, len, statements)


MYOWNCONFERENCE = [
    Listing("webinarsList", "webinarsList", _action("webinarsList"), len, 2),
    Listing(
        "attendeesList",
        "attendeesList",
        _action("attendeesList", {"fields": ["name", "email", "type", "creation_date"]}),
        _key("list"),
        3,
    ),
    Listing(
        "attendeesList_of_a_webinar",
        "attendeesList",
        _action("attendeesList", {"alias": "{hub_alias}", "fields": ["email", "link"]}),
        _key("list"),
        7,
    ),
    Listing("attendeesList_of_webinars", "attendeesList", _attendees_of_webinars, _key("list"), 4),
    Listing(
        "attendeesRooms",
        "attendeesRooms",
        _action("attendeesRooms", {"email": "{participant}"}),
        len,
        6,
    ),
    Listing(
        "attendeesGroupsList",
        "attendeesGroupsList",
        _action("attendeesGroupsList"),
        lambda body: len(body[0]),
        2,
    ),
    Listing(
        "attendeesCommonGroups",
        "attendeesCommonGroups",
        _action("attendeesCommonGroups", ["{participant}"]),
        len,
        3,
    ),
    Listing("moderatorsList", "moderatorsList", _action("moderatorsList"), len, 2),
    Listing(
        "moderatorsList_of_a_webinar",
        "moderatorsList",
        _action("moderatorsList", {"alias": "{hub_alias}"}),
        len,
        4,
    ),
    Listing(
        "moderatorsRooms",
        "moderatorsRooms",
        _action("moderatorsRooms", {"email": "{moderator}"}),
        len,
        5,
    ),
    Listing(
        "webinarsOnlineList",
        "webinarsOnlineList",
        _action("webinarsOnlineList", {"alias": "{hub_alias}"}),
        lambda body: len(body["moderators"]) + len(body["guests"]),
        9,
    ),
    _on_hub("webinarsGetBotsList", 3),
    _on_hub("webinarsRecordsList", 3),
    _on_hub("webinarsFilesList", 4),  # the files' fetched bytes (size, duration) in one more
    *(_on_hub("webinarsHistory", 8, type=kind) for kind in ("chats", "visits")),
]
# Actions whose answer is one object or a confirmation, not rows.
MYOWNCONFERENCE_NOT_LISTS = {
    "profileGet",
    "profileSet",
    "moderatorsCreate",
    "moderatorsDelete",
    "moderatorsSet",
    "moderatorsAddToWebinar",
    "moderatorsRemoveFromWebinar",
    "attendeesCreate",
    "attendeesSet",
    "attendeesDelete",
    "attendeesAddToWebinar",
    "attendeesRemoveFromWebinar",
    "attendeesCreateGroup",
    "attendeesGroupsRename",
    "attendeesDeleteGroup",
    "attendeesAssignToGroup",
    "attendeesUnAssignFromGroup",
    "attendeesUnbanned",
    "webinarsCreate",
    "webinarsSet",
    "webinarsDelete",
    "webinarsClone",
    "webinarsGetInfo",
    "webinarsGetLettersInfo",
    "webinarsSetLetters",
    "webinarsLettersOff",
    "webinarsLettersOn",
    "webinarsRecordDelete",
    "webinarsAddModerToRoom",
    "webinarsRemoveModerFromRoom",
    "webinarsAddBotToRoom",
    "webinarsRemoveBotFromRoom",
    "webinarsBotMessage",
    "webinarsLockChat",
    "webinarsUnlockChat",
    "webinarsLinkLockInChat",
    "webinarsLinkUnlockInChat",
    "webinarsStartPresentation",
    "webinarStopPresentation",
    "webinarsStartVideo",
    "webinarsStopVideo",
    "webinarsFinish",
}


def _boomstream(method: str, **params: str) -> Callable[[httpx.Client, World], Any]:
    def call(http: httpx.Client, world: World) -> Any:
        values = {"apikey": world.tenant.api_key, "format": "json", **_fill(params, world)}
        return _ok(http.get(f"{BOOMSTREAM}/{method}", params=values))

    return call


BOOMSTREAM_LISTINGS = [
    Listing("boomstream_list", "/list", _boomstream("list"), _key("conferences"), 2),
    Listing(
        "boomstream_client_list",
        "/client/list",
        _boomstream("client/list", code="{hub_code}"),
        _key("Clients"),
        6,
    ),
]
# Methods whose answer is one object or a confirmation, not rows; and the
# catch-all that answers an unknown method.
BOOMSTREAM_NOT_LISTS = {
    "/info",
    "/create",
    "/update",
    "/delete",
    "/invite",
    "/client/info",
    "/client/update",
    "/client/delete",
    "/{method:path}",
}


def _boomstream_paths() -> set[str]:
    routes = [r for r in boomstream_router.routes if isinstance(r, APIRoute)]
    assert routes
    return {r.path.removeprefix(BOOMSTREAM) for r in routes}


def test_every_bigmarker_route_is_a_pinned_listing_or_lists_nothing() -> None:
    listed = {listing.endpoint for listing in BIGMARKER}
    assert listed.isdisjoint(BIGMARKER_NOT_LISTS)
    assert listed | BIGMARKER_NOT_LISTS == bigmarker_routes()


def test_every_myownconference_action_is_a_pinned_listing_or_lists_nothing() -> None:
    listed = {listing.endpoint for listing in MYOWNCONFERENCE}
    assert listed.isdisjoint(MYOWNCONFERENCE_NOT_LISTS)
    assert listed | MYOWNCONFERENCE_NOT_LISTS == set(TABLE)


def test_every_boomstream_method_is_a_pinned_listing_or_lists_nothing() -> None:
    listed = {listing.endpoint for listing in BOOMSTREAM_LISTINGS}
    assert listed.isdisjoint(BOOMSTREAM_NOT_LISTS)
    assert listed | BOOMSTREAM_NOT_LISTS == _boomstream_paths()


LISTINGS = [*BIGMARKER, *MYOWNCONFERENCE, *BOOMSTREAM_LISTINGS]


@pytest.mark.parametrize("listing", LISTINGS, ids=[listing.id for listing in LISTINGS])
def test_a_listing_runs_the_same_statements_for_2_and_12_rows(
    listing: Listing, worlds: list[World], http: httpx.Client, queries: QueryCounter
) -> None:
    counts = []
    for world in worlds:
        with queries.count() as counted:
            body = listing.call(http, world)
        assert listing.rows(body) >= world.n, body
        counts.append(counted)
    reports = "\n".join(c.report() for c in counts)
    assert [c.total for c in counts] == [listing.statements] * len(SIZES), reports
