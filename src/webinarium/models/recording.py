from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class Recording(HasId, Base):
    """A recording of a conference. ``status``: processing | ready | failed.
    Published: watched on demand (`recordings.service.publish`)."""

    __tablename__ = "recordings"
    __table_args__ = (
        # A listing's conferences' ready recordings (recordings.repository
        # .latest_ready): by conference, within the account.
        Index("ix_recordings_conference_id_account_id", "conference_id", "account_id", "status"),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(12), default="processing")
    file_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    # The MP4 in the file store; None for a recording still processing.
    file_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("files.id", ondelete="SET NULL"), index=True, default=None
    )
    duration_seconds: Mapped[int] = mapped_column(default=0)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    unpublished_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordingView(HasId, Base):
    """Someone watched a published recording on demand: who (the registration
    they entered with, when known), when, and for how long."""

    __tablename__ = "recording_views"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    recording_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("recordings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="SET NULL"), index=True, default=None
    )
    registration_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("registrations.id", ondelete="SET NULL"), index=True, default=None
    )
    watched_seconds: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
