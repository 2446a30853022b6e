"""The processes serving rooms, and which of them hold a member's sockets.

Presence is shared by every process serving a room (`live.service.enter`,
`release`, `count_out`): a member is in the room while a live process holds a
socket of theirs. A process that stops holding (its last socket of the member
closed, after the grace period) or that is gone (its heartbeat stopped) no
longer keeps them in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, IdType


class RoomProcess(Base):
    """A process serving rooms (`room.hub.Rooms`), known by an id it makes at start."""

    __tablename__ = "room_processes"

    id: Mapped[str] = mapped_column(IdType, primary_key=True)
    started_at: Mapped[datetime]
    # Its holdings keep members in until then. Its heartbeat moves it on (now
    # + the timeout after which a silent process is gone + the grace period);
    # a process that stops sets it to the end of the grace period.
    holds_until: Mapped[datetime] = mapped_column(index=True)


class RoomHolding(Base):
    """Process ``process_id`` holds one socket or more of member ``member_id``
    in the room of conference ``conference_id``. No foreign key to the
    process: a process declared gone while it lives on (a stalled heartbeat)
    keeps entering members, and its rows count again once it is back."""

    __tablename__ = "room_holdings"
    __table_args__ = (
        Index("ix_room_holdings_conference_id_member_id", "conference_id", "member_id"),
    )

    process_id: Mapped[str] = mapped_column(IdType, primary_key=True)
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
