"""Mail: asking for one (`queue_mail`), what became of it, what its reader
did with it. Services flush; the caller commits.

A mail is rendered when it is asked for (the facts of that moment: the
title, the start, the person's link) and kept as rendered; the worker's
``mail.send`` job (`messaging.sending`) sends it after the commit. An address
on the account's suppression list is never mailed: its mail is stored as
``suppressed`` and no job is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.ids import new_id
from webinarium.kit.tenancy import ensure_owned
from webinarium.messaging import links, repository, templates_store
from webinarium.messaging.compose import Language, MailKind, Tracking, render
from webinarium.messaging.errors import MailNotFound
from webinarium.messaging.repository import MailRepository
from webinarium.models import (
    Account,
    Conference,
    Mail,
    MailState,
    Registration,
    SuppressionReason,
)
from webinarium.people.service import normalize_email
from webinarium.settings import Settings
from webinarium.worker.jobs import enqueue

SEND_JOB = "mail.send"


@dataclass(frozen=True)
class Letter:
    """A mail to ask for: its kind, to whom, about what, and the facts its
    templates show (`messaging.compose`)."""

    kind: MailKind
    language: Language
    to_address: str
    facts: dict[str, Any]
    conference_id: str | None = None
    person_id: str | None = None
    registration_id: str | None = None
    # [{filename, content_type, text}]
    attachments: list[dict[str, str]] = field(default_factory=list)
    # A mail the person asked for (a password reset): sent even to a suppressed address.
    transactional: bool = False


def _tracking(settings: Settings, account_id: str, mail_id: str) -> Tracking:
    base, key = settings.base_url, settings.secret_key
    return Tracking(
        track=lambda target: links.click_url(base, key, account_id, mail_id, target),
        pixel_url=links.open_pixel_url(base, key, account_id, mail_id),
        unsubscribe_url=links.unsubscribe_url(base, key, account_id, mail_id),
    )


async def queue_mail(
    session: AsyncSession, account: Account, settings: Settings, letter: Letter, now: datetime
) -> Mail:
    """Renders the letter into a mail row and asks the worker to send it after
    the commit, unless the address is suppressed."""
    address = normalize_email(letter.to_address)
    repository = MailRepository(session, account.id)
    mail_id = new_id()
    override = await templates_store.override_of(session, account, letter.kind, letter.language)
    rendered = render(
        letter.kind,
        letter.language,
        letter.facts,
        _tracking(settings, account.id, mail_id),
        override,
    )
    suppressed = not letter.transactional and await repository.suppressed(address)
    mail = Mail(
        id=mail_id,
        account_id=account.id,
        kind=letter.kind,
        to_address=address,
        person_id=letter.person_id,
        registration_id=letter.registration_id,
        conference_id=letter.conference_id,
        language=letter.language,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        attachments=letter.attachments,
        state=MailState.SUPPRESSED if suppressed else MailState.QUEUED,
        created_at=now,
    )
    await repository.add(mail)
    if not suppressed:
        enqueue(session, SEND_JOB, account_id=account.id, ref_id=mail.id)
    return mail


@dataclass(frozen=True)
class MailHealth:
    """The account's mail of the last day, for the console's SMTP status."""

    counts: dict[MailState, int]
    last_failure: Mail | None


# What "recent" means on the SMTP status page.
HEALTH_WINDOW = timedelta(hours=24)


async def mail_health(session: AsyncSession, account: Account, now: datetime) -> MailHealth:
    repository = MailRepository(session, account.id)
    counts = await repository.state_counts(now - HEALTH_WINDOW)
    return MailHealth(
        counts={state: counts.get(state, 0) for state in MailState},
        last_failure=await repository.last_failure(),
    )


async def get_mail(session: AsyncSession, account: Account, mail_id: str) -> Mail:
    mail = await MailRepository(session, account.id).get(mail_id)
    if mail is None:
        raise MailNotFound("this mail is not known")
    return mail


async def is_suppressed(session: AsyncSession, account: Account, address: str) -> bool:
    return await MailRepository(session, account.id).suppressed(normalize_email(address))


async def suppress(
    session: AsyncSession,
    account: Account,
    address: str,
    reason: SuppressionReason,
    now: datetime,
    *,
    mail: Mail | None = None,
) -> None:
    """Puts the address on the account's suppression list (for good: one
    already there keeps its first reason)."""
    if mail is not None:
        ensure_owned(account, mail)
    await MailRepository(session, account.id).suppress(
        normalize_email(address), reason, now, mail.id if mail else None
    )


async def record_open(session: AsyncSession, account: Account, mail_id: str, now: datetime) -> None:
    """The reader's client loaded the pixel: the first time is kept."""
    mail = await get_mail(session, account, mail_id)
    if mail.opened_at is None:
        mail.opened_at = now
        await session.flush()


async def record_click(
    session: AsyncSession, account: Account, mail_id: str, now: datetime
) -> None:
    """The reader followed a link of the mail: the first time is kept. A click
    is an open too (images are often blocked)."""
    mail = await get_mail(session, account, mail_id)
    if mail.clicked_at is None:
        mail.clicked_at = now
    if mail.opened_at is None:
        mail.opened_at = now
    await session.flush()


async def unsubscribe(session: AsyncSession, account: Account, mail_id: str, now: datetime) -> Mail:
    """The reader asks for no more mail: the mail records it, and its address
    goes on the account's suppression list."""
    mail = await get_mail(session, account, mail_id)
    if mail.unsubscribed_at is None:
        mail.unsubscribed_at = now
    await suppress(
        session, account, mail.to_address, SuppressionReason.UNSUBSCRIBED, now, mail=mail
    )
    await session.flush()
    return mail


async def letters_sent(session: AsyncSession, account: Account, conference: Conference) -> set[str]:
    """The kinds of mail (`compose.MailKind`) that went out about the
    conference, to anyone: MyOwnConference's letters are "end" once sent."""
    ensure_owned(account, conference)
    return await MailRepository(session, account.id).kinds_handed_over(conference.id)


async def registrations_mailed(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    kind: MailKind,
    *,
    before: datetime,
) -> set[str]:
    """The ids of the conference's registrations that were mailed ``kind``
    (asked for, whatever became of it) before ``before``."""
    ensure_owned(account, conference)
    return await MailRepository(session, account.id).registrations_mailed(
        conference.id, kind, before
    )


async def invitation_mailed(
    session: AsyncSession, account: Account, registration: Registration
) -> bool:
    """Whether the registration's invitation (Boomstream's invite with
    notifyEmail, `invites.service.mail_invitation`) was mailed: it carries the
    link the registration's confirmation would, so it stands for it."""
    return await MailRepository(session, account.id).has_mail(
        registration.person_id, registration.id, "invitation"
    )


async def kept_mails(session: AsyncSession, limit: int) -> list[Mail]:
    """The dev mailbox (development only): every account's kept mails, newest first."""
    return await repository.kept_mails(session, limit)


async def kept_mail(session: AsyncSession, mail_id: str) -> Mail:
    mail = await repository.kept_mail(session, mail_id)
    if mail is None:
        raise MailNotFound("the dev mailbox has no such mail")
    return mail
