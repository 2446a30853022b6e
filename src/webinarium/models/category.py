from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, IdType


class Category(HasId, Base):
    """A named group of a channel's conferences."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("channel_id", "name"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("channels.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))


class CategoryConference(HasId, Base):
    __tablename__ = "category_conferences"
    __table_args__ = (UniqueConstraint("category_id", "conference_id"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("categories.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
