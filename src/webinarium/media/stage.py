"""The stage: attendees a moderator brought on it may publish (presenters and
moderators always may). Kept in the database (``media_stage``): every process
of the server decides alike."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import Account, Conference, MediaStage


class StageRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def members(self, conference_id: str) -> list[str]:
        rows = await self.session.scalars(
            select(MediaStage.member_id)
            .where(
                MediaStage.account_id == self.account_id,
                MediaStage.conference_id == conference_id,
            )
            .order_by(MediaStage.added_at, MediaStage.id)
        )
        return list(rows)

    async def add(self, conference_id: str, member_id: str) -> None:
        self.session.add(
            MediaStage(account_id=self.account_id, conference_id=conference_id, member_id=member_id)
        )
        await self.session.flush()

    async def remove(self, conference_id: str, member_id: str) -> None:
        await self.session.execute(
            delete(MediaStage).where(
                MediaStage.account_id == self.account_id,
                MediaStage.conference_id == conference_id,
                MediaStage.member_id == member_id,
            )
        )


async def members(session: AsyncSession, account: Account, conference: Conference) -> list[str]:
    """The member ids on the conference's stage, in the order they came on it."""
    return await StageRepository(session, account.id).members(conference.id)


async def put(
    session: AsyncSession, account: Account, conference: Conference, member_id: str, *, on: bool
) -> bool:
    """Brings ``member_id`` on the stage (``on``) or takes them off; whether
    that changed anything."""
    repository = StageRepository(session, account.id)
    present = member_id in await repository.members(conference.id)
    if present == on:
        return False
    if on:
        await repository.add(conference.id, member_id)
    else:
        await repository.remove(conference.id, member_id)
    return True
