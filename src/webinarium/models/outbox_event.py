from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType, JSONType


class OutboxEvent(HasId, Base):
    """A domain event (``events.types``), written in the transaction of the change
    it announces: stored exactly when the change is, rolled back with it.

    ``sequence`` counts the account's events 1, 2, 3… in commit order (see
    ``kit.counters``). ``dispatched_at`` stays empty until the worker has handed
    the event to its deliveries (webhooks, e-mail)."""

    __tablename__ = "outbox_events"
    __table_args__ = (
        UniqueConstraint("account_id", "sequence"),
        Index("ix_outbox_events_dispatched_at_id", "dispatched_at", "id"),
    )

    account_id: Mapped[str] = mapped_column(IdType, ForeignKey("accounts.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(default=None)
