from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class QuestionVote(HasId, Base):
    """One member's upvote of a question: one per member and question."""

    __tablename__ = "question_votes"
    __table_args__ = (UniqueConstraint("question_id", "member_id"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(IdType, ForeignKey("questions.id", ondelete="CASCADE"))
    member_id: Mapped[str] = mapped_column(String(40))
    voted_at: Mapped[datetime] = mapped_column(default=utcnow)
