"""Work that must wait for a commit: waking a worker, announcing to a room.

``after_commit(session, callback)`` keeps the callback with the session's
transaction; it runs once that transaction has committed and is dropped if it
rolls back, so nothing outside the process hears of a change that was not kept.
The hook is SQLAlchemy's session events, so every unit of work (request, socket
command, task, CLI) has it without doing anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

_CALLBACKS = "webinarium.after_commit"
log = logging.getLogger(__name__)


def after_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Runs ``callback`` after the session's current transaction commits; never
    if it rolls back. Callbacks must be quick and must not touch the database
    through this session (it is between transactions when they run)."""
    session.sync_session.info.setdefault(_CALLBACKS, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run(session: Session) -> None:
    for callback in session.info.pop(_CALLBACKS, []):
        try:
            callback()
        except Exception:
            # The change is committed: a failing notification must not turn the
            # request into an error. The outbox still holds what to announce.
            log.exception("after-commit callback %r failed", callback)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_CALLBACKS, None)
