from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class ChannelSubscriber(HasId, Base):
    """A person subscribed to a channel."""

    __tablename__ = "channel_subscribers"
    __table_args__ = (UniqueConstraint("channel_id", "person_id"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("channels.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    subscribed_at: Mapped[datetime] = mapped_column(default=utcnow)
