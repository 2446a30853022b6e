"""The account owner's mails about a webhook endpoint (a reaction,
`worker.wiring.REACTIONS`):

- webhook_endpoint.failing → ``webhook_endpoint_failing``: every attempt has
  failed for 24 hours, and the endpoint is disabled if that goes on for 3 days;
- webhook_endpoint.disabled → ``webhook_endpoint_disabled``: the server
  disabled it (3 days of failures, or a 410).

Each says the endpoint's URL, since when it fails, its last error and how to
enable it again (``PATCH …/webhook_endpoints/{id}`` with ``{"enabled": true}``,
which sends what it missed). They go to the account's e-mail address (the
owner's, given when the account was made), in the account's language (Russian
where it says so, else English). A notice the endpoint no longer needs when the
worker hands the event over (it answered since, it was enabled again, it was
deleted) is not sent.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import get_account
from webinarium.events.types import (
    EVENT_TYPES,
    WebhookEndpointDisabled,
    WebhookEndpointEvent,
    WebhookEndpointFailing,
)
from webinarium.messaging.compose import MailKind, mail_language, shown_time
from webinarium.messaging.service import Letter, queue_mail
from webinarium.models import OutboxEvent
from webinarium.webhooks.endpoints import get_endpoint, last_attempt
from webinarium.webhooks.errors import WebhookEndpointNotFound
from webinarium.worker.jobs import WorkerContext

_KINDS: dict[str, MailKind] = {
    WebhookEndpointFailing.type: "webhook_endpoint_failing",
    WebhookEndpointDisabled.type: "webhook_endpoint_disabled",
}


async def mail_owner_about_endpoint(
    session: AsyncSession, event: OutboxEvent, context: WorkerContext
) -> None:
    """The reaction: the owner's notice ``event`` asks for, if any."""
    kind = _KINDS.get(event.type)
    if kind is None:
        return
    typed = EVENT_TYPES[event.type].model_validate(
        {**event.payload, "account_id": event.account_id}
    )
    assert isinstance(typed, WebhookEndpointEvent)
    account = await get_account(session, event.account_id)
    try:
        endpoint = await get_endpoint(session, account, typed.endpoint_id)
    except WebhookEndpointNotFound:  # deleted since
        return
    failing = isinstance(typed, WebhookEndpointFailing)
    if failing and (endpoint.failing_since is None or not endpoint.enabled):
        return  # it answered since; or it is disabled, and that notice follows
    if not failing and endpoint.enabled:
        return  # enabled again already
    language = mail_language(account.language)
    attempt = await last_attempt(session, account, endpoint)
    facts = {
        "account_name": account.name,
        "url": endpoint.url,
        "reason": typed.reason if isinstance(typed, WebhookEndpointDisabled) else None,
        "failing_since": (
            shown_time(endpoint.failing_since, account.time_zone, language)
            if endpoint.failing_since
            else None
        ),
        "last_error": attempt.summary if attempt else None,
        "endpoint_url": (
            f"{context.settings.base_url.rstrip('/')}/api/webinarium/v1/webhook_endpoints/"
            f"{endpoint.id}"
        ),
    }
    letter = Letter(kind=kind, language=language, to_address=account.email, facts=facts)
    await queue_mail(session, account, context.settings, letter, context.clock.now())
