from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.conferences.schemas import ConferenceStatus
from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType, enum_column_type


class ConferenceStatusChange(HasId, Base):
    """One step of a conference's life (``conferences.lifecycle``): from which
    status to which, when, and who took it (``kit.actors.Actor`` as text)."""

    __tablename__ = "conference_status_changes"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[ConferenceStatus] = mapped_column(
        enum_column_type(ConferenceStatus, "from_status")
    )
    to_status: Mapped[ConferenceStatus] = mapped_column(
        enum_column_type(ConferenceStatus, "to_status")
    )
    actor: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
