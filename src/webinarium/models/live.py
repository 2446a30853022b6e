"""What happens in a webinar's room: virtual participants, chat, visits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class Bot(HasId, Base):
    """A virtual attendee or moderator. Always marked virtual in data and reports."""

    __tablename__ = "bots"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    # attendee | moderator
    role: Mapped[str] = mapped_column(String(10), default="attendee")
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    country: Mapped[str | None] = mapped_column(String(100), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(default=None)


class ChatMessage(HasId, Base):
    __tablename__ = "chat_messages"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True, default=None
    )
    bot_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("bots.id", ondelete="CASCADE"), index=True, default=None
    )
    author_name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Who wrote it in the room (`access.admission.Member`): member id and role;
    # empty for lines written through an API (a virtual participant's).
    member_id: Mapped[str | None] = mapped_column(String(40), default=None)
    author_role: Mapped[str | None] = mapped_column(String(10), default=None)
    # "moderators": a private message to the hosts; None: to everyone.
    recipient: Mapped[str | None] = mapped_column(String(10), default=None)
    # Deleted by a moderator: kept for reports, no longer shown.
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)


class Visit(HasId, Base):
    """One stay in the room: who entered when, and left when."""

    __tablename__ = "visits"
    __table_args__ = (
        # A member has one open stay however many sockets they open, on however
        # many processes: the second of two racing entries finds the first.
        Index(
            "uq_visits_open_member",
            "conference_id",
            "member_id",
            unique=True,
            sqlite_where=text("left_at IS NULL"),
            postgresql_where=text("left_at IS NULL"),
        ),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True, default=None
    )
    bot_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("bots.id", ondelete="CASCADE"), index=True, default=None
    )
    name: Mapped[str] = mapped_column(String(200))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(default=None)
    # A stay through the room's socket: the member (`access.admission.Member`)
    # and the role they came in; empty for visits made through an API.
    member_id: Mapped[str | None] = mapped_column(String(40), default=None)
    role: Mapped[str | None] = mapped_column(String(10), default=None)
    # The User-Agent header of the socket the stay began on (cut to 500
    # characters); the reports read browser, device and OS from it.
    user_agent: Mapped[str | None] = mapped_column(String(500), default=None)
