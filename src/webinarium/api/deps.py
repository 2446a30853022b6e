"""Dependencies every dialect shares: the request's unit of work.

A route declares what it does with the database: ``Session`` (a read-write
unit) or ``ReadSession`` (a read-only unit, on a reader connection). A route
that only reads must say so, or every read would queue behind the one SQLite
writer; a route that writes through a ``ReadSession`` fails loudly. One request
opens one unit: asking for both is a programming error.

Both are scoped to the endpoint function, so the commit happens before the
response is sent: a client never sees a success that the database then failed
to keep. The request body is received before the unit opens, so a slow client
never holds a connection while it uploads.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.db import Database

_UNIT = "unit_of_work"


def claim_unit(request: Request, kind: str) -> Database:
    """The database, for the request's one unit of work. Call it once the body
    has been received."""
    if getattr(request.state, _UNIT, None) is not None:
        raise RuntimeError(f"a request opens one unit of work; this one asked for a {kind} too")
    setattr(request.state, _UNIT, kind)
    database: Database = request.app.state.database
    return database


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    await request.body()
    database = claim_unit(request, "read-write unit")
    async with database.transaction() as session:
        yield session


async def _read_session(request: Request) -> AsyncIterator[AsyncSession]:
    await request.body()
    database = claim_unit(request, "read-only unit")
    async with database.read() as session:
        yield session


Session = Annotated[AsyncSession, Depends(_session, scope="function")]
ReadSession = Annotated[AsyncSession, Depends(_read_session, scope="function")]
