from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType
from webinarium.models.room_person import AsTheyWere


class HandoutLog(HasId, AsTheyWere, Base):
    """One view or download of a handout in the room (``handout.view``,
    ``handout.download``). The handout's title is kept as it was, so the log
    still names it after the handout is deleted."""

    __tablename__ = "handout_logs"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    handout_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("handouts.id", ondelete="SET NULL"), index=True
    )
    handout_title: Mapped[str] = mapped_column(String(255))
    # "view" | "download"
    action: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(default=utcnow)
