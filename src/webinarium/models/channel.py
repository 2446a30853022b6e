from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, HasTimestamps, IdType


class Channel(HasId, HasTimestamps, Base):
    """BigMarker's unit of hosting. ``url`` is unique on the server: it is the first
    path segment of every conference address (PUBLIC_URL/<url>/<sub_url>)."""

    __tablename__ = "channels"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    overview: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # A sub-channel's master channel.
    parent_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("channels.id", ondelete="CASCADE"), index=True, default=None
    )
    background_image_url: Mapped[str | None] = mapped_column(String(2048), default=None)
