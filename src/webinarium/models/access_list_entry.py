from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class AccessListEntry(HasId, Base):
    """An e-mail address or a whole domain on a block or allow list, of one
    conference (registration lists) or of one channel."""

    __tablename__ = "access_list_entries"
    __table_args__ = (
        CheckConstraint("(conference_id IS NULL) <> (channel_id IS NULL)", name="one_owner"),
        Index(
            "ix_access_list_entries_conference", "conference_id", "list_type", "entry", unique=True
        ),
        Index("ix_access_list_entries_channel", "channel_id", "list_type", "entry", unique=True),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), default=None
    )
    channel_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("channels.id", ondelete="CASCADE"), default=None
    )
    list_type: Mapped[str] = mapped_column(String(20))
    # A lower-case e-mail address, or a domain ("example.com") that covers every
    # address at it and at its subdomains.
    entry: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
