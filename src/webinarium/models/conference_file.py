from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class ConferenceFile(HasId, Base):
    """A pre-loaded file (slides or a video) to be shown in the room."""

    __tablename__ = "conference_files"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    file_url: Mapped[str] = mapped_column(String(2048))
    file_type: Mapped[str] = mapped_column(String(20))
    autoplay: Mapped[bool] = mapped_column(default=False)
    # The file fetched from ``file_url`` into the store (files/), once asked for.
    stored_file_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("files.id", ondelete="SET NULL"), default=None, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
