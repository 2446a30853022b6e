"""The scheduler's loop: each round takes the steps and reaches the reminders
that are due, each conference in a unit of its own, then sleeps.

Woken by a test moving its clock (``clock.changed``); otherwise it looks again
at the next due moment the database gives, at the latest every
``scheduler_poll_seconds`` (conferences created or moved meanwhile, an empty
room).

Several schedulers may run against one PostgreSQL database (one beside each
worker): a conference is locked (``FOR UPDATE SKIP LOCKED``) while one takes
its step, the rule is asked again on the locked row, and a reminder's unique
row keeps it to once. On SQLite the writer takes one unit at a time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import get_account
from webinarium.conferences import evergreen, lifecycle
from webinarium.conferences.schemas import ConferenceStatus
from webinarium.events.outbox import emit
from webinarium.events.types import ReminderDue
from webinarium.kit.actors import SCHEDULER
from webinarium.kit.clock import Clock
from webinarium.kit.db import Database
from webinarium.kit.tasks import cancel_and_wait
from webinarium.live import service as live
from webinarium.models import Account, Conference
from webinarium.ops.metrics import Metrics
from webinarium.scheduler import repository, rules
from webinarium.scheduler.repository import PageEnd
from webinarium.scheduler.rules import DueStep, Step, Timing
from webinarium.settings import Settings

log = logging.getLogger(__name__)

# Conferences read per query: a round reads them page by page, so that those
# not due (a live webinar with people in) never hide those after them.
BATCH = 500
# The shortest sleep: a moment due "now" on a clock a little ahead of the database's.
MIN_SLEEP_SECONDS = 0.05

# A unit of work on one conference; it answers the due moments it took (the lag
# from each to the commit is counted once the unit is kept).
_ConferenceWork = Callable[
    [AsyncSession, Account, Conference, datetime], Awaitable[Sequence[datetime]]
]


class Scheduler:
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
        self.metrics = metrics or Metrics()
        self.batch = batch
        self.settings = settings
        self.clock = clock
        self.timing = Timing.of(settings)
        self._woken = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.clock.changed.listen(loop, self._wake)
        self._loop_task = loop.create_task(self._run())

    async def close(self) -> None:
        self.clock.changed.forget(self._wake)
        # A step cut short is rolled back: the next round takes it again.
        await cancel_and_wait([self._loop_task])

    def _wake(self, _: object = None) -> None:
        self._woken.set()

    async def _run(self) -> None:
        while True:
            self._woken.clear()
            seconds = self.settings.scheduler_poll_seconds
            try:
                await self.run_once()
                seconds = await self._seconds_to_next_due()
            except Exception:
                log.exception("the scheduler's round failed; trying again shortly")
            try:
                async with asyncio.timeout(seconds):
                    await self._woken.wait()
            except TimeoutError:
                pass

    async def run_once(self) -> None:
        """Takes the steps and reaches the reminders due now."""
        now = self.clock.now()
        async with self.database.read() as session:
            to_step = await self._every_page(
                lambda after: repository.conferences_to_step(
                    session, now, self.timing, self.batch, after
                )
            )
            due = [c.id for c in to_step if await self._step_due(session, c, now) is not None]
            to_remind = await self._every_page(
                lambda after: repository.conferences_to_remind(session, now, self.batch, after)
            )
        for conference_id in due:
            await self._guarded(self._take_step, conference_id, now)
        for conference in to_remind:
            await self._guarded(self._reach_reminders, conference.id, now)
        # After the steps: a session started this round is no longer upcoming.
        async with self.database.read() as session:
            to_continue = await repository.evergreen_parents_to_continue(session, now)
        for parent_id in to_continue:
            await self._guarded(self._continue_evergreen, parent_id, now)

    async def _every_page(
        self, find: Callable[[PageEnd | None], Awaitable[Sequence[Conference]]]
    ) -> list[Conference]:
        found: list[Conference] = []
        after: PageEnd | None = None
        while True:
            page = await find(after)
            found.extend(page)
            if len(page) < self.batch:
                return found
            after = (page[-1].start_at, page[-1].id)

    async def _seconds_to_next_due(self) -> float:
        """Until the next due moment the database gives, at most the poll interval."""
        now = self.clock.now()
        async with self.database.read() as session:
            due = await repository.next_due(session, now, self.timing)
        seconds = self.settings.scheduler_poll_seconds
        if due is not None:
            seconds = min(seconds, max((due - now).total_seconds(), MIN_SLEEP_SECONDS))
        return seconds

    async def _guarded(self, work: _ConferenceWork, conference_id: str, now: datetime) -> None:
        # One conference's failure (a bug, logged) does not hold up the others;
        # its unit is rolled back and the next round tries again.
        try:
            async with self.database.transaction() as session:
                conference = await repository.lock_conference(session, conference_id)
                if conference is None:
                    return
                account = await get_account(session, conference.account_id)
                taken = await work(session, account, conference, now)
        except Exception:
            log.exception("the scheduler's work on conference %s failed", conference_id)
            return
        kept_at = self.clock.now()
        for due_at in taken:
            self.metrics.scheduler_lag.observe(max((kept_at - due_at).total_seconds(), 0.0))

    async def _step_due(
        self, session: AsyncSession, conference: Conference, now: datetime
    ) -> DueStep | None:
        empty_from = None
        if conference.status == ConferenceStatus.LIVE:
            account = await get_account(session, conference.account_id)
            present, last_left_at = await live.people_present(session, account, conference)
            empty_from = rules.empty_since(conference, present, last_left_at)
        return rules.step_due(conference, now, self.timing, empty_from=empty_from)

    async def _take_step(
        self, session: AsyncSession, account: Account, conference: Conference, now: datetime
    ) -> Sequence[datetime]:
        due = await self._step_due(session, conference, now)
        if due is None:
            return []
        step = due.step
        if step == Step.OPEN_WAITING_ROOM:
            await lifecycle.open_waiting_room(session, account, conference, by=SCHEDULER, now=now)
        elif step == Step.START:
            await lifecycle.start(session, account, conference, by=SCHEDULER, now=now)
        elif step in (Step.END_OVERDUE, Step.END_EMPTY):
            await live.finish(session, account, conference, by=SCHEDULER, now=now)
        # A step due before the webinar was made (one created to start at
        # once) is late from its making, not from its moment.
        return [max(due.at, conference.created_at)]

    async def _continue_evergreen(
        self, session: AsyncSession, account: Account, parent: Conference, now: datetime
    ) -> Sequence[datetime]:
        # Asked again on the locked parent: another scheduler may have just
        # created the session (committed before this one locked it).
        await evergreen.ensure_upcoming_session(session, account, parent, now)
        return []  # no due moment: nothing late to count

    async def _reach_reminders(
        self, session: AsyncSession, account: Account, conference: Conference, now: datetime
    ) -> Sequence[datetime]:
        already = await repository.reminders_of(session, conference)
        sent = []
        for reminder in rules.reminders_reached(conference, now, already):
            recorded = await repository.record_reminder(session, conference, reminder, now)
            if recorded and reminder.sent:
                await emit(
                    session,
                    ReminderDue(
                        account_id=account.id,
                        conference_id=conference.id,
                        reminder=reminder.kind,
                        due_at=reminder.due_at,
                    ),
                )
                sent.append(reminder.due_at)
        return sent
