from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType, enum_column_type


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    # The endpoint was disabled: not sent (re-enabling it sends it).
    SKIPPED = "skipped"


class WebhookDelivery(HasId, Base):
    """One message: an event for one endpoint (or one BigMarker per-webinar
    subscription). Its ``id`` is the ``webhook-id`` header of every attempt,
    so a receiver de-duplicates retries by it. ``body`` is frozen when the
    delivery is made: every attempt sends the same bytes.

    ``event_id`` is empty for a ``webhook.test`` message (no domain event).
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_endpoint_id_id", "endpoint_id", "id"),
        Index("ix_webhook_deliveries_subscription_id", "subscription_id"),
        # Retention (ops/retention.py) finds the deliveries that ended long
        # ago; an event's deletion finds the deliveries that name it.
        Index("ix_webhook_deliveries_ended_at", "ended_at"),
        Index("ix_webhook_deliveries_event_id", "event_id"),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    endpoint_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), default=None
    )
    subscription_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), default=None
    )
    event_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("outbox_events.id", ondelete="SET NULL"), default=None
    )
    event_type: Mapped[str] = mapped_column(String(64))
    # The event's number in the account's feed.
    sequence: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # Where a subscription's message goes (an endpoint's go to its URL of the moment).
    url: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column_type(DeliveryStatus, "webhook_delivery_status"),
        default=DeliveryStatus.PENDING,
    )
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When it was delivered, failed for good or skipped.
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
