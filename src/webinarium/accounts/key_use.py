"""When an API key was last used: shown in the console's key list.

Writing it on every request would make every read a write (and a read-only
unit cannot write at all). So the key's ``last_used_at`` is read with the key
when it authenticates (the same statement), and only when it is a minute old
or more is a write asked for, after the request's unit (`kit.db.write_after`):
one short UPDATE per key per minute at most, whichever unit the route uses.
The UPDATE itself repeats the condition, so requests racing each other, or
several server processes, still write once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.db import write_after
from webinarium.models import ApiKey

# How stale "last used" may be: a minute is what the console shows.
RECORDED_EVERY = timedelta(minutes=1)


def note_use(
    session: AsyncSession, key_id: str, last_used_at: datetime | None, now: datetime
) -> None:
    """The key authenticated a request at ``now``: recorded once its last use
    is a minute old."""
    if last_used_at is not None and now - last_used_at < RECORDED_EVERY:
        return

    async def record(writing: AsyncSession) -> None:
        await writing.execute(
            update(ApiKey)
            .where(
                ApiKey.id == key_id,
                or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at <= now - RECORDED_EVERY),
            )
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )

    write_after(session, record)
