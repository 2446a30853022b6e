from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, IdType


class EventCounter(Base):
    """The last event sequence number given in an account. Taking the next one
    updates this row, which stays locked until the transaction ends: numbers are
    given in commit order, so a reader that has seen event N never later finds a
    new event below N."""

    __tablename__ = "event_counters"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    last_sequence: Mapped[int] = mapped_column(BigInteger, default=0)
