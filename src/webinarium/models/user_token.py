from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType, JSONType


class UserToken(HasId, Base):
    """A single-use link mailed to someone: a password reset (``user_id``) or an
    invitation (``email``, ``role`` and, for a channel admin, ``channel_ids``).
    Stored as the SHA-256 of the token the link carries."""

    __tablename__ = "user_tokens"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("users.id", ondelete="CASCADE"), default=None, index=True
    )
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    role: Mapped[str | None] = mapped_column(String(20), default=None)
    channel_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
