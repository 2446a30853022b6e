from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, IdType


class ConferenceTag(HasId, Base):
    """One value of a webinar tag. A tag sent as "United Arab Emirates,Germany" is
    two rows with the same ``api_name``, so a filter on one value is an index hit."""

    __tablename__ = "conference_tags"
    __table_args__ = (
        Index("ix_conference_tags_lookup", "account_id", "api_name", "value"),
        Index("ix_conference_tags_conference_id_account_id", "conference_id", "account_id"),
    )

    account_id: Mapped[str] = mapped_column(IdType, ForeignKey("accounts.id", ondelete="CASCADE"))
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    api_name: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(String(255))
    position: Mapped[int]
