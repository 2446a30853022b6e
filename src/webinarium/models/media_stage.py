from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class MediaStage(HasId, Base):
    """An attendee a moderator brought on a conference's stage: they may
    publish camera, microphone and screen (`media.stage`) until taken off (the
    row is deleted)."""

    __tablename__ = "media_stage"
    __table_args__ = (UniqueConstraint("conference_id", "member_id"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    # The room's member id (a person's id).
    member_id: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
