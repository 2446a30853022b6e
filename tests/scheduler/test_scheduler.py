"""The scheduler (webinarium/scheduler): the webinar's clock, from the database.

Webinars are made over HTTP through the dialects (BigMarker, MyOwnConference)
on a server of this module's own database that runs no worker; schedulers run
here over the same database with a `MovableClock`, one round
(``run_once``) after each move, or their own loop (in ``webinarium serve``).
What they did is read back through the APIs and from the rows: the status
changes and who made them, the outbox's events.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import ok
from tests.conftest import Tenant, create_tenant, in_database
from tests.room.conftest import RoomServer, worker_server
from tests.servers import until
from webinarium.accounts.service import get_account
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import ConferenceStatus
from webinarium.kit.actors import Actor
from webinarium.kit.clock import MovableClock
from webinarium.kit.db import Database
from webinarium.kit.time import utcnow
from webinarium.models import (
    Conference,
    ConferenceReminder,
    ConferenceStatusChange,
    OutboxEvent,
    Visit,
)
from webinarium.scheduler.runner import Scheduler
from webinarium.settings import Settings

WAIT = 20.0
MINUTE = timedelta(minutes=1)


@pytest.fixture(scope="module")
def api(own_settings: Settings) -> Iterator[httpx.Client]:
    # A server with no worker: the schedulers are the tests'.
    server = RoomServer(own_settings, worker_in_serve=False).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        server.stop()


@pytest.fixture
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings)


# Making webinars


def _in(delta: timedelta) -> datetime:
    """A whole minute about ``delta`` from now (the APIs take minutes)."""
    return (utcnow() + delta).replace(second=0, microsecond=0)


def bigmarker_webinar(api: httpx.Client, tenant: Tenant, starts: datetime, **fields: Any) -> str:
    body = {
        "channel_id": tenant.channel_id,
        "title": "Clockwork",
        "start_time": f"{starts:%Y-%m-%d %H:%M}",
        "time_zone": "UTC",
        "duration_minutes": 60,
        **fields,
    }
    response = api.post("/api/v1/conferences", headers=tenant.headers, json=body)
    assert response.status_code == 200, response.text
    conference_id: str = response.json()["id"]
    return conference_id


def moc_webinar(api: httpx.Client, tenant: Tenant, starts: datetime, **params: Any) -> str:
    """A MyOwnConference webinar (the profile's zone is UTC); its alias."""
    body = {"name": "Clockwork", "start": f"{starts:%Y-%m-%d %H:%M:%S}", "duration": "60"}
    alias: str = ok(api, tenant, "webinarsCreate", {**body, **params})["alias"]
    return alias


# Reading what happened


def conference(settings: Settings, *, conference_id: str = "", alias: str = "") -> Conference:
    async def load(session: AsyncSession) -> Conference:
        column = Conference.id if conference_id else Conference.alias
        found = await session.scalar(select(Conference).where(column == (conference_id or alias)))
        assert found is not None
        return found

    return in_database(settings, load)


def changes(settings: Settings, conference_id: str) -> list[tuple[str, str]]:
    """The conference's status changes: (to status, who)."""

    async def load(session: AsyncSession) -> list[tuple[str, str]]:
        rows = await session.execute(
            select(ConferenceStatusChange.to_status, ConferenceStatusChange.actor)
            .where(ConferenceStatusChange.conference_id == conference_id)
            .order_by(ConferenceStatusChange.changed_at)
        )
        return [(str(status), actor) for status, actor in rows]

    return in_database(settings, load)


def events(settings: Settings, tenant: Tenant, prefix: str = "conference.") -> list[dict[str, Any]]:
    """The account's events of types starting with ``prefix``: type and payload."""

    async def load(session: AsyncSession) -> list[dict[str, Any]]:
        rows = await session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.account_id == tenant.account_id, OutboxEvent.type.startswith(prefix))
            .order_by(OutboxEvent.sequence)
        )
        return [{"type": row.type, **row.payload} for row in rows]

    return in_database(settings, load)


def reminders(settings: Settings, tenant: Tenant) -> list[tuple[str, str]]:
    """(conference id, reminder) of each conference.reminder_due, in order."""
    return [
        (event["conference_id"], event["reminder"])
        for event in events(settings, tenant, "conference.reminder_due")
    ]


def status_words(api: httpx.Client, tenant: Tenant, alias: str) -> str:
    result: dict[str, Any] = ok(api, tenant, "webinarsGetInfo", {"alias": alias})
    status: str = result["status"]
    return status


def bigmarker_listed(api: httpx.Client, tenant: Tenant, list_type: str) -> set[str]:
    """The ids BigMarker's List Conferences gives for ``type``. The server's
    time is the real one, hours before the webinars' starts: a webinar is
    ``happening_now`` or ``past`` there by its stored status alone."""
    response = api.get("/api/v1/conferences", headers=tenant.headers, params={"type": list_type})
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["conferences"]}


# Running schedulers


def rounds(settings: Settings, clock: MovableClock, *moments: datetime) -> None:
    """One scheduler: at each moment (the clock moved there), one round."""

    async def scenario() -> None:
        async with Database(settings.database_url_async) as database:
            scheduler = Scheduler(database, settings, clock)
            for moment in moments:
                clock.advance_to(moment)
                await scheduler.run_once()

    asyncio.run(scenario())


# The lifecycle by the clock


def test_a_bigmarker_webinar_opens_starts_and_ends_by_the_clock(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    # Someone is in the room throughout (see the empty room's tests): the
    # end comes from the end time and its grace.
    settings = own_settings.model_copy(update={"scheduler_empty_room_minutes": 100_000})
    clock = MovableClock()
    conference_id = bigmarker_webinar(
        api, tenant, _in(timedelta(hours=3)), attendee_advanced_enter_time=30
    )
    webinar = conference(settings, conference_id=conference_id)
    start, end = webinar.start_at, webinar.end_at
    alias = webinar.alias

    def status() -> ConferenceStatus:
        return conference(settings, conference_id=conference_id).status

    rounds(settings, clock, start - 31 * MINUTE)
    assert status() == ConferenceStatus.SCHEDULED
    rounds(settings, clock, start - 30 * MINUTE)
    assert status() == ConferenceStatus.OPEN
    rounds(settings, clock, start - MINUTE)
    assert status() == ConferenceStatus.OPEN
    assert bigmarker_listed(api, tenant, "happening_now") == set()
    rounds(settings, clock, start)
    assert status() == ConferenceStatus.LIVE
    assert bigmarker_listed(api, tenant, "happening_now") == {conference_id}
    rounds(settings, clock, end + 59 * MINUTE)
    assert status() == ConferenceStatus.LIVE
    assert status_words(api, tenant, alias) == "ACTIVE"
    rounds(settings, clock, end + 60 * MINUTE)
    assert status() == ConferenceStatus.ENDED
    assert status_words(api, tenant, alias) == "FINISHED"
    assert bigmarker_listed(api, tenant, "past") == {conference_id}
    # Left running, it ended at its time (no earlier): the end stays.
    assert conference(settings, conference_id=conference_id).end_at == end
    assert changes(settings, conference_id) == [
        ("open", "scheduler"),
        ("live", "scheduler"),
        ("ended", "scheduler"),
    ]
    steps = [(e["type"], e["by"]) for e in events(settings, tenant) if "by" in e]
    assert steps == [
        ("conference.waiting_room_opened", "scheduler"),
        ("conference.started", "scheduler"),
        ("conference.ended", "scheduler"),
    ]


def test_a_myownconference_webinar_opens_at_its_before_start_time(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(hours=2)))
    ok(api, tenant, "webinarsSet", {"alias": alias, "settings": {"beforeStartTime": "45"}})
    start = conference(own_settings, alias=alias).start_at

    def status() -> ConferenceStatus:
        return conference(own_settings, alias=alias).status

    rounds(own_settings, clock, start - 46 * MINUTE)
    assert status() == ConferenceStatus.SCHEDULED
    rounds(own_settings, clock, start - 45 * MINUTE)
    assert status() == ConferenceStatus.OPEN
    rounds(own_settings, clock, start)
    assert status() == ConferenceStatus.LIVE


def test_a_webinar_whose_whole_time_passed_while_the_server_was_down_is_ended(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(hours=2)))
    webinar = conference(own_settings, alias=alias)
    rounds(own_settings, clock, webinar.end_at + 2 * timedelta(hours=1))
    assert conference(own_settings, alias=alias).status == ConferenceStatus.ENDED
    assert changes(own_settings, webinar.id) == [("ended", "scheduler")]
    assert status_words(api, tenant, alias) == "FINISHED"


def test_a_webinar_the_host_started_early_or_cancelled_is_left_to_them(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    started = conference(own_settings, alias=moc_webinar(api, tenant, _in(timedelta(days=2))))
    cancelled = conference(own_settings, alias=moc_webinar(api, tenant, _in(timedelta(days=2))))

    # The host's Start button (the room's ``start``), and a cancellation.
    async def host(session: AsyncSession) -> None:
        account = await get_account(session, tenant.account_id)
        for webinar, step in ((started, lifecycle.start), (cancelled, lifecycle.cancel)):
            found = await session.get(Conference, webinar.id)
            assert found is not None
            await step(session, account, found, by=Actor("host"))

    in_database(own_settings, host)
    start, end = started.start_at, started.end_at
    rounds(own_settings, clock, start - timedelta(hours=1), start, end + timedelta(hours=2))
    # No reminder for either (started: too late; cancelled: nothing to remind of).
    assert reminders(own_settings, tenant) == []
    assert changes(own_settings, cancelled.id) == [("cancelled", "host")]
    assert changes(own_settings, started.id) == [("live", "host"), ("ended", "scheduler")]


# The empty room


def add_person_visit(settings: Settings, conference_id: str, *, left: bool = False) -> None:
    """Someone in the room (or who was and left, now)."""

    async def add(session: AsyncSession) -> None:
        found = await session.get(Conference, conference_id)
        assert found is not None
        session.add(
            Visit(
                account_id=found.account_id,
                conference_id=conference_id,
                name="Ada",
                member_id=f"m-{utcnow().timestamp()}",
                role="attendee",
                left_at=utcnow() if left else None,
            )
        )

    in_database(settings, add)


def test_an_empty_room_ends_after_the_empty_room_time_virtual_attendees_are_nobody(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(hours=2)))
    webinar = conference(own_settings, alias=alias)
    rounds(own_settings, clock, webinar.start_at)
    ok(api, tenant, "webinarsAddBotToRoom", {"alias": alias, "name": "Bot Bob", "country": "DE"})
    rounds(own_settings, clock, webinar.start_at + 14 * MINUTE)
    assert conference(own_settings, alias=alias).status == ConferenceStatus.LIVE
    rounds(own_settings, clock, webinar.start_at + 15 * MINUTE)
    ended = conference(own_settings, alias=alias)
    assert ended.status == ConferenceStatus.ENDED
    # Ended early: it is over now (every dialect lists it as past).
    assert webinar.start_at + 15 * MINUTE <= ended.end_at < webinar.end_at
    assert status_words(api, tenant, alias) == "FINISHED"


def test_a_room_with_someone_in_is_not_empty_and_empties_from_the_last_leaving(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(hours=2)))
    webinar = conference(own_settings, alias=alias)
    rounds(own_settings, clock, webinar.start_at)
    add_person_visit(own_settings, webinar.id)
    rounds(own_settings, clock, webinar.start_at + 40 * MINUTE)
    assert conference(own_settings, alias=alias).status == ConferenceStatus.LIVE

    # Everyone leaves (the visit closed at the clock's now): empty from then.
    async def leave(session: AsyncSession) -> None:
        visit = await session.scalar(select(Visit).where(Visit.conference_id == webinar.id))
        assert visit is not None
        visit.left_at = clock.now()

    in_database(own_settings, leave)
    left_at = clock.now()
    rounds(own_settings, clock, left_at + 14 * MINUTE)
    assert conference(own_settings, alias=alias).status == ConferenceStatus.LIVE
    rounds(own_settings, clock, left_at + 15 * MINUTE)
    assert conference(own_settings, alias=alias).status == ConferenceStatus.ENDED


# Reminders


def test_reminders_are_emitted_once_each_at_their_times(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(days=4)))
    webinar = conference(own_settings, alias=alias)
    start = webinar.start_at
    expected: list[tuple[str, str]] = []
    for kind, before in (
        ("three_days_before", timedelta(days=3)),
        ("one_day_before", timedelta(days=1)),
        ("one_hour_before", timedelta(hours=1)),
    ):
        rounds(own_settings, clock, start - before - MINUTE)
        assert reminders(own_settings, tenant) == expected
        rounds(own_settings, clock, start - before, start - before + MINUTE)
        expected.append((webinar.id, kind))
        assert reminders(own_settings, tenant) == expected
    (last,) = events(own_settings, tenant, "conference.reminder_due")[-1:]
    assert datetime.fromisoformat(last["due_at"]) == start - timedelta(hours=1)
    rounds(own_settings, clock, start - MINUTE, start + MINUTE)
    assert reminders(own_settings, tenant) == expected


def test_a_reminder_missed_while_the_server_was_down_is_emitted_once_when_it_is_back(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(days=4)))
    webinar = conference(own_settings, alias=alias)
    rounds(own_settings, clock, webinar.start_at - timedelta(days=3))
    # Down from here (this scheduler is gone) across the day's reminder.
    clock.advance_to(webinar.start_at - timedelta(hours=20))
    rounds(own_settings, clock, webinar.start_at - timedelta(hours=20))
    rounds(own_settings, clock, webinar.start_at - timedelta(hours=19))
    assert reminders(own_settings, tenant) == [
        (webinar.id, "three_days_before"),
        (webinar.id, "one_day_before"),
    ]
    (late,) = events(own_settings, tenant, "conference.reminder_due")[-1:]
    assert datetime.fromisoformat(late["due_at"]) == webinar.start_at - timedelta(days=1)


def test_of_reminders_missed_together_only_the_latest_is_sent(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(days=4)))
    webinar = conference(own_settings, alias=alias)
    rounds(own_settings, clock, webinar.start_at - 30 * MINUTE, webinar.start_at - 20 * MINUTE)
    assert reminders(own_settings, tenant) == [(webinar.id, "one_hour_before")]

    async def rows(session: AsyncSession) -> dict[str, bool]:
        found = await session.execute(
            select(ConferenceReminder.kind, ConferenceReminder.sent).where(
                ConferenceReminder.conference_id == webinar.id
            )
        )
        return dict(found.all())

    assert in_database(own_settings, rows) == {
        "three_days_before": False,
        "one_day_before": False,
        "one_hour_before": True,
    }


def test_a_webinar_created_two_days_ahead_gets_only_the_reminders_ahead_of_it(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(days=2)))
    webinar = conference(own_settings, alias=alias)
    rounds(
        own_settings,
        clock,
        utcnow(),
        webinar.start_at - timedelta(days=1),
        webinar.start_at - timedelta(hours=1),
    )
    assert reminders(own_settings, tenant) == [
        (webinar.id, "one_day_before"),
        (webinar.id, "one_hour_before"),
    ]


def test_a_started_webinar_never_gets_a_reminder_too_late_to_make_sense(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(days=4)))
    webinar = conference(own_settings, alias=alias)
    # Down from before the first reminder until after the start.
    rounds(own_settings, clock, webinar.start_at + MINUTE, webinar.start_at + 2 * MINUTE)
    assert reminders(own_settings, tenant) == []
    assert conference(own_settings, alias=alias).status == ConferenceStatus.LIVE


# Several schedulers, restarts


def test_two_schedulers_at_once_take_each_step_and_reminder_once(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    # All at one time (a minute turning between two creations would shift one).
    starts = _in(timedelta(days=4))
    aliases = [moc_webinar(api, tenant, starts) for _ in range(6)]
    start = conference(own_settings, alias=aliases[0]).start_at
    end = conference(own_settings, alias=aliases[0]).end_at
    moments = [
        start - timedelta(days=3),
        start - timedelta(days=1),
        start - timedelta(hours=1),
        start - 15 * MINUTE,
        start,
        end + timedelta(hours=2),
    ]

    async def scenario() -> None:
        async with (
            Database(own_settings.database_url_async) as one,
            Database(own_settings.database_url_async) as two,
        ):
            # Small pages: a round reads its conferences over several.
            first = Scheduler(one, own_settings, clock, batch=2)
            second = Scheduler(two, own_settings, clock, batch=2)
            for moment in moments:
                clock.advance_to(moment)
                await asyncio.gather(first.run_once(), second.run_once(), first.run_once())

    asyncio.run(scenario())
    for alias in aliases:
        webinar = conference(own_settings, alias=alias)
        assert changes(own_settings, webinar.id) == [
            ("open", "scheduler"),
            ("live", "scheduler"),
            ("ended", "scheduler"),
        ]
    sent = reminders(own_settings, tenant)
    assert len(sent) == len(set(sent)) == 3 * len(aliases)
    steps = [e["type"] for e in events(own_settings, tenant) if "by" in e]
    assert len(steps) == 3 * len(aliases)


def test_in_serve_the_scheduler_follows_the_clock_and_a_restart_loses_nothing(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(days=2)))
    webinar = conference(own_settings, alias=alias)

    def status() -> ConferenceStatus:
        return conference(own_settings, alias=alias).status

    with worker_server(own_settings, clock):
        clock.advance_to(webinar.start_at - timedelta(days=1))
        until(lambda: len(reminders(own_settings, tenant)) == 1, "the day's reminder")
        clock.advance_to(webinar.start_at - timedelta(hours=1))
        until(lambda: len(reminders(own_settings, tenant)) == 2, "the hour's reminder")
        clock.advance_to(webinar.start_at - 15 * MINUTE)
        until(lambda: status() == ConferenceStatus.OPEN, "the webinar open")
        clock.advance_to(webinar.start_at)
        until(lambda: status() == ConferenceStatus.LIVE, "the webinar live")
    # Down across the end and its grace; a new server catches up.
    clock.advance_to(webinar.end_at + timedelta(hours=2))
    with worker_server(own_settings, clock):
        until(lambda: status() == ConferenceStatus.ENDED, "the webinar ended")
    assert changes(own_settings, webinar.id) == [
        ("open", "scheduler"),
        ("live", "scheduler"),
        ("ended", "scheduler"),
    ]
    assert reminders(own_settings, tenant) == [
        (webinar.id, "one_day_before"),
        (webinar.id, "one_hour_before"),
    ]


def test_each_session_of_a_recurring_webinar_runs_by_its_clock_the_parent_is_left_alone(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    first, second = _in(timedelta(hours=2)), _in(timedelta(days=2, hours=2))
    parent_id = bigmarker_webinar(
        api,
        tenant,
        first,
        schedule_type="multiple_times",
        recurring_start_times=[f"{first:%Y-%m-%d %H:%M}", f"{second:%Y-%m-%d %H:%M}"],
    )

    async def sessions(session: AsyncSession) -> list[str]:
        found = await session.scalars(
            select(Conference.id)
            .where(Conference.parent_id == parent_id)
            .order_by(Conference.start_at)
        )
        return list(found)

    early, late = in_database(own_settings, sessions)
    rounds(own_settings, clock, first, first + 15 * MINUTE)
    assert changes(own_settings, early) == [("live", "scheduler"), ("ended", "scheduler")]
    assert changes(own_settings, late) == []
    # The later session gets its own reminders (created two days ahead: the
    # day's and the hour's).
    assert reminders(own_settings, tenant) == []
    rounds(own_settings, clock, second - timedelta(days=1), second - timedelta(hours=1), second)
    assert reminders(own_settings, tenant) == [
        (late, "one_day_before"),
        (late, "one_hour_before"),
    ]
    assert changes(own_settings, late) == [("live", "scheduler")]
    assert changes(own_settings, parent_id) == []


def test_a_running_scheduler_wakes_at_the_next_due_moment_of_its_own(
    api: httpx.Client, own_settings: Settings, tenant: Tenant
) -> None:
    # It polls only every ten minutes: it is the moment it read from the
    # database that wakes it at the start (real seconds after the clock moved).
    settings = own_settings.model_copy(update={"scheduler_poll_seconds": 600.0})
    clock = MovableClock()
    alias = moc_webinar(api, tenant, _in(timedelta(hours=2)))
    webinar = conference(settings, alias=alias)

    async def scenario() -> None:
        async with Database(settings.database_url_async) as database:

            async def status() -> ConferenceStatus | None:
                async with database.read() as session:
                    return await session.scalar(
                        select(Conference.status).where(Conference.id == webinar.id)
                    )

            scheduler = Scheduler(database, settings, clock)
            await scheduler.start()
            try:
                clock.advance_to(webinar.start_at - timedelta(seconds=1))
                deadline = time.monotonic() + WAIT
                while await status() != ConferenceStatus.LIVE:
                    assert time.monotonic() < deadline, "the scheduler slept past the start"
                    await asyncio.sleep(0.1)
            finally:
                await scheduler.close()

    asyncio.run(scenario())
    # The move itself woke it a second before the start: the waiting room.
    assert changes(settings, webinar.id) == [("open", "scheduler"), ("live", "scheduler")]
