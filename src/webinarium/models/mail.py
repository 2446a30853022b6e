from __future__ import annotations

from datetime import datetime
from enum import StrEnum, auto
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType, JSONType, enum_column_type


class MailState(StrEnum):
    """queued → sent (the SMTP server took it), kept (no SMTP server: the dev
    mailbox shows it), failed (refused for good, or retried to the end of the
    schedule) or suppressed (the address is on the account's suppression list)."""

    QUEUED = auto()
    SENT = auto()
    KEPT = auto()
    FAILED = auto()
    SUPPRESSED = auto()


class SuppressionReason(StrEnum):
    UNSUBSCRIBED = auto()
    BOUNCED = auto()
    COMPLAINED = auto()


class Mail(HasId, Base):
    """One e-mail to one address (`messaging`), rendered when it was asked for
    and kept with what became of it: the rows answer BigMarker's custom_emails
    analytics (sent, delivered, bounced, opened, clicked, unsubscribed; see
    docs/email.md). ``attachments``: [{filename, content_type, text}] (the .ics)."""

    __tablename__ = "mails"
    __table_args__ = (
        # A conference's mails by kind (the letters' and custom e-mails' counts).
        Index("ix_mails_conference_id_kind", "conference_id", "kind"),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    # registration_confirmation, three_days_before, one_day_before,
    # one_hour_before, started, follow_up, recording_available, cancellation,
    # presenter_invitation, invitation… (`messaging.compose.MailKind`).
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(320))
    # Erasing the person erases their mails (their address, their name in the
    # text); the suppression list keeps the address, so it stays unmailed.
    person_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), default=None, index=True
    )
    registration_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("registrations.id", ondelete="SET NULL"), default=None
    )
    conference_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="SET NULL"), default=None
    )
    language: Mapped[str] = mapped_column(String(8), default="en")
    subject: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    state: Mapped[MailState] = mapped_column(
        enum_column_type(MailState, "mail_state"), default=MailState.QUEUED
    )
    # SMTP attempts made.
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    # The receiving server refused the address for good (a 5xx to RCPT or DATA).
    bounced_at: Mapped[datetime | None] = mapped_column(default=None)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    clicked_at: Mapped[datetime | None] = mapped_column(default=None)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)


class Suppression(HasId, Base):
    """An address the account never mails again: it unsubscribed, its server
    refused it for good, or it complained."""

    __tablename__ = "mail_suppressions"
    __table_args__ = (UniqueConstraint("account_id", "address"),)

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(String(320))
    reason: Mapped[SuppressionReason] = mapped_column(
        enum_column_type(SuppressionReason, "suppression_reason")
    )
    # The mail that brought it (its unsubscribe link, its bounce), if one did.
    mail_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("mails.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
