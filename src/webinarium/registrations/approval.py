"""The organiser's approval of registrations, for a webinar whose
``registration_approval`` setting is on (`registrations.service` makes its
new registrations ``pending``).

- `approve`: pending → approved; the confirmation with the enter link is
  queued then (`messaging.reactions.queue_confirmation`, the letter a
  registration gets when no approval is asked).
- `deny`: pending → denied, and the registration is revoked like a removed
  registrant's (``registration.cancelled``: the cancellation mail, a short one,
  follows when the webinar sends those). Registering again makes a new pending
  registration.

No event of its own: registration.created announced the pending registration,
registration.cancelled announces the denied one; an approval is seen by the
confirmation mail it queues.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.errors import Conflict
from webinarium.messaging.reactions import queue_confirmation
from webinarium.models import Account, Registration
from webinarium.registrations.schemas import RegistrationApproval
from webinarium.registrations.service import revoke
from webinarium.settings import Settings


def _ensure_pending(registration: Registration) -> None:
    if registration.revoked_at is not None:
        raise Conflict("this registrant has been removed")
    if registration.approval != RegistrationApproval.PENDING:
        raise Conflict(f"this registration is {registration.approval.value} already")


async def approve(
    session: AsyncSession,
    settings: Settings,
    account: Account,
    registration: Registration,
    now: datetime,
) -> None:
    """Lets a pending registration in and queues its confirmation."""
    _ensure_pending(registration)
    registration.approval = RegistrationApproval.APPROVED
    await session.flush()
    await queue_confirmation(session, settings, account, registration, now)


async def deny(session: AsyncSession, account: Account, registration: Registration) -> None:
    """Refuses a pending registration: denied, and revoked."""
    _ensure_pending(registration)
    registration.approval = RegistrationApproval.DENIED
    await revoke(session, account, registration)
