from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType
from webinarium.models.room_person import AsTheyWere


class Offer(HasId, Base):
    """A call to action the staff show in a conference's room: a title and a
    button that opens ``url``. Deleting one sets ``deleted_at``: its shows,
    views and clicks stay for the reports."""

    __tablename__ = "offers"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(255))
    button_text: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2048))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)


class _OfferRow:
    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    offer_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("offers.id", ondelete="CASCADE"), index=True
    )


class OfferShow(HasId, _OfferRow, Base):
    """One time an offer was shown in the room, from ``shown_at`` until
    ``hidden_at``; the room's offer shown now is its show without ``hidden_at``."""

    __tablename__ = "offer_shows"

    # The member who showed it: "<member id> <name>", as the room knew them.
    shown_by: Mapped[str] = mapped_column(String(240))
    shown_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column(default=None)


class OfferView(HasId, _OfferRow, AsTheyWere, Base):
    """An offer seen by a member's page during one show (``offer.view``): once
    per show and member, however many tabs or reloads."""

    __tablename__ = "offer_views"
    __table_args__ = (UniqueConstraint("show_id", "member_id"),)

    show_id: Mapped[str] = mapped_column(IdType, ForeignKey("offer_shows.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class OfferClick(HasId, _OfferRow, AsTheyWere, Base):
    """A click on an offer's button (``offer.click``): every click is a row."""

    __tablename__ = "offer_clicks"

    show_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("offer_shows.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
