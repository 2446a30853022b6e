from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, IdType


class WebhookSigningSecret(Base):
    """The account's secret for BigMarker's per-webinar hooks (one for all its
    webinars' subscriptions), made at its first use; after a rotation the
    ``previous_secret`` signs too until ``previous_secret_until``."""

    __tablename__ = "webhook_signing_secrets"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100), default=None)
    previous_secret_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
