from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, IdType, JSONType


class CustomField(HasId, Base):
    """A question asked on a conference's registration form."""

    __tablename__ = "custom_fields"
    __table_args__ = (
        UniqueConstraint("conference_id", "api_name"),
        Index("ix_custom_fields_conference_id_account_id", "conference_id", "account_id"),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    field_name: Mapped[str] = mapped_column(String(255))
    field_type: Mapped[str] = mapped_column(String(20))
    required: Mapped[bool] = mapped_column(default=False)
    api_name: Mapped[str] = mapped_column(String(100))
    options: Mapped[list[str]] = mapped_column(JSONType, default=list)
    position: Mapped[int]
