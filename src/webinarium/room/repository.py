"""The room's one query across accounts: an enter token names its registration
(and so its account), as an API key names its account."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import Registration


async def registration_by_enter_token(session: AsyncSession, token: str) -> Registration | None:
    return await session.scalar(select(Registration).where(Registration.enter_token == token))
