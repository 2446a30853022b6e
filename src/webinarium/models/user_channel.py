from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, IdType


class UserChannel(Base):
    """A channel a console user with the role ``channel_admin`` administers."""

    __tablename__ = "user_channels"

    user_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    channel_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
