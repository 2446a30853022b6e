from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class RoomBan(HasId, Base):
    """A person put out of a conference's room by a moderator: they cannot come
    back while ``lifted_at`` is empty (MyOwnConference's ``attendeesUnbanned``
    lifts it; the record stays)."""

    __tablename__ = "room_bans"
    __table_args__ = (UniqueConstraint("conference_id", "person_id"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    person_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    # The moderator's member id and name, as the room knew them.
    banned_by: Mapped[str] = mapped_column(String(240))
    banned_at: Mapped[datetime] = mapped_column(default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(default=None)
