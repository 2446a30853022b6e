"""Every query of the mails and the suppression list, for one account; and
the one the sending job runs before it knows the account (`mail_to_send`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.ids import new_id
from webinarium.kit.repository import TenantRepository, dialect_insert
from webinarium.models import Mail, MailState, Suppression, SuppressionReason


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
