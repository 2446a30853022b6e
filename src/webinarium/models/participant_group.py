from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, IdType


class ParticipantGroup(HasId, Base):
    """A named group of an account's participants."""

    __tablename__ = "participant_groups"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))


class ParticipantGroupMember(HasId, Base):
    __tablename__ = "participant_group_members"
    __table_args__ = (UniqueConstraint("group_id", "person_id"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("participant_groups.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
