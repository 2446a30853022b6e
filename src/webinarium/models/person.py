from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, HasTimestamps, IdType


class Person(HasId, HasTimestamps, Base):
    """Someone an account knows, once per account and e-mail. The id is the stable
    public id BigMarker calls ``bmid``."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("account_id", "email"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    custom_user_id: Mapped[str | None] = mapped_column(String(255), default=None)
    phone: Mapped[str] = mapped_column(String(32), default="")
    skype: Mapped[str] = mapped_column(String(64), default="")
    company: Mapped[str] = mapped_column(String(255), default="")
    department: Mapped[str] = mapped_column(String(255), default="")
    city: Mapped[str] = mapped_column(String(255), default="")
    born: Mapped[date | None] = mapped_column(default=None)
    # A picture shown instead of the webcam, in the file store (files/store.py).
    avatar_file_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("files.id", ondelete="SET NULL"), default=None
    )
    # A participant of the account (MyOwnConference's attendee list): set when the
    # person is created as one or registers for a conference.
    participant_since: Mapped[datetime | None] = mapped_column(default=None)
    # active | pending | banned
    participant_status: Mapped[str] = mapped_column(String(10), default="active")
    imported: Mapped[bool] = mapped_column(default=False)
