from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class AuditEntry(HasId, Base):
    """One change made through the organiser console: who, what, when. The
    user's e-mail is kept as it was, so the entry outlives the user."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_account_id_created_at", "account_id", "created_at"),)

    account_id: Mapped[str] = mapped_column(IdType, ForeignKey("accounts.id", ondelete="CASCADE"))
    user_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    user_email: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str | None] = mapped_column(String(32), default=None)
    subject_id: Mapped[str | None] = mapped_column(String(64), default=None)
    summary: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
