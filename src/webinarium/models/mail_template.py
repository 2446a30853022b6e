from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType


class MailTemplate(HasId, Base):
    """An account's own wording of one kind of mail in one language
    (`messaging.templates_store`): Jinja2 sources rendered in a sandbox with
    the facts the built-in template gets; without a row, the built-in one."""

    __tablename__ = "mail_templates"
    __table_args__ = (UniqueConstraint("account_id", "kind", "language"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
