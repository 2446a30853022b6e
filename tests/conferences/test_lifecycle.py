"""The lifecycle: each transition, each refusal, and the phase rule that every
dialect's status words are read from."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.myownconference.helpers import ok
from tests.conftest import Tenant, in_database
from webinarium.accounts.service import get_account
from webinarium.conferences import lifecycle
from webinarium.conferences.errors import TransitionRefused
from webinarium.conferences.schemas import ConferencePhase, ConferenceStatus
from webinarium.conferences.service import get_conference
from webinarium.events.outbox import events_after
from webinarium.kit.actors import API, SCHEDULER, Actor
from webinarium.models import Account, Channel, Conference, ConferenceStatusChange
from webinarium.settings import Settings

NOW = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)
Transition = Callable[..., Awaitable[Conference]]


def transition(
    settings: Settings,
    tenant: Tenant,
    conference_id: str,
    step: Transition,
    by: Actor = API,
    now: datetime = NOW,
) -> None:
    async def work(session: AsyncSession) -> None:
        account = await get_account(session, tenant.account_id)
        conference = await get_conference(session, account, conference_id)
        await step(session, account, conference, by=by, now=now)

    in_database(settings, work)


def history(settings: Settings, tenant: Tenant, conference_id: str) -> dict[str, Any]:
    async def read(session: AsyncSession) -> dict[str, Any]:
        account = await get_account(session, tenant.account_id)
        conference = await get_conference(session, account, conference_id)
        changes = await session.scalars(
            select(ConferenceStatusChange)
            .where(ConferenceStatusChange.conference_id == conference_id)
            .order_by(ConferenceStatusChange.id)
        )
        events = await events_after(session, account, 0, 1000)
        return {
            "status": conference.status,
            "changes": [(c.from_status, c.to_status, c.actor, c.changed_at) for c in changes],
            "events": [
                (e.type, e.payload["from_status"], e.payload["status"], e.payload["by"])
                for e in events
                if e.payload.get("conference_id") == conference_id and "status" in e.payload
            ],
        }

    return in_database(settings, read)


@pytest.fixture
def upcoming(http: httpx.Client, fresh_tenant: Tenant) -> str:
    conference_id: str = create_conference(
        http, fresh_tenant, title="Lifecycle", start_time="2031-06-01 13:00"
    )["id"]
    return conference_id


def test_open_start_end_each_record_who_and_when_and_emit_their_event(
    settings: Settings, fresh_tenant: Tenant, upcoming: str
) -> None:
    host = Actor("person", "01a2b3")
    transition(settings, fresh_tenant, upcoming, lifecycle.open_waiting_room, SCHEDULER, NOW)
    transition(settings, fresh_tenant, upcoming, lifecycle.start, host, NOW + timedelta(hours=1))
    transition(settings, fresh_tenant, upcoming, lifecycle.end, host, NOW + timedelta(hours=2))

    seen = history(settings, fresh_tenant, upcoming)
    assert seen["status"] == ConferenceStatus.ENDED
    assert seen["changes"] == [
        ("scheduled", "open", "scheduler", NOW),
        ("open", "live", "person:01a2b3", NOW + timedelta(hours=1)),
        ("live", "ended", "person:01a2b3", NOW + timedelta(hours=2)),
    ]
    assert seen["events"] == [
        ("conference.waiting_room_opened", "scheduled", "open", "scheduler"),
        ("conference.started", "open", "live", "person:01a2b3"),
        ("conference.ended", "live", "ended", "person:01a2b3"),
    ]


def test_cancel_calls_off_a_webinar_that_has_not_gone_live(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, upcoming: str
) -> None:
    transition(settings, fresh_tenant, upcoming, lifecycle.cancel)
    seen = history(settings, fresh_tenant, upcoming)
    assert seen["status"] == ConferenceStatus.CANCELLED
    assert seen["events"] == [("conference.cancelled", "scheduled", "cancelled", "api")]
    # Every dialect now counts it as over, though its time has not come.
    past = http.get("/api/v1/conferences", params={"type": "past"}, headers=fresh_tenant.headers)
    assert [c["id"] for c in past.json()["conferences"]] == [upcoming]
    future = http.get("/api/v1/conferences", headers=fresh_tenant.headers)
    assert future.json()["conferences"] == []
    assert len(ok(http, fresh_tenant, "webinarsList", {"status": "FINISHED"})) == 1
    assert ok(http, fresh_tenant, "webinarsList", {"status": "ACTIVE"}) == []


# (steps taken first, the step then refused)
REFUSALS = [
    ([lifecycle.open_waiting_room], lifecycle.open_waiting_room),
    ([lifecycle.start], lifecycle.open_waiting_room),
    ([lifecycle.start], lifecycle.start),
    ([lifecycle.start], lifecycle.cancel),
    ([lifecycle.start, lifecycle.end], lifecycle.start),
    ([lifecycle.start, lifecycle.end], lifecycle.end),
    ([lifecycle.start, lifecycle.end], lifecycle.cancel),
    ([lifecycle.cancel], lifecycle.start),
    ([lifecycle.cancel], lifecycle.end),
    ([lifecycle.cancel], lifecycle.open_waiting_room),
    ([], lifecycle.end),  # not started: the start is an hour away
]


@pytest.mark.parametrize(
    ("taken", "refused"),
    REFUSALS,
    ids=[
        "-".join(s.__name__ for s in taken) + "-then-" + refused.__name__
        for taken, refused in REFUSALS
    ],
)
def test_an_impossible_transition_is_refused_and_changes_nothing(
    settings: Settings,
    fresh_tenant: Tenant,
    upcoming: str,
    taken: list[Transition],
    refused: Transition,
) -> None:
    for step in taken:
        transition(settings, fresh_tenant, upcoming, step)
    before = history(settings, fresh_tenant, upcoming)
    with pytest.raises(TransitionRefused):
        transition(settings, fresh_tenant, upcoming, refused)
    assert history(settings, fresh_tenant, upcoming) == before


def test_a_webinar_ended_early_is_over_now(
    settings: Settings, fresh_tenant: Tenant, upcoming: str
) -> None:
    transition(settings, fresh_tenant, upcoming, lifecycle.start)
    moment = NOW + timedelta(minutes=70)
    transition(settings, fresh_tenant, upcoming, lifecycle.end, now=moment)

    async def read(session: AsyncSession) -> tuple[datetime, datetime | None]:
        account = await get_account(session, fresh_tenant.account_id)
        conference = await get_conference(session, account, upcoming)
        return conference.end_at, conference.manual_end_at

    assert in_database(settings, read) == (moment, moment)


def test_the_database_refuses_a_status_it_does_not_know(
    settings: Settings, fresh_tenant: Tenant, upcoming: str
) -> None:
    async def write(session: AsyncSession) -> None:
        await session.execute(
            text("UPDATE conferences SET status = 'paused' WHERE id = :id"), {"id": upcoming}
        )

    with pytest.raises(sqlalchemy.exc.IntegrityError):
        in_database(settings, write)


# The phase rule in Python and in SQL: the same answer for every status and clock.

_STATUSES = list(ConferenceStatus)
# (start, end) relative to NOW, in hours.
_SCHEDULES = [(1, 2), (-1, 1), (-2, -1), (0, 1), (-1, 0)]


def test_phase_of_and_phase_condition_agree(settings: Settings, fresh_tenant: Tenant) -> None:
    async def compare(session: AsyncSession) -> list[tuple[Any, ...]]:
        account: Account = await get_account(session, fresh_tenant.account_id)
        channel_id = await session.scalar(
            select(Channel.id).where(Channel.account_id == account.id)
        )
        assert channel_id is not None
        made = []
        for n, (status, (start, end)) in enumerate(itertools.product(_STATUSES, _SCHEDULES)):
            conference = Conference(
                account_id=account.id,
                channel_id=channel_id,
                kind="webinar",
                title=f"Phase {n}",
                sub_url=f"phase-{n}",
                start_at=NOW + timedelta(hours=start),
                duration_minutes=60,
                end_at=NOW + timedelta(hours=end),
                time_zone="UTC",
                status=status,
                number=10_000 + n,
            )
            session.add(conference)
            made.append(conference)
        await session.flush()
        disagreements = []
        for phases in _all_phase_sets():
            matched = set(
                await session.scalars(
                    select(Conference.id).where(
                        Conference.account_id == account.id,
                        lifecycle.phase_condition(phases, NOW),
                    )
                )
            )
            for c in made:
                if (c.id in matched) != (lifecycle.phase_of(c, NOW) in phases):
                    disagreements.append((c.status, c.start_at, c.end_at, phases))
        await session.rollback()
        return disagreements

    assert in_database(settings, compare) == []


def _all_phase_sets() -> list[set[ConferencePhase]]:
    phases = list(ConferencePhase)
    return [set(c) for r in range(len(phases) + 1) for c in itertools.combinations(phases, r)]


def test_a_live_webinar_running_late_is_happening_now_everywhere(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    late = create_conference(
        http, fresh_tenant, title="Running late", start_time="2020-01-01 10:00", duration=60
    )["id"]
    transition(settings, fresh_tenant, late, lifecycle.start, now=datetime.now(UTC))
    now = http.get(
        "/api/v1/conferences", params={"type": "happening_now"}, headers=fresh_tenant.headers
    )
    assert [c["id"] for c in now.json()["conferences"]] == [late]
    assert len(ok(http, fresh_tenant, "webinarsList", {"status": "ACTIVE"})) == 1
    assert ok(http, fresh_tenant, "webinarsList", {"status": "FINISHED"}) == []
