"""Every query on questions and their votes, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import or_, select, update

from webinarium.kit.repository import TenantRepository, dialect_insert
from webinarium.models import Question, QuestionVote


class QuestionRepository(TenantRepository[Question]):
    model = Question

    async def of_conference(self, conference_id: str, question_id: str) -> Question | None:
        return await self.session.scalar(
            self._select().where(
                Question.conference_id == conference_id, Question.id == question_id
            )
        )

    async def listed(self, conference_id: str, member_id: str | None) -> list[Question]:
        """Questions not dismissed, oldest first; with ``member_id``, only those an
        attendee of that id may see (published ones and their own)."""
        statement = self._select().where(
            Question.conference_id == conference_id, Question.status != "dismissed"
        )
        if member_id is not None:
            statement = statement.where(
                or_(Question.status == "published", Question.member_id == member_id)
            )
        rows = await self.session.scalars(statement.order_by(Question.created_at, Question.id))
        return list(rows)

    async def upvoted(self, conference_id: str, member_id: str) -> set[str]:
        """The ids of the conference's questions the member has upvoted."""
        rows = await self.session.scalars(
            select(QuestionVote.question_id)
            .join(Question, Question.id == QuestionVote.question_id)
            .where(
                QuestionVote.account_id == self.account_id,
                QuestionVote.member_id == member_id,
                Question.conference_id == conference_id,
            )
        )
        return set(rows)

    async def vote(self, question: Question, member_id: str) -> int | None:
        """Counts the member's vote once: the question's new total, or None when
        they had voted already. The vote row's unique key decides, so two
        racing votes of one member count once."""
        inserted = await self.session.scalar(
            dialect_insert(self.session, QuestionVote)
            .values(account_id=self.account_id, question_id=question.id, member_id=member_id)
            .on_conflict_do_nothing(
                index_elements=[QuestionVote.question_id, QuestionVote.member_id]
            )
            .returning(QuestionVote.id)
        )
        if inserted is None:
            return None
        votes = await self.session.scalar(
            update(Question)
            .where(self._of_account(), Question.id == question.id)
            .values(votes=Question.votes + 1)
            .returning(Question.votes)
            .execution_options(synchronize_session=False)
        )
        question.votes = int(votes or 0)
        return question.votes
