"""What the worker runs, in one place: the handler of each kind of job, and
the reactions to domain events.

A reaction is given every event the outbox hands over, in the transaction that
marks it handed over, and picks the ones it cares about; it only writes rows
(deliveries, mails, their jobs), never talks to the outside world.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.api.bigmarker.webhook_payloads import deliver_bigmarker_hooks
from webinarium.media import recording
from webinarium.messaging.endpoint_mails import mail_owner_about_endpoint
from webinarium.messaging.reactions import mail_for_event
from webinarium.messaging.sending import send_mail
from webinarium.messaging.service import SEND_JOB
from webinarium.models import OutboxEvent
from webinarium.webhooks import deliveries, sending
from webinarium.worker.jobs import JobHandler, WorkerContext

Reaction = Callable[[AsyncSession, OutboxEvent, WorkerContext], Awaitable[None]]

HANDLERS: dict[str, JobHandler] = {
    SEND_JOB: send_mail,
    deliveries.DELIVER: sending.deliver,
    recording.PROCESS_JOB: recording.process_recording,
}

REACTIONS: tuple[Reaction, ...] = (
    # The mails an event asks for (confirmations, reminders, letters).
    mail_for_event,
    # The account owner's notices about a failing or disabled webhook endpoint.
    mail_owner_about_endpoint,
    # A delivery per endpoint listening (Webinarium's own webhooks).
    deliveries.deliver_event,
    # A delivery per BigMarker per-webinar hook the event triggers.
    deliver_bigmarker_hooks,
    # Recording from the webinar's start (auto_record) and stopped at its end.
    recording.record_with_the_webinar,
)
