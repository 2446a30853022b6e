from __future__ import annotations

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
