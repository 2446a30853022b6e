from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class Handout(HasId, Base):
    """A file (``file_url``) or a web page (``link_url``) offered to attendees."""

    __tablename__ = "handouts"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(255))
    file_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    link_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    # The file fetched from ``file_url`` into the store (files/), once asked for.
    stored_file_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("files.id", ondelete="SET NULL"), default=None, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
