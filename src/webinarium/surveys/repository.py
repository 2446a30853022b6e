"""Every query on surveys, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import delete, exists, select

from webinarium.kit.repository import TenantRepository
from webinarium.models import SurveyAnswer, SurveyQuestion


class SurveyRepository(TenantRepository[SurveyQuestion]):
    model = SurveyQuestion

    async def questions(self, conference_id: str) -> list[SurveyQuestion]:
        rows = await self.session.scalars(
            self._select()
            .where(SurveyQuestion.conference_id == conference_id)
            .order_by(SurveyQuestion.position, SurveyQuestion.id)
        )
        return list(rows)

    async def delete_questions(self, conference_id: str) -> None:
        await self.session.execute(
            delete(SurveyQuestion).where(
                self._of_account(), SurveyQuestion.conference_id == conference_id
            )
        )

    async def answered(self, conference_id: str, person_id: str | None = None) -> bool:
        """Whether anyone (or the person) answered the conference's survey."""
        condition = [self._of_account(SurveyAnswer), SurveyAnswer.conference_id == conference_id]
        if person_id is not None:
            condition.append(SurveyAnswer.person_id == person_id)
        return bool(await self.session.scalar(select(exists().where(*condition))))

    async def answers(self, conference_id: str) -> list[SurveyAnswer]:
        rows = await self.session.scalars(
            select(SurveyAnswer)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
            .where(
                self._of_account(SurveyAnswer),
                SurveyAnswer.conference_id == conference_id,
            )
            .order_by(SurveyAnswer.answered_at, SurveyQuestion.position, SurveyAnswer.id)
        )
        return list(rows)
