from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class Job(HasId, Base):
    """Work the worker runs after the commit that asked for it (`worker.jobs`):
    ``kind`` names the handler (`worker.wiring.HANDLERS`), ``ref_id`` the row it
    works on (a webhook delivery, a mail).

    A job is due from ``due_at``. A worker that takes it holds it until
    ``leased_until``: if that worker dies, the job is taken again once the lease
    has passed. A finished job (done or given up) is deleted: what happened is
    kept by the row it worked on, and the table stays as small as the work left.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_due_at", "due_at"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    ref_id: Mapped[str] = mapped_column(IdType)
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Attempts started, the running one included.
    attempts: Mapped[int] = mapped_column(default=0)
    leased_until: Mapped[datetime | None] = mapped_column(default=None)
    leased_by: Mapped[str | None] = mapped_column(String(64), default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
