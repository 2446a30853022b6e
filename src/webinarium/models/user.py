from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, HasTimestamps, IdType


class User(HasId, HasTimestamps, Base):
    """Someone who logs in to an account (e-mail is unique across the server)."""

    __tablename__ = "users"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    # What the user may do in the organiser console (console/auth.py): "owner",
    # "admin" or "channel_admin" (only the channels of user_channels).
    role: Mapped[str] = mapped_column(String(20), default="owner", server_default="owner")
    last_sign_in_at: Mapped[datetime | None] = mapped_column(default=None)
