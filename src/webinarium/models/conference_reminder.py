from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base, HasId, IdType


class ConferenceReminder(HasId, Base):
    """A reminder's time came for a conference (`scheduler.reminders`): one row
    per conference and ``kind`` (``three_days_before``, ``one_day_before``,
    ``one_hour_before``), written in the transaction that emits its
    ``conference.reminder_due`` — the unique row is how a reminder goes out once
    across restarts and schedulers. ``sent`` is false for a reminder passed
    over: its time came before the conference was created, or a later reminder
    was due at once (caught up after an outage)."""

    __tablename__ = "conference_reminders"
    __table_args__ = (UniqueConstraint("conference_id", "kind"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(20))
    # The time it was meant for, and when the scheduler reached it.
    due_at: Mapped[datetime]
    reached_at: Mapped[datetime]
    sent: Mapped[bool]
