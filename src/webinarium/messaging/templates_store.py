"""An account's own wording of its mails: per kind and language, the
subject, text and HTML as Jinja2 sources (`compose.TemplateSource`), rendered
in Jinja2's sandbox with the facts the built-in template gets. Services flush;
the caller commits.

A source is checked when it is saved: it must compile, and render with the
kind's sample facts (`sample_facts`: the same names a real mail of that kind
has), so a typo or a name the mail does not know is refused with its line.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, get_args

from jinja2 import TemplateError, TemplateSyntaxError
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.errors import InvalidInput
from webinarium.messaging.compose import (
    ENDPOINT_NOTICES,
    INVITATIONS,
    MAIL_KINDS,
    TEMPLATE_PARTS,
    Language,
    MailKind,
    Rendered,
    TemplateSource,
    Tracking,
    builtin_source,
    compile_source,
    render_source,
    shown_time,
    template_context,
)
from webinarium.messaging.repository import MailTemplateRepository
from webinarium.models import Account, MailTemplate

LANGUAGES: tuple[Language, ...] = get_args(Language)
# What the console calls each kind.
KIND_LABELS: dict[MailKind, str] = {
    "registration_confirmation": "Registration confirmation",
    "three_days_before": "Reminder three days before",
    "one_day_before": "Reminder one day before",
    "one_hour_before": "Reminder one hour before",
    "started": "The webinar has started",
    "follow_up": "Follow-up",
    "recording_available": "The recording is available",
    "cancellation": "Cancellation",
    "presenter_invitation": "Presenter invitation",
    "invitation": "Invitation",
    "webhook_endpoint_failing": "Webhook endpoint failing (to the owner)",
    "webhook_endpoint_disabled": "Webhook endpoint disabled (to the owner)",
}
# A source is a page of text, not a book.
MAX_SOURCE_CHARS = 50_000


class TemplateInvalid(InvalidInput):
    """A source that does not compile or render: ``errors`` by part."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{part}: {message}" for part, message in errors.items()))
        self.errors = errors


def is_kind(kind: str) -> bool:
    return kind in MAIL_KINDS


def sample_facts(kind: MailKind, language: Language, account: Account, name: str) -> dict[str, Any]:
    """Facts shaped like a real mail's of this kind (`messaging.reactions`,
    `messaging.endpoint_mails`, `invites.service`), for previews and tests."""
    soon = datetime(2030, 1, 15, 15, 0, tzinfo=UTC)
    if kind in ENDPOINT_NOTICES:
        return {
            "account_name": account.name,
            "url": "https://example.com/webhooks",
            "reason": "410 Gone" if kind == "webhook_endpoint_disabled" else None,
            "failing_since": shown_time(soon - timedelta(days=1), account.time_zone, language),
            "last_error": "HTTP 500",
            "endpoint_url": "https://webinarium.example/api/webinarium/v1/webhook_endpoints/1",
        }
    facts: dict[str, Any] = {
        "name": name,
        "title": "Sample webinar",
        "starts": shown_time(soon, account.time_zone, language),
        "account_name": account.name,
        "letter_text": "",
    }
    if kind == "cancellation":
        facts["webinar_cancelled"] = True
    elif kind in {"follow_up", "recording_available"}:
        facts |= {"attended": True, "recording_url": "https://webinarium.example/recording"}
    else:
        facts["enter_url"] = "https://webinarium.example/enter"
        if kind in INVITATIONS:
            facts["role"] = "presenter" if kind == "presenter_invitation" else "participant"
    return facts


SAMPLE_TRACKING = Tracking(
    track=lambda target: target,
    pixel_url="https://webinarium.example/mail/pixel.gif",
    unsubscribe_url="https://webinarium.example/mail/unsubscribe",
)


def check_source(
    kind: MailKind, language: Language, source: TemplateSource, account: Account
) -> Rendered:
    """The source rendered with sample facts, or `TemplateInvalid` with a
    message per part that fails."""
    errors: dict[str, str] = {}
    for part in TEMPLATE_PARTS:
        text = getattr(source, part)
        if not text.strip():
            errors[part] = "Must not be empty"
        elif len(text) > MAX_SOURCE_CHARS:
            errors[part] = f"At most {MAX_SOURCE_CHARS} characters"
        else:
            try:
                compile_source(part, text)
            except TemplateSyntaxError as error:
                errors[part] = f"Line {error.lineno}: {error.message}"
    if errors:
        raise TemplateInvalid(errors)
    facts = sample_facts(kind, language, account, "Ada")
    context = template_context(kind, facts, SAMPLE_TRACKING)
    for part in TEMPLATE_PARTS:
        try:
            compile_source(part, getattr(source, part)).render(context)
        except TemplateError as error:
            line = getattr(error, "lineno", None)
            errors[part] = f"Line {line}: {error}" if line else str(error.message or error)
        except Exception as error:  # what a template's expression raises (1/0, …)
            errors[part] = f"{type(error).__name__}: {error}"
    if errors:
        raise TemplateInvalid(errors)
    return render_source(kind, source, facts, SAMPLE_TRACKING)


async def override_of(
    session: AsyncSession, account: Account, kind: str, language: str
) -> TemplateSource | None:
    """The account's own sources for this kind and language, if any."""
    row = await MailTemplateRepository(session, account.id).find(kind, language)
    return None if row is None else TemplateSource(row.subject, row.text, row.html)


async def list_overrides(session: AsyncSession, account: Account) -> list[MailTemplate]:
    return await MailTemplateRepository(session, account.id).all()


async def source_for_editing(
    session: AsyncSession, account: Account, kind: MailKind, language: Language
) -> tuple[TemplateSource, bool]:
    """What the editor starts from, and whether it is the account's own."""
    own = await override_of(session, account, kind, language)
    return (own, True) if own is not None else (builtin_source(kind, language), False)


async def save_override(
    session: AsyncSession,
    account: Account,
    kind: MailKind,
    language: Language,
    source: TemplateSource,
    now: datetime,
) -> MailTemplate:
    """Keeps the account's sources once they render (`check_source`)."""
    check_source(kind, language, source, account)
    repository = MailTemplateRepository(session, account.id)
    row = await repository.find(kind, language)
    if row is None:
        row = MailTemplate(account_id=account.id, kind=kind, language=language)
        session.add(row)
    row.subject, row.text, row.html, row.updated_at = source.subject, source.text, source.html, now
    await repository.add(row)
    return row


async def reset_override(
    session: AsyncSession, account: Account, kind: MailKind, language: Language
) -> bool:
    """Back to the built-in template; whether there was an override."""
    repository = MailTemplateRepository(session, account.id)
    row = await repository.find(kind, language)
    if row is None:
        return False
    await repository.delete(row)
    return True
