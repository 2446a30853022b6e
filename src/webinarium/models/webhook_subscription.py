from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class WebhookSubscription(HasId, Base):
    """An outgoing webhook: POST events of ``event_type`` (``webhooks.schemas.EventType``)
    to ``url``. With a ``conference_id`` it listens to that conference only
    (BigMarker's per-webinar hooks); without, to the whole account.

    ``label`` tells apart a conference's subscriptions to the same event type
    (BigMarker has two for new registrations); at most one per conference and label.
    """

    __tablename__ = "webhook_subscriptions"
    __table_args__ = (
        UniqueConstraint("conference_id", "label"),
        Index("ix_webhook_subscriptions_conference_id_account_id", "conference_id", "account_id"),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), default=None
    )
    event_type: Mapped[str] = mapped_column(String(64))
    label: Mapped[str | None] = mapped_column(String(100), default=None)
    # None: switched on or off, but no address given yet (nothing is delivered).
    url: Mapped[str | None] = mapped_column(Text, default=None)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
