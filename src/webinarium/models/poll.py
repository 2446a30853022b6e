from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, HasTimestamps, IdType, JSONType


class Poll(HasId, HasTimestamps, Base):
    """A poll of a conference. ``status``: queue → open → closed → reopened."""

    __tablename__ = "polls"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    selection_method: Mapped[str] = mapped_column(String(20), default="single")
    status: Mapped[str] = mapped_column(String(10), default="queue")
    close_at: Mapped[datetime | None] = mapped_column(default=None)
    # The documented display switches (display_question, allow_user_to_skip_poll, …),
    # typed by the polls domain's schema.
    options: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class PollChoice(HasId, Base):
    __tablename__ = "poll_choices"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    poll_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("polls.id", ondelete="CASCADE"), index=True
    )
    choice: Mapped[str] = mapped_column(String(500))
    position: Mapped[int]


class PollVote(HasId, Base):
    """One answer of one voter: a choice (single, multi: one row per choice), a
    score, or a short text answer. Votes are cast in the live room."""

    __tablename__ = "poll_votes"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    poll_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("polls.id", ondelete="CASCADE"), index=True
    )
    choice_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("poll_choices.id", ondelete="CASCADE"), default=None
    )
    person_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True, default=None
    )
    score: Mapped[int | None] = mapped_column(default=None)
    answer: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
