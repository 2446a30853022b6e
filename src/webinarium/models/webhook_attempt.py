from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, IdType


class WebhookAttempt(HasId, Base):
    """One POST of a delivery: the receiver's status code, or the error that
    kept it from answering (timeout, connection refused, address refused by the
    guard), how long it took and the start of its answer."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_delivery_id_id", "delivery_id", "id"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    delivery_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("webhook_deliveries.id", ondelete="CASCADE")
    )
    at: Mapped[datetime]
    status_code: Mapped[int | None] = mapped_column(default=None)
    error: Mapped[str | None] = mapped_column(String(500), default=None)
    duration_ms: Mapped[int]
    # The first ~1 KiB of the answer's body.
    response_body: Mapped[str] = mapped_column(Text, default="")

    @property
    def summary(self) -> str:
        """What went wrong (or right), in a few words: the error, else the status."""
        return self.error or f"HTTP {self.status_code}"
