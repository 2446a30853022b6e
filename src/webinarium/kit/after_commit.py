"""Work that must wait for the end of a transaction: waking a worker, announcing
to a room, removing a file's bytes.

``after_commit(session, callback)`` keeps the callback with the session's
transaction; it runs once that transaction has committed and is dropped if it
rolls back, so nothing outside the process hears of a change that was not kept.
``after_rollback`` is the other way round: it undoes what cannot be rolled back
with the database (bytes written to disk). The hooks are SQLAlchemy's session
events, so every unit of work (request, socket command, task, CLI) has them
without doing anything.

On SQLite a unit's transaction is a savepoint in a batch of units (kit.group_commit):
the unit's "commit" hands its callbacks to the batch's `Batch`, which runs them
when the batch's transaction ends; a unit rolled back to its savepoint runs its
after-rollback callbacks at once, as any rolled-back transaction does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

_ON_COMMIT = "webinarium.after_commit"
_ON_ROLLBACK = "webinarium.after_rollback"
_BATCH = "webinarium.batch"
log = logging.getLogger(__name__)


def after_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Runs ``callback`` after the session's current transaction commits; never
    if it rolls back. Callbacks must be quick and must not touch the database
    through this session (it is between transactions when they run)."""
    session.sync_session.info.setdefault(_ON_COMMIT, []).append(callback)


def after_rollback(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Runs ``callback`` if the session's current transaction rolls back; never if
    it commits."""
    session.sync_session.info.setdefault(_ON_ROLLBACK, []).append(callback)


def _run(callbacks: list[Callable[[], None]]) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:
            # The transaction has ended either way: a failing callback must not
            # turn it into an error. The outbox still holds what to announce.
            log.exception("end-of-transaction callback %r failed", callback)


class Batch:
    """The callbacks of units whose transactions are savepoints of one larger
    transaction: they wait for that transaction's end."""

    def __init__(self) -> None:
        self._on_commit: list[Callable[[], None]] = []
        self._on_rollback: list[Callable[[], None]] = []

    def keep(
        self, on_commit: list[Callable[[], None]], on_rollback: list[Callable[[], None]]
    ) -> None:
        """A unit's work is part of the batch now, and so are its callbacks."""
        self._on_commit += on_commit
        self._on_rollback += on_rollback

    def committed(self) -> None:
        _run(self._take()[0])

    def rolled_back(self) -> None:
        _run(self._take()[1])

    def _take(self) -> tuple[list[Callable[[], None]], list[Callable[[], None]]]:
        taken = self._on_commit, self._on_rollback
        self._on_commit, self._on_rollback = [], []
        return taken


def in_batch(session: AsyncSession, batch: Batch) -> None:
    """The session's transaction is a savepoint of ``batch``'s transaction: its
    commit hands its callbacks to ``batch``."""
    session.sync_session.info[_BATCH] = batch


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    on_commit = session.info.pop(_ON_COMMIT, [])
    on_rollback = session.info.pop(_ON_ROLLBACK, [])
    batch: Batch | None = session.info.get(_BATCH)
    if batch is None:
        _run(on_commit)
    else:
        batch.keep(on_commit, on_rollback)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_ON_COMMIT, None)
    _run(session.info.pop(_ON_ROLLBACK, []))
