"""Every query on polls, their choices and votes, scoped to the caller's account."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import Poll, PollChoice, PollVote


class PollRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def add(self, *rows: Poll | PollChoice | PollVote) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def get(self, poll_id: str) -> Poll | None:
        return await self.session.scalar(
            select(Poll).where(Poll.account_id == self.account_id, Poll.id == poll_id)
        )

    async def get_many(self, poll_ids: Sequence[str]) -> list[Poll]:
        rows = await self.session.scalars(
            select(Poll)
            .where(Poll.account_id == self.account_id, Poll.id.in_(list(poll_ids)))
            .order_by(Poll.id)
        )
        return list(rows)

    async def of_conference(self, conference_id: str) -> list[Poll]:
        rows = await self.session.scalars(
            select(Poll)
            .where(Poll.account_id == self.account_id, Poll.conference_id == conference_id)
            .order_by(Poll.id)
        )
        return list(rows)

    async def delete(self, poll: Poll) -> None:
        # The database cascades to the poll's choices and votes.
        await self.session.execute(
            delete(Poll).where(Poll.account_id == self.account_id, Poll.id == poll.id)
        )
        self.session.expunge(poll)

    async def choices(self, poll_ids: Sequence[str]) -> dict[str, list[PollChoice]]:
        """The choices of each poll, in display order."""
        rows = await self.session.scalars(
            select(PollChoice)
            .where(PollChoice.account_id == self.account_id, PollChoice.poll_id.in_(list(poll_ids)))
            .order_by(PollChoice.poll_id, PollChoice.position, PollChoice.id)
        )
        by_poll: dict[str, list[PollChoice]] = defaultdict(list)
        for row in rows:
            by_poll[row.poll_id].append(row)
        return by_poll

    async def delete_choices(self, choices: Sequence[PollChoice]) -> None:
        """Deletes the choices; the database cascades to the votes cast for them."""
        if not choices:
            return
        await self.session.execute(
            delete(PollChoice).where(
                PollChoice.account_id == self.account_id,
                PollChoice.id.in_([c.id for c in choices]),
            )
        )
        for choice in choices:
            self.session.expunge(choice)

    async def has_votes(self, poll_id: str) -> bool:
        found = await self.session.scalar(
            select(
                exists().where(PollVote.account_id == self.account_id, PollVote.poll_id == poll_id)
            )
        )
        return bool(found)

    async def votes(self, poll_id: str) -> list[PollVote]:
        rows = await self.session.scalars(
            select(PollVote)
            .where(PollVote.account_id == self.account_id, PollVote.poll_id == poll_id)
            .order_by(PollVote.id)
        )
        return list(rows)

    async def delete_votes_of(self, poll_id: str, person_id: str) -> None:
        await self.session.execute(
            delete(PollVote).where(
                PollVote.account_id == self.account_id,
                PollVote.poll_id == poll_id,
                PollVote.person_id == person_id,
            )
        )
