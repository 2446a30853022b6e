from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, HasTimestamps, IdType, JSONType


class Presenter(HasId, HasTimestamps, Base):
    """A person presenting at a conference, with the rights the organiser gave."""

    __tablename__ = "presenters"
    __table_args__ = (
        UniqueConstraint("conference_id", "person_id"),
        Index("ix_presenters_conference_id_account_id", "conference_id", "account_id"),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    person_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    display_name: Mapped[str] = mapped_column(String(200), default="")
    photo_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    title: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    can_manage: Mapped[bool] = mapped_column(default=False)
    is_moderator: Mapped[bool] = mapped_column(default=False)
    display_on_landing_page: Mapped[bool] = mapped_column(default=True)
    # The seed of the presenter's personal link into the room (256 random bits):
    # the link's token is derived from it (presenters.service.presenter_token),
    # never stored.
    link_seed: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_urlsafe(32))
    # The remaining switches (send_email_invite, enter_as_attendee, …), typed by
    # the presenters domain's schema.
    options: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
