"""A mail row as the message that goes over SMTP: its headers (the same the
dev mailbox shows), its text and HTML, its attachments."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from webinarium.messaging.links import unsubscribe_url
from webinarium.models import Mail
from webinarium.settings import Settings


def headers(mail: Mail, settings: Settings, now: datetime) -> list[tuple[str, str]]:
    """The message's headers. List-Unsubscribe with List-Unsubscribe-Post
    (RFC 8058): a mail client unsubscribes with one click, by a POST to the
    mail's unsubscribe link."""
    host = urlsplit(settings.base_url).hostname or "localhost"
    unsubscribe = unsubscribe_url(settings.base_url, settings.secret_key, mail.account_id, mail.id)
    return [
        ("From", settings.mail_from),
        ("To", mail.to_address),
        ("Subject", mail.subject),
        ("Date", format_datetime(now)),
        # One id per mail row: a receiver that gets it twice (a retry after a
        # lost answer) can tell.
        ("Message-ID", f"<{mail.id}@{host}>"),
        ("List-Unsubscribe", f"<{unsubscribe}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ("Auto-Submitted", "auto-generated"),
    ]


def email_message(mail: Mail, settings: Settings, now: datetime) -> EmailMessage:
    message = EmailMessage()
    for name, value in headers(mail, settings, now):
        message[name] = value
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    for attachment in mail.attachments:
        # Text attachments only (the .ics): "text/<subtype>".
        _, _, subtype = attachment["content_type"].partition("/")
        message.add_attachment(
            attachment["text"],
            subtype=subtype or "plain",
            filename=attachment["filename"],
            params={"method": "PUBLISH"} if subtype == "calendar" else {},
        )
    return message
