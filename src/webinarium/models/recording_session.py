from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class RecordingSession(HasId, Base):
    """A stretch of a conference recorded by Janus (media/recording.py): from
    ``room.record.start`` (or the webinar's start, with ``auto_record``) to
    ``room.record.stop`` (or the webinar's end). ``status``: recording →
    processing (the MP4 being made) → ready (``recording_id``) or failed
    (``error``). Janus's ``.mjr`` files are in a folder named by the session's id."""

    __tablename__ = "recording_sessions"
    __table_args__ = (
        # Whether a conference is being recorded: its session in "recording".
        Index("ix_recording_sessions_conference_id_status", "conference_id", "status"),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(12), default="recording")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    stopped_at: Mapped[datetime | None] = mapped_column(default=None)
    recording_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("recordings.id", ondelete="SET NULL"), default=None
    )
    error: Mapped[str] = mapped_column(String(500), default="")
