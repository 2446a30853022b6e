"""Work that must wait for the end of a transaction: waking a worker, announcing
to a room, removing a file's bytes.

``after_commit(session, callback)`` keeps the callback with the session's
transaction; it runs once that transaction has committed and is dropped if it
rolls back, so nothing outside the process hears of a change that was not kept.
``after_rollback`` is the other way round: it undoes what cannot be rolled back
with the database (bytes written to disk). The hooks are SQLAlchemy's session
events, so every unit of work (request, socket command, task, CLI) has them
without doing anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

_ON_COMMIT = "webinarium.after_commit"
_ON_ROLLBACK = "webinarium.after_rollback"
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


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_ON_ROLLBACK, None)
    _run(session.info.pop(_ON_COMMIT, []))


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_ON_COMMIT, None)
    _run(session.info.pop(_ON_ROLLBACK, []))
