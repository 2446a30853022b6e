from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class Question(HasId, Base):
    """A question asked in a conference's room (Q&A).

    ``status``: ``pending`` (moderated Q&A: seen by the staff and the asker
    until approved), ``published``, ``dismissed``. An answer may come in any
    status but dismissed; ``votes`` is the count of `QuestionVote` rows, kept
    here so listing questions reads no votes.
    """

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_conference_id_account_id", "conference_id", "account_id"),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    person_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True, default=None
    )
    member_id: Mapped[str] = mapped_column(String(40))
    author_name: Mapped[str] = mapped_column(String(200))
    author_role: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="published")
    votes: Mapped[int] = mapped_column(default=0)
    answer: Mapped[str | None] = mapped_column(Text, default=None)
    answered_by_member_id: Mapped[str | None] = mapped_column(String(40), default=None)
    answered_by_name: Mapped[str | None] = mapped_column(String(200), default=None)
    answered_by_role: Mapped[str | None] = mapped_column(String(10), default=None)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
