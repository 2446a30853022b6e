"""The ``mail.send`` job: one mail to the SMTP server, or into the dev mailbox.

No SMTP server configured (``WEBINARIUM_SMTP_URL`` empty): the mail is
``kept`` and shown at /dev/mail. Otherwise it is sent, with no transaction
open while the server talks. A transient failure is tried again on
`RETRY_SCHEDULE`; after its last step the mail is ``failed``. A permanent
refusal of the address makes it ``failed`` at once and puts the address on the
account's suppression list (bounced). A mail whose address was suppressed
after it was asked for is not sent (``suppressed``).

At least once, like every job: a worker that dies between the server's
acceptance and the record of it sends the mail again after its lease, with
the same Message-ID.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import get_account
from webinarium.messaging import repository, service
from webinarium.messaging.message import email_message
from webinarium.messaging.smtp import Failed, Refused, Sent, deliver, smtp_server
from webinarium.models import Mail, MailState, SuppressionReason
from webinarium.worker.jobs import Done, GiveUp, JobContext, Outcome, RetryAt

# Waits after the 1st, 2nd, … failed attempt: a server restarted or a network
# blip is over in minutes, a day's outage in the last steps (about 21 hours
# in all); the 7th failure gives up.
RETRY_SCHEDULE = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
)


async def _mail(session: AsyncSession, mail_id: str) -> Mail | None:
    mail = await repository.mail_to_send(session, mail_id)
    return mail if mail is not None and mail.state == MailState.QUEUED else None


async def send_mail(context: JobContext, mail_id: str) -> Outcome:
    outcome, counted_as = await _send(context, mail_id)
    if counted_as is not None:
        context.metrics.mails.labels(counted_as).inc()
    return outcome


async def _send(context: JobContext, mail_id: str) -> tuple[Outcome, str | None]:
    """What is left to do, and the outcome /metrics counts (None: nothing was
    tried, the mail was sent or deleted meanwhile)."""
    settings = context.settings
    async with context.database.transaction() as session:
        mail = await _mail(session, mail_id)
        if mail is None:  # sent, or deleted with its account, meanwhile
            return Done(), None
        account = await get_account(session, mail.account_id)
        if await service.is_suppressed(session, account, mail.to_address):
            mail.state = MailState.SUPPRESSED
            return Done(), "suppressed"
        if not settings.smtp_url:
            mail.state = MailState.KEPT
            return Done(), "kept"
        message = email_message(mail, settings, context.clock.now())
    delivery = await deliver(smtp_server(settings.smtp_url), message, settings.smtp_timeout_seconds)
    now = context.clock.now()
    async with context.database.transaction() as session:
        mail = await _mail(session, mail_id)
        if mail is None:
            return Done(), None
        mail.attempts += 1
        match delivery:
            case Sent():
                mail.state, mail.sent_at, mail.error = MailState.SENT, now, None
                return Done(), "sent"
            case Refused(reason):
                mail.state, mail.bounced_at, mail.error = MailState.FAILED, now, reason[:2000]
                account = await get_account(session, mail.account_id)
                await service.suppress(
                    session, account, mail.to_address, SuppressionReason.BOUNCED, now, mail=mail
                )
                return Done(), "failed"
            case Failed(reason):
                mail.error = reason[:2000]
                if context.attempt > len(RETRY_SCHEDULE):
                    mail.state = MailState.FAILED
                    return GiveUp(reason), "failed"
                return RetryAt(now + RETRY_SCHEDULE[context.attempt - 1], reason), "retrying"
