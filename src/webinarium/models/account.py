from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, HasTimestamps


class Account(HasId, HasTimestamps, Base):
    """A tenant. Every other row belongs to exactly one account."""

    __tablename__ = "accounts"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    language: Mapped[str] = mapped_column(String(16), default="en")
    # Profile details some dialects expose (MyOwnConference's profile).
    observes_dst: Mapped[bool] = mapped_column(default=False)
    payment_gateway: Mapped[str | None] = mapped_column(String(20), default=None)
    newsletter: Mapped[bool] = mapped_column(default=False)
    company: Mapped[str] = mapped_column(Text, default="")
