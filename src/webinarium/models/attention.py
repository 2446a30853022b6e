"""The attendance monitor: the checks asked in a conference's room ("are you
still there?") and, for each attendee asked, whether they answered in time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, IdType


class AttentionCheck(HasId, Base):
    """One round of the monitor in one room. A round is made once however many
    processes serve the room: the second insert of a round finds the first."""

    __tablename__ = "attention_checks"
    __table_args__ = (UniqueConstraint("conference_id", "round"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    # 1, 2, 3… in the conference.
    round: Mapped[int]
    asked_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    # When the attendees who did not answer were marked missed.
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class AttentionAsk(HasId, Base):
    """One attendee asked in a check, with who they were at that moment (for
    BigMarker's attendance monitor report: bmid, e-mail, names, ShowPopUp and
    ClickPopUp times). ``state``: ``asked`` until answered (``answered``) or
    the check expires (``missed``)."""

    __tablename__ = "attention_asks"
    __table_args__ = (UniqueConstraint("check_id", "person_id"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    check_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("attention_checks.id", ondelete="CASCADE")
    )
    person_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    shown_at: Mapped[datetime]
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    state: Mapped[str] = mapped_column(String(10), default="asked")
