"""Every query of the mails and the suppression list, for one account; and
the one the sending job runs before it knows the account (`mail_to_send`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, func, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from webinarium.kit.ids import new_id
from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository, dialect_insert
from webinarium.models import (
    Mail,
    MailState,
    MailTemplate,
    Person,
    Suppression,
    SuppressionReason,
)


@dataclass(frozen=True)
class KindCounts:
    """What became of a conference's mails of one kind (docs/email.md, Counting)."""

    kind: str
    sent: int
    delivered: int
    bounced: int
    opened: int
    clicked: int
    unsubscribed: int


# What a reader's mail went through, each with the moment it happened
# (`MailRepository.actions`): the column that holds the moment, and what else
# must hold. "withheld": the address was on the suppression list already.
_ACTIONS: dict[str, tuple[QueryableAttribute[Any], ColumnElement[bool] | None]] = {
    "delivered": (Mail.sent_at, Mail.state == MailState.SENT),
    "opened": (Mail.opened_at, None),
    "clicked": (Mail.clicked_at, None),
    "bounced": (Mail.bounced_at, None),
    "unsubscribed": (Mail.unsubscribed_at, None),
    "withheld": (Mail.created_at, Mail.state == MailState.SUPPRESSED),
}
ACTIONS = tuple(_ACTIONS)


class MailRepository(TenantRepository[Mail]):
    model = Mail

    async def suppressed(self, address: str) -> bool:
        found = await self.session.scalar(
            select(Suppression.id).where(
                self._of_account(Suppression), Suppression.address == address
            )
        )
        return found is not None

    async def suppress(
        self, address: str, reason: SuppressionReason, at: datetime, mail_id: str | None
    ) -> None:
        """Puts the address on the list; one already there keeps its first reason."""
        await self.session.execute(
            dialect_insert(self.session, Suppression)
            .values(
                id=new_id(),
                account_id=self.account_id,
                address=address,
                reason=reason,
                mail_id=mail_id,
                at=at,
            )
            .on_conflict_do_nothing(index_elements=["account_id", "address"])
        )

    async def kinds_handed_over(self, conference_id: str) -> set[str]:
        """The kinds of the conference's mails that went out: taken by the
        SMTP server, or kept for the dev mailbox where there is none."""
        rows = await self.session.scalars(
            select(Mail.kind)
            .where(
                self._of_account(Mail),
                Mail.conference_id == conference_id,
                Mail.state.in_((MailState.SENT, MailState.KEPT)),
            )
            .distinct()
        )
        return set(rows)

    async def registrations_mailed(
        self, conference_id: str, kind: str, before: datetime
    ) -> set[str]:
        """The conference's registrations with a mail of ``kind`` asked for before ``before``."""
        rows = await self.session.scalars(
            select(Mail.registration_id)
            .where(
                self._of_account(Mail),
                Mail.conference_id == conference_id,
                Mail.kind == kind,
                Mail.created_at < before,
                Mail.registration_id.is_not(None),
            )
            .distinct()
        )
        return {registration_id for registration_id in rows if registration_id is not None}

    async def has_mail(self, person_id: str, registration_id: str, kind: str) -> bool:
        """Read by the person (an indexed column): a person has few mails."""
        found = await self.session.scalar(
            select(Mail.id)
            .where(
                self._of_account(Mail),
                Mail.person_id == person_id,
                Mail.registration_id == registration_id,
                Mail.kind == kind,
            )
            .limit(1)
        )
        return found is not None

    async def state_counts(self, since: datetime) -> dict[MailState, int]:
        """How many of the account's mails asked for since ``since`` are in
        each state."""
        rows = await self.session.execute(
            select(Mail.state, func.count())
            .where(self._of_account(), Mail.created_at >= since)
            .group_by(Mail.state)
        )
        return dict(rows.all())

    async def last_failure(self) -> Mail | None:
        """The newest mail whose last attempt failed (failed for good, or
        waiting for its next try)."""
        return await self.session.scalar(
            self._select()
            .where(Mail.error.is_not(None))
            .order_by(Mail.created_at.desc(), Mail.id.desc())
            .limit(1)
        )

    async def kind_counts(self, conference_id: str) -> list[KindCounts]:
        """The counts of each kind of the conference's mails, for the kinds it has."""

        def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
            return func.count().filter(condition)

        rows = await self.session.execute(
            select(
                Mail.kind,
                count(Mail.attempts > 0),
                count(Mail.state == MailState.SENT),
                count(Mail.bounced_at.is_not(None)),
                count(Mail.opened_at.is_not(None)),
                count(Mail.clicked_at.is_not(None)),
                count(Mail.unsubscribed_at.is_not(None)),
            )
            .where(self._of_account(), Mail.conference_id == conference_id)
            .group_by(Mail.kind)
        )
        return [KindCounts(*row) for row in rows]

    async def actions(
        self,
        conference_id: str,
        kind: str,
        actions: Collection[str],
        since: datetime | None,
        until: datetime | None,
        request: PageRequest | None,
    ) -> tuple[list[tuple[str, datetime, str, str, str | None, str | None, str | None]], int]:
        """What the readers of the conference's mails of ``kind`` did (``actions``,
        some of `ACTIONS`) between ``since`` and ``until`` (both included), oldest
        first: (action, at, address, subject, person id, first name, last name),
        the page ``request`` asks for (all when None), and how many in all."""
        of_these = (self._of_account(), Mail.conference_id == conference_id, Mail.kind == kind)
        parts = []
        for action in actions:
            column, condition = _ACTIONS[action]
            conditions = [*of_these, column.is_not(None)]
            if condition is not None:
                conditions.append(condition)
            if since is not None:
                conditions.append(column >= since)
            if until is not None:
                conditions.append(column <= until)
            parts.append(
                select(
                    Mail.id.label("mail_id"),
                    literal_column(f"'{action}'", String).label("action"),
                    column.label("at"),
                ).where(*conditions)
            )
        happened = union_all(*parts).subquery()
        total = await self.session.scalar(select(func.count()).select_from(happened)) or 0
        query = (
            select(
                happened.c.action,
                happened.c.at,
                Mail.to_address,
                Mail.subject,
                Mail.person_id,
                Person.first_name,
                Person.last_name,
            )
            .join(Mail, Mail.id == happened.c.mail_id)
            .outerjoin(Person, Person.id == Mail.person_id)
            .order_by(happened.c.at, happened.c.mail_id, happened.c.action)
        )
        if request is not None:
            query = query.offset(request.offset).limit(request.per_page)
        rows = await self.session.execute(query)
        return [
            (a, at, to, subject, pid, first, last) for a, at, to, subject, pid, first, last in rows
        ], total


async def mail_to_send(session: AsyncSession, mail_id: str) -> Mail | None:
    """The mail a job names (the job carries its account: the mail row says
    which, and every later step goes through the account's repository)."""
    return await session.get(Mail, mail_id)


async def kept_mails(session: AsyncSession, limit: int) -> list[Mail]:
    """Every account's kept mails, newest first: the dev mailbox shows the
    whole server's (development only)."""
    rows = await session.scalars(
        select(Mail)
        .where(Mail.state == MailState.KEPT)
        .order_by(Mail.created_at.desc(), Mail.id.desc())
        .limit(limit)
    )
    return list(rows)


async def kept_mail(session: AsyncSession, mail_id: str) -> Mail | None:
    return await session.scalar(
        select(Mail).where(Mail.id == mail_id, Mail.state == MailState.KEPT)
    )


class MailTemplateRepository(TenantRepository[MailTemplate]):
    """The account's own mail templates (`messaging.templates_store`)."""

    model = MailTemplate

    async def find(self, kind: str, language: str) -> MailTemplate | None:
        return await self.session.scalar(
            self._select().where(MailTemplate.kind == kind, MailTemplate.language == language)
        )

    async def all(self) -> list[MailTemplate]:
        rows = await self.session.scalars(
            self._select().order_by(MailTemplate.kind, MailTemplate.language)
        )
        return list(rows)
