"""Retention: what the server keeps only for a while is deleted, in small batches.

Runs beside the worker (in ``webinarium serve`` with its worker, and in every
``webinarium worker`` process): a round a minute after the start, then every
hour. Each batch is a transaction of its own, at most ``batch`` rows of the
table it prunes (a delivery's attempts go with it), so SQLite's writer is never
held for long and other units get their turn between batches.

Several processes may prune at once: on PostgreSQL a batch's rows are locked
(``FOR UPDATE SKIP LOCKED``), so two rounds share the work and each row is
deleted, and counted, once; on SQLite the writer takes one batch at a time and
the second finds what the first left.

What is kept and for how long: docs/operations.md, "Retention".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Delete, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from webinarium.accounts.console_sessions import IDLE_LIMIT
from webinarium.kit.clock import Clock
from webinarium.kit.db import Database
from webinarium.kit.tasks import cancel_and_wait
from webinarium.models import (
    ConsoleSession,
    OutboxEvent,
    SpentLink,
    UserToken,
    WebhookAttempt,
    WebhookDelivery,
)
from webinarium.models.webhook_delivery import DeliveryStatus
from webinarium.ops.metrics import Metrics
from webinarium.settings import Settings

log = logging.getLogger(__name__)

# Rows of the pruned table per transaction (a delivery takes its attempts, up
# to 8, with it): a few thousand rows at most.
BATCH = 1000
# The first round waits a little: a process that starts (or a test's server)
# does its own work first.
FIRST_ROUND_SECONDS = 60.0
ROUND_EVERY_SECONDS = 3600.0

# A delivery still on its schedule is never deleted, whatever its age.
_ENDED = (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)


@dataclass(frozen=True)
class _Moments:
    now: datetime
    # What ended before this is past the retention window.
    cutoff: datetime


@dataclass(frozen=True)
class _Rule:
    """Rows of a table to delete: those ``condition`` holds for, oldest first."""

    key: InstrumentedAttribute[str]
    condition: Callable[[_Moments], ColumnElement[bool]]
    oldest_first: InstrumentedAttribute[datetime | None] | InstrumentedAttribute[datetime]

    @property
    def table(self) -> str:
        return str(self.key.class_.__tablename__)


_DELIVERIES = _Rule(
    WebhookDelivery.id,
    lambda at: (WebhookDelivery.ended_at < at.cutoff) & WebhookDelivery.status.in_(_ENDED),
    WebhookDelivery.ended_at,
)
_RULES = (
    _DELIVERIES,
    # Handed to every reaction (an event whose reactions failed stays undispatched,
    # and kept). dispatched_at is never before the event occurred: its index finds them.
    _Rule(
        OutboxEvent.id, lambda at: OutboxEvent.dispatched_at < at.cutoff, OutboxEvent.dispatched_at
    ),
    # Ended sessions, by the rule that refuses them (accounts.console_sessions.signed_in).
    _Rule(
        ConsoleSession.id,
        lambda at: or_(
            ConsoleSession.expires_at <= at.now,
            ConsoleSession.last_seen_at <= at.now - IDLE_LIMIT,
        ),
        ConsoleSession.expires_at,
    ),
    # Expired password-reset and invitation links (accounts.people.usable_link).
    _Rule(UserToken.id, lambda at: UserToken.expires_at <= at.now, UserToken.expires_at),
    # A spent single-use link is refused by its row while it lasts (minutes): a
    # window of at least a day outlives it.
    _Rule(SpentLink.jti, lambda at: SpentLink.spent_at < at.cutoff, SpentLink.spent_at),
)


class Retention:
    def __init__(
        self,
        database: Database,
        settings: Settings,
        clock: Clock,
        *,
        batch: int = BATCH,
        metrics: Metrics | None = None,
    ) -> None:
        """``metrics``: the process's, which its /metrics shows (the app's, or
        a ``webinarium worker``'s own: `ops.worker_metrics`)."""
        self.database = database
        self.settings = settings
        self.clock = clock
        self.batch = batch
        self.metrics = metrics or Metrics()
        self._loop_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._loop_task = asyncio.get_running_loop().create_task(self._run())

    async def close(self) -> None:
        # A batch cut short is rolled back: the next round deletes it.
        await cancel_and_wait([self._loop_task])

    async def _run(self) -> None:
        await asyncio.sleep(FIRST_ROUND_SECONDS)
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("retention's round failed; trying again in the next one")
            await asyncio.sleep(ROUND_EVERY_SECONDS)

    async def run_once(self) -> dict[str, int]:
        """Deletes what is past retention now; answers the rows deleted per table."""
        now = self.clock.now()
        moments = _Moments(now, now - timedelta(days=self.settings.retention_days))
        pruned: dict[str, int] = {}
        for rule in _RULES:
            while True:
                async with self.database.transaction() as session:
                    counts = await self._prune_batch(session, rule, moments)
                for table, count in counts.items():
                    pruned[table] = pruned.get(table, 0) + count
                    self.metrics.retention_pruned.labels(table).inc(count)
                if counts[rule.table] < self.batch:
                    break
        for table, count in pruned.items():
            if count:
                log.info("retention deleted %d rows of %s", count, table)
        return pruned

    async def _prune_batch(
        self, session: AsyncSession, rule: _Rule, moments: _Moments
    ) -> dict[str, int]:
        keys = (
            await session.scalars(
                select(rule.key)
                .where(rule.condition(moments))
                .order_by(rule.oldest_first)
                .limit(self.batch)
                .with_for_update(skip_locked=True)
            )
        ).all()
        counts = {rule.table: 0}
        if not keys:
            return counts
        if rule is _DELIVERIES:
            # Deleted here rather than by the foreign key's cascade: counted.
            counts[WebhookAttempt.__tablename__] = await _deleted(
                session, delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(keys))
            )
        counts[rule.table] = await _deleted(
            session, delete(rule.key.class_).where(rule.key.in_(keys))
        )
        return counts


async def _deleted(session: AsyncSession, statement: Delete) -> int:
    result = await session.execute(statement.execution_options(synchronize_session=False))
    return cast(CursorResult[Any], result).rowcount
