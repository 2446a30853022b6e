from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class Moderator(HasId, Base):
    """A person the account has made a moderator (MyOwnConference's moderator
    list). Attached to a webinar, a moderator is a presenter with moderator rights."""

    __tablename__ = "moderators"
    __table_args__ = (UniqueConstraint("account_id", "person_id"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
