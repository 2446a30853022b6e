"""Retention (ops/retention.py) on a database of its own: what ended before the
window is deleted, what is newer, pending or still valid stays; batches are
bounded; two rounds at once delete (and count) each row once; the event feed
answers 410 for numbers no longer kept. Time is a `MovableClock` moved past
the window."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant, create_tenant, in_database
from tests.room.conftest import RoomServer
from webinarium.client import GoneError, Webinarium
from webinarium.kit.clock import MovableClock
from webinarium.kit.db import Database
from webinarium.kit.ids import new_id
from webinarium.kit.time import utcnow
from webinarium.models import (
    ConsoleSession,
    Mail,
    MailState,
    OutboxEvent,
    SpentLink,
    Suppression,
    SuppressionReason,
    User,
    UserToken,
    WebhookAttempt,
    WebhookDelivery,
)
from webinarium.models.webhook_delivery import DeliveryStatus
from webinarium.ops.metrics import RETENTION_TABLES, Metrics
from webinarium.ops.retention import Retention
from webinarium.settings import Settings

# The default window (WEBINARIUM_RETENTION_DAYS); the module's database is its
# own (own_settings), as retention deletes across accounts.
DAYS = 90
DAY = timedelta(days=1)


@pytest.fixture
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings, "Retention")


def _run(
    settings: Settings, clock: MovableClock, batch: int = 1000
) -> tuple[dict[str, int], Metrics]:
    metrics = Metrics()

    async def run() -> dict[str, int]:
        async with Database(settings.database_url_async) as database:
            return await Retention(
                database, settings, clock, batch=batch, metrics=metrics
            ).run_once()

    return asyncio.run(run()), metrics


def _counted(metrics: Metrics) -> dict[str, float]:
    return {
        table: metrics.registry.get_sample_value(
            "webinarium_retention_pruned_total", {"table": table}
        )
        or 0.0
        for table in RETENTION_TABLES
    }


def _delivery(tenant: Tenant, status: DeliveryStatus, ended_at: datetime | None) -> WebhookDelivery:
    return WebhookDelivery(
        id=new_id(),
        account_id=tenant.account_id,
        event_type="conference.created",
        url="https://hooks.example.test/",
        body="{}",
        status=status,
        created_at=(ended_at or utcnow()) - timedelta(minutes=1),
        ended_at=ended_at,
    )


def _attempt(tenant: Tenant, delivery: WebhookDelivery, at: datetime) -> WebhookAttempt:
    return WebhookAttempt(
        id=new_id(),
        account_id=tenant.account_id,
        delivery_id=delivery.id,
        at=at,
        status_code=200,
        duration_ms=5,
    )


def _event(tenant: Tenant, sequence: int, dispatched_at: datetime | None) -> OutboxEvent:
    return OutboxEvent(
        id=new_id(),
        account_id=tenant.account_id,
        sequence=sequence,
        type="conference.created",
        payload={},
        occurred_at=(dispatched_at or utcnow()) - timedelta(seconds=1),
        dispatched_at=dispatched_at,
    )


def _ids(settings: Settings, *rows: Any) -> set[str]:
    """Which of ``rows`` are still in the database (by their key)."""

    async def read(session: AsyncSession) -> set[str]:
        found: set[str] = set()
        for row in rows:
            model = type(row)
            key = SpentLink.jti if model is SpentLink else model.id
            value = row.jti if model is SpentLink else row.id
            if await session.scalar(select(key).where(key == value)) is not None:
                found.add(value)
        return found

    return in_database(settings, read)


def _add(settings: Settings, *rows: Any) -> None:
    async def add(session: AsyncSession) -> None:
        session.add_all(rows)

    in_database(settings, add)


def test_deletes_what_ended_before_the_window_and_keeps_the_rest(
    own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    now = clock.now()
    delivered = _delivery(tenant, DeliveryStatus.DELIVERED, now)
    failed = _delivery(tenant, DeliveryStatus.FAILED, now)
    skipped = _delivery(tenant, DeliveryStatus.SKIPPED, now)
    # On its schedule since long before the window: never deleted.
    pending = _delivery(tenant, DeliveryStatus.PENDING, None)
    pending.created_at = now - 2 * DAYS * DAY
    attempts = [_attempt(tenant, delivered, now), _attempt(tenant, failed, now)]
    pending_attempt = _attempt(tenant, pending, now - 2 * DAYS * DAY)
    dispatched = _event(tenant, 1, now)
    # Its reactions failed: not handed over, kept whatever its age.
    undispatched = _event(tenant, 2, None)
    undispatched.occurred_at = now - 2 * DAYS * DAY
    # A kept delivery names an event that goes: the delivery stays, naming none.
    pending.event_id = dispatched.id
    _add(own_settings, dispatched, undispatched)
    _add(own_settings, delivered, failed, skipped, pending)
    _add(own_settings, *attempts, pending_attempt)

    # Just inside the window: nothing goes.
    clock.advance(DAYS * DAY - timedelta(minutes=5))
    _run(own_settings, clock)
    rows = (delivered, failed, skipped, pending, *attempts, pending_attempt)
    assert _ids(own_settings, *rows, dispatched) == {row.id for row in (*rows, dispatched)}

    # Made now, ending now: newer than the window once the clock moves past it.
    newer = _delivery(tenant, DeliveryStatus.DELIVERED, clock.now())
    newer_event = _event(tenant, 3, clock.now())
    _add(own_settings, newer, newer_event)
    clock.advance(timedelta(minutes=10))
    pruned, metrics = _run(own_settings, clock)

    kept = _ids(own_settings, *rows, dispatched, undispatched, newer, newer_event)
    assert kept == {pending.id, pending_attempt.id, undispatched.id, newer.id, newer_event.id}

    async def event_of_pending(session: AsyncSession) -> str | None:
        event_id: str | None = await session.scalar(
            select(WebhookDelivery.event_id).where(WebhookDelivery.id == pending.id)
        )
        return event_id

    assert in_database(own_settings, event_of_pending) is None
    # Other tests' rows on this database may go too (the clock is far ahead).
    assert pruned["webhook_deliveries"] >= 3
    assert pruned["webhook_attempts"] >= 2
    assert pruned["outbox_events"] >= 1
    assert _counted(metrics) == {table: float(pruned.get(table, 0)) for table in RETENTION_TABLES}


def test_deletes_ended_sign_in_rows_and_old_spent_links(
    own_settings: Settings, tenant: Tenant
) -> None:
    clock = MovableClock()
    now = clock.now()

    async def user_of(session: AsyncSession) -> str:
        user_id: str = await session.scalar(
            select(User.id).where(User.account_id == tenant.account_id)
        )
        return user_id

    user_id = in_database(own_settings, user_of)

    def console_session(expires_at: datetime, last_seen_at: datetime) -> ConsoleSession:
        return ConsoleSession(
            id=new_id(),
            user_id=user_id,
            account_id=tenant.account_id,
            csrf_token="x",
            created_at=last_seen_at,
            last_seen_at=last_seen_at,
            expires_at=expires_at,
        )

    def token(expires_at: datetime) -> UserToken:
        return UserToken(
            id=new_id(),
            account_id=tenant.account_id,
            token_hash=new_id(),
            purpose="password_reset",
            user_id=user_id,
            expires_at=expires_at,
        )

    expired = console_session(now - timedelta(minutes=1), now - timedelta(hours=1))
    idle = console_session(now + DAY, now - timedelta(hours=13))
    signed_in = console_session(now + DAY, now - timedelta(hours=1))
    expired_token = token(now - timedelta(minutes=1))
    valid_token = token(now + timedelta(hours=1))
    old_spent = SpentLink(jti=new_id(), purpose="admin", spent_at=now - (DAYS + 1) * DAY)
    new_spent = SpentLink(jti=new_id(), purpose="admin", spent_at=now - timedelta(minutes=1))
    rows = (expired, idle, signed_in, expired_token, valid_token, old_spent, new_spent)
    _add(own_settings, *rows)

    pruned, _ = _run(own_settings, clock)

    assert _ids(own_settings, *rows) == {signed_in.id, valid_token.id, new_spent.jti}
    assert pruned["console_sessions"] == 2
    assert pruned["user_tokens"] == 1
    assert pruned["spent_links"] == 1


class _Deletes:
    """The DELETE statements a database sends, and the rows each deleted."""

    def __init__(self, database: Database) -> None:
        self.rows: list[tuple[str, int]] = []
        for engine in database.engines:
            event.listen(engine.sync_engine, "after_cursor_execute", self._seen)

    def _seen(self, _conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM"):
            self.rows.append((statement.split()[2].strip('"'), cursor.rowcount))


def _old_events(settings: Settings, tenant: Tenant, count: int, clock: MovableClock) -> None:
    then = clock.now() - (DAYS + 1) * DAY
    _add(
        settings, *(_event(tenant, 100 + n, then + n * timedelta(seconds=1)) for n in range(count))
    )


def _events_left(settings: Settings, tenant: Tenant) -> int:
    async def count(session: AsyncSession) -> int:
        total: int = await session.scalar(
            select(func.count()).where(OutboxEvent.account_id == tenant.account_id)
        )
        return total

    return in_database(settings, count)


def test_deletes_in_bounded_batches(own_settings: Settings, tenant: Tenant) -> None:
    clock = MovableClock()
    _old_events(own_settings, tenant, 10, clock)
    deletes: list[tuple[str, int]] = []

    async def run() -> dict[str, int]:
        async with Database(own_settings.database_url_async) as database:
            seen = _Deletes(database)
            pruned = await Retention(database, own_settings, clock, batch=4).run_once()
            deletes.extend(seen.rows)
            return pruned

    pruned = asyncio.run(run())

    assert pruned["outbox_events"] == 10
    # 2.5 batches: 4, 4 and 2 rows, each a statement (and a transaction) of its own.
    assert [rows for table, rows in deletes if table == "outbox_events"] == [4, 4, 2]
    assert _events_left(own_settings, tenant) == 0


def test_two_rounds_at_once_delete_each_row_once(own_settings: Settings, tenant: Tenant) -> None:
    clock = MovableClock()
    _old_events(own_settings, tenant, 25, clock)
    first, second = Metrics(), Metrics()

    async def both() -> list[dict[str, int]]:
        async with (
            Database(own_settings.database_url_async) as one,
            Database(own_settings.database_url_async) as other,
        ):
            return list(
                await asyncio.gather(
                    Retention(one, own_settings, clock, batch=10, metrics=first).run_once(),
                    Retention(other, own_settings, clock, batch=10, metrics=second).run_once(),
                )
            )

    rounds = asyncio.run(both())

    assert _events_left(own_settings, tenant) == 0
    assert sum(pruned["outbox_events"] for pruned in rounds) == 25
    counted = _counted(first)["outbox_events"] + _counted(second)["outbox_events"]
    assert counted == 25


@pytest.fixture(scope="module")
def api(own_settings: Settings) -> Iterator[httpx.Client]:
    # No worker: the test hands the events over (dispatched_at) itself.
    server = RoomServer(own_settings, worker_in_serve=False).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        server.stop()


def test_the_feed_answers_410_for_events_no_longer_kept(
    own_settings: Settings, tenant: Tenant, api: httpx.Client
) -> None:
    for n in range(5):
        create_conference(api, tenant, title=f"Feed {n}")
    feed = api.get("/api/webinarium/v1/events", headers=tenant.headers).json()
    sequences = [item["seq"] for item in feed["data"]]
    assert sequences == list(range(1, len(sequences) + 1))
    assert len(sequences) >= 5
    clock = MovableClock()
    handed_over = clock.now() - (DAYS + 1) * DAY

    # 1, 3 and 4 were handed over before the window; 2's reactions failed (never
    # handed over, kept); the rest are newer.
    async def hand_over(session: AsyncSession) -> None:
        mine = OutboxEvent.account_id == tenant.account_id
        await session.execute(
            update(OutboxEvent)
            .where(mine, OutboxEvent.sequence.in_((1, 3, 4)))
            .values(dispatched_at=handed_over)
        )
        await session.execute(
            update(OutboxEvent)
            .where(mine, OutboxEvent.sequence > 4)
            .values(dispatched_at=clock.now())
        )

    in_database(own_settings, hand_over)
    _run(own_settings, clock)

    def seqs(after: int) -> list[int]:
        answer = events(after)
        assert answer.status_code == 200, answer.text
        return [item["seq"] for item in answer.json()["data"]]

    def events(after: int) -> httpx.Response:
        return api.get("/api/webinarium/v1/events", params={"after": after}, headers=tenant.headers)

    # From 0: the oldest kept; the page stops before the numbers gone.
    assert seqs(0) == [2]
    assert seqs(1) == [2]
    # From a number whose next ones are gone: said, with where to read on.
    for after in (2, 3):
        gone = events(after)
        assert gone.status_code == 410, gone.text
        error = gone.json()["error"]
        assert error["code"] == "events_expired"
        assert "after=4" in error["message"]
    # The SDK says it with its own exception, the code and message kept.
    with (
        Webinarium(api_key=tenant.api_key, base_url=str(api.base_url)) as sdk,
        pytest.raises(GoneError) as gone_error,
    ):
        sdk.events.list(after=2)
    assert gone_error.value.code == "events_expired"
    assert "after=4" in gone_error.value.message
    # From the last gone one on: as before.
    assert seqs(4) == sequences[4:]
    assert seqs(sequences[-1]) == []


def test_custom_email_analytics_answer_the_same_after_retention(
    own_settings: Settings, tenant: Tenant, api: httpx.Client
) -> None:
    """BigMarker's custom e-mail answers read the mails and the suppression
    list (and the mails' links work for years): long past the window,
    retention changes none of them."""
    webinar = create_conference(api, tenant, title="Mailed long ago")
    clock = MovableClock()
    then = clock.now() - timedelta(days=2)

    def mail(address: str, state: MailState, **moments: datetime) -> Mail:
        return Mail(
            id=new_id(),
            account_id=tenant.account_id,
            conference_id=webinar["id"],
            kind="registration_confirmation",
            to_address=address,
            subject="You are registered",
            text="Hello",
            html="<p>Hello</p>",
            state=state,
            created_at=then,
            **moments,
        )

    reader = mail(
        "reader@example.test", MailState.SENT, sent_at=then, opened_at=then, clicked_at=then
    )
    leaver = mail("leaver@example.test", MailState.SENT, sent_at=then, unsubscribed_at=then)
    bounced = mail("bounced@example.test", MailState.FAILED, bounced_at=then)
    suppressions = [
        Suppression(
            id=new_id(),
            account_id=tenant.account_id,
            address=row.to_address,
            reason=reason,
            mail_id=row.id,
            at=then,
        )
        for row, reason in (
            (leaver, SuppressionReason.UNSUBSCRIBED),
            (bounced, SuppressionReason.BOUNCED),
        )
    ]
    _add(own_settings, reader, leaver, bounced)
    _add(own_settings, *suppressions)
    custom_email = f"{webinar['id']}.registration_confirmation"
    paths = (
        f"/api/v1/custom_emails/email_statistics_data?conference_id={webinar['id']}",
        f"/api/v1/custom_emails/{custom_email}/email_analytics",
        f"/api/v1/custom_emails/{custom_email}/suppressions",
    )

    def answers() -> list[Any]:
        found = []
        for path in paths:
            answer = api.get(path, headers=tenant.headers)
            assert answer.status_code == 200, answer.text
            found.append(answer.json())
        return found

    before = answers()
    assert "leaver@example.test" in json.dumps(before[2])
    assert "reader@example.test" in json.dumps(before[1])

    clock.advance(10 * DAYS * DAY)
    _run(own_settings, clock)

    assert answers() == before

    # Kept whole: bodies too (docs/operations.md, "Retention").
    async def body(session: AsyncSession) -> tuple[str, str]:
        kept = await session.get(Mail, reader.id)
        assert kept is not None
        return kept.text, kept.html

    assert in_database(own_settings, body) == ("Hello", "<p>Hello</p>")
