"""What became of a webinar's mails, kind by kind: BigMarker's custom e-mails
(`api.bigmarker.custom_emails`).

A custom e-mail is one kind of mail (`compose.MailKind`) about one conference:
its id is ``<conference id>.<kind>`` (``custom_email_id``), made from the two,
so nothing is stored for it and every kind of every webinar has one, mails or
not. `custom_emails_of` lists a conference's that have mails; the counts are
docs/email.md's (Counting)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.service import get_conference
from webinarium.kit.pagination import PageRequest
from webinarium.messaging.compose import MAIL_KINDS
from webinarium.messaging.repository import ACTIONS, KindCounts, MailRepository
from webinarium.models import Account, Conference
from webinarium.people.names import full_name

SEPARATOR = "."
# What a reader's mail went through (`repository.ACTIONS`); the last three
# put (or found) the address on the suppression list.
SUPPRESSIONS = ("bounced", "unsubscribed", "withheld")


@dataclass(frozen=True)
class CustomEmail:
    conference: Conference
    kind: str

    @property
    def id(self) -> str:
        return custom_email_id(self.conference.id, self.kind)


@dataclass(frozen=True)
class Action:
    """One thing that happened to one mail: ``action`` one of `repository.ACTIONS`."""

    action: str
    at: datetime
    recipient: str
    recipient_name: str
    person_id: str | None
    subject: str


@dataclass(frozen=True)
class Statistics:
    custom_email: CustomEmail
    counts: KindCounts


def custom_email_id(conference_id: str, kind: str) -> str:
    return f"{conference_id}{SEPARATOR}{kind}"


async def get_custom_email(
    session: AsyncSession, account: Account, custom_email_id: str
) -> CustomEmail:
    """The account's custom e-mail of that id; `ConferenceNotFound` for an id
    that names no kind of mail, or another account's conference."""
    conference_id, _, kind = custom_email_id.strip().rpartition(SEPARATOR)
    if kind not in MAIL_KINDS or not conference_id:
        raise ConferenceNotFound(f"custom e-mail {custom_email_id} not found")
    return CustomEmail(await get_conference(session, account, conference_id), kind)


async def custom_emails_of(
    session: AsyncSession, account: Account, conference_id: str
) -> list[Statistics]:
    """The conference's custom e-mails that have mails, in `MAIL_KINDS` order, with their counts."""
    conference = await get_conference(session, account, conference_id)
    counts = await MailRepository(session, account.id).kind_counts(conference.id)
    by_kind = {c.kind: c for c in counts}
    return [
        Statistics(CustomEmail(conference, kind), by_kind[kind])
        for kind in MAIL_KINDS
        if kind in by_kind
    ]


async def statistics(session: AsyncSession, account: Account, email: CustomEmail) -> Statistics:
    counts = await MailRepository(session, account.id).kind_counts(email.conference.id)
    found = next((c for c in counts if c.kind == email.kind), None)
    return Statistics(email, found or KindCounts(email.kind, 0, 0, 0, 0, 0, 0))


async def actions(
    session: AsyncSession,
    account: Account,
    email: CustomEmail,
    kinds: Collection[str] = ACTIONS,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    request: PageRequest | None = None,
) -> tuple[list[Action], int]:
    """What the readers of the custom e-mail did, oldest first, of ``kinds``
    (some of `repository.ACTIONS`), between ``since`` and ``until`` (included):
    the page ``request`` asks for (all when None), and how many in all."""
    rows, total = await MailRepository(session, account.id).actions(
        email.conference.id, email.kind, kinds, since, until, request
    )
    items = [
        Action(
            action=action,
            at=at,
            recipient=address,
            recipient_name=full_name(_Name(first or "", last or "")),
            person_id=person_id,
            subject=subject,
        )
        for action, at, address, subject, person_id, first, last in rows
    ]
    return items, total


@dataclass(frozen=True)
class _Name:
    first_name: str
    last_name: str
