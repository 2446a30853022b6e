from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base


class SpentLink(Base):
    """A single-use signed link (`kit.signed_links`) that has been used: its
    ``jti``. A link found here is refused; the row outlives the link's short
    lifetime, which is all it needs to."""

    __tablename__ = "spent_links"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40))
    spent_at: Mapped[datetime] = mapped_column(default=utcnow)
