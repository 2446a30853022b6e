from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType, JSONType


class RoomEvent(HasId, Base):
    """One event of a conference's room, numbered per room (``seq``: 1, 2, 3…
    without gaps, in commit order; `live.journal`). Stored in the transaction
    of the change it announces, so a restart loses none and a reconnecting
    client replays them.

    ``audience`` says who may see it: ``everyone``, ``staff`` (presenters and
    moderators) or ``staff+member`` (staff and the member ``member_id``: a
    private message's author, a question waiting for approval's asker).
    """

    __tablename__ = "room_events"
    __table_args__ = (
        UniqueConstraint("conference_id", "seq"),
        # The room's latest event of a kind (the last presence.count).
        Index("ix_room_events_conference_id_event_seq", "conference_id", "event", "seq"),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(BigInteger)
    event: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    audience: Mapped[str] = mapped_column(String(16), default="everyone")
    member_id: Mapped[str | None] = mapped_column(String(40), default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)
