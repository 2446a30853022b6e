from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class ApiKey(HasId, Base):
    """An API key, stored as its SHA-256; ``prefix`` lets a person recognise it."""

    __tablename__ = "api_keys"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # When the key last authenticated a request, to the minute
    # (`accounts.key_use`: written at most once a minute, after the request's unit).
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
