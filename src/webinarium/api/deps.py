"""Dependencies every dialect shares: the request's database session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.db import transaction


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work. Scoped to the endpoint function so the commit
    happens before the response is sent: a client never sees a success that the
    database then failed to keep."""
    async with transaction(request.app.state.sessionmaker) as session:
        yield session


Session = Annotated[AsyncSession, Depends(_session, scope="function")]
