from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, IdType


class AccountCounter(Base):
    """The last number an account has given of one kind (``name``): its events'
    sequence numbers, its conferences' numbers (``kit.counters``). Taking the next
    number updates the row, which stays locked until the transaction ends, so
    numbers are given in commit order and two transactions never get the same."""

    __tablename__ = "account_counters"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
