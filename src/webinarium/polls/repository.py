"""Every query on polls, their choices and votes, scoped to the caller's account."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, exists, func, select

from webinarium.kit.repository import TenantRepository
from webinarium.models import Poll, PollChoice, PollVote


class PollRepository(TenantRepository[Poll]):
    model = Poll
    # Deleting a poll deletes its choices and votes.
    cascades_in_database = True

    async def get_many(self, poll_ids: Sequence[str]) -> list[Poll]:
        rows = await self.session.scalars(
            self._select().where(Poll.id.in_(list(poll_ids))).order_by(Poll.id)
        )
        return list(rows)

    async def of_conference(self, conference_id: str) -> list[Poll]:
        rows = await self.session.scalars(
            self._select().where(Poll.conference_id == conference_id).order_by(Poll.id)
        )
        return list(rows)

    async def choices(self, poll_ids: Sequence[str]) -> dict[str, list[PollChoice]]:
        """The choices of each poll, in display order."""
        rows = await self.session.scalars(
            select(PollChoice)
            .where(self._of_account(PollChoice), PollChoice.poll_id.in_(list(poll_ids)))
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
                self._of_account(PollChoice),
                PollChoice.id.in_([c.id for c in choices]),
            )
        )
        for choice in choices:
            self.session.expunge(choice)

    async def has_votes(self, poll_id: str) -> bool:
        found = await self.session.scalar(
            select(exists().where(self._of_account(PollVote), PollVote.poll_id == poll_id))
        )
        return bool(found)

    async def votes(self, poll_id: str) -> list[PollVote]:
        rows = await self.session.scalars(
            select(PollVote)
            .where(self._of_account(PollVote), PollVote.poll_id == poll_id)
            .order_by(PollVote.id)
        )
        return list(rows)

    async def counts(self, poll_id: str) -> dict[str | None, int]:
        """Votes per choice (``None``: score and short-answer votes)."""
        rows = await self.session.execute(
            select(PollVote.choice_id, func.count())
            .where(self._of_account(PollVote), PollVote.poll_id == poll_id)
            .group_by(PollVote.choice_id)
        )
        return {choice_id: int(count) for choice_id, count in rows.all()}

    async def score_counts(self, poll_id: str) -> dict[int, int]:
        """Votes per score of a score poll."""
        rows = await self.session.execute(
            select(PollVote.score, func.count())
            .where(
                self._of_account(PollVote), PollVote.poll_id == poll_id, PollVote.score.is_not(None)
            )
            .group_by(PollVote.score)
        )
        return {score: int(count) for score, count in rows.all() if score is not None}

    async def latest_answers(self, poll_id: str, limit: int) -> list[PollVote]:
        """A short-answer poll's newest ``limit`` answers, newest first."""
        rows = await self.session.scalars(
            select(PollVote)
            .where(
                self._of_account(PollVote),
                PollVote.poll_id == poll_id,
                PollVote.answer.is_not(None),
            )
            .order_by(PollVote.created_at.desc(), PollVote.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def voter_count(self, poll_id: str) -> int:
        """People who voted, and each anonymous vote."""
        found = await self.session.scalar(
            select(
                func.count(func.distinct(PollVote.person_id))
                + func.count().filter(PollVote.person_id.is_(None))
            ).where(self._of_account(PollVote), PollVote.poll_id == poll_id)
        )
        return int(found or 0)

    async def voted_in(self, poll_ids: Sequence[str], person_id: str) -> set[str]:
        """Which of the polls the person has voted in."""
        rows = await self.session.scalars(
            select(PollVote.poll_id)
            .where(
                self._of_account(PollVote),
                PollVote.poll_id.in_(list(poll_ids)),
                PollVote.person_id == person_id,
            )
            .distinct()
        )
        return set(rows)
