"""Webinarium's own webhook endpoints: the only way to read and change them.

An endpoint hears every domain event of its account (or the types it names;
of one conference if it names one). Its secret is made here and shown twice
only: in the answers of its creation and of a rotation. After a rotation the
old secret signs as well for ``ROTATION_WINDOW``, so a receiver can switch
without losing a message. Enabling a disabled endpoint sends what it missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.conferences.service import get_conference
from webinarium.events.types import EVENT_TYPES
from webinarium.kit.tenancy import ensure_owned
from webinarium.models import Account, WebhookAttempt, WebhookEndpoint, WebhookSigningSecret
from webinarium.webhooks import signing
from webinarium.webhooks.deliveries import requeue_missed
from webinarium.webhooks.errors import InvalidWebhookUrl, UnknownEventType, WebhookEndpointNotFound
from webinarium.webhooks.repository import EndpointRepository
from webinarium.webhooks.schemas import EndpointChange, EndpointInput

ROTATION_WINDOW = timedelta(hours=24)
# Why the server stopped sending: asked by the API (the others: webhooks.sending).
REQUESTED = "requested"


def _checked_url(url: str) -> str:
    """http or https with a host; where it points is checked at each send
    (the SSRF guard), as an address may change."""
    url = url.strip()
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in {"http", "https"} or not rest or rest.startswith("/"):
        raise InvalidWebhookUrl(f"url must be an http or https URL, not {url[:200]!r}")
    return url


def _checked_types(event_types: list[str] | str) -> list[str] | None:
    if event_types == "all":
        return None
    unknown = [name for name in event_types if name not in EVENT_TYPES]
    if unknown:
        raise UnknownEventType(
            f'unknown event type {unknown[0][:64]!r}: send "all" or names from'
            f" {', '.join(sorted(EVENT_TYPES))}"
        )
    if not event_types:
        raise UnknownEventType('event_types is empty: send "all" or at least one event type')
    return sorted(set(event_types))


async def _checked_conference(
    session: AsyncSession, account: Account, conference_id: str | None
) -> str | None:
    if conference_id is None:
        return None
    return (await get_conference(session, account, conference_id)).id


async def create_endpoint(
    session: AsyncSession, account: Account, given: EndpointInput
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        account_id=account.id,
        url=_checked_url(given.url),
        event_types=_checked_types(given.event_types),
        conference_id=await _checked_conference(session, account, given.conference_id),
        enabled=given.enabled,
        disabled_reason=None if given.enabled else REQUESTED,
        secret=signing.new_secret(),
    )
    EndpointRepository(session, account.id).add(endpoint)
    await session.flush()
    return endpoint


async def get_endpoint(
    session: AsyncSession, account: Account, endpoint_id: str
) -> WebhookEndpoint:
    endpoint = await EndpointRepository(session, account.id).endpoint(endpoint_id.strip())
    if endpoint is None:
        raise WebhookEndpointNotFound(f"webhook endpoint {endpoint_id[:40]} not found")
    return endpoint


async def last_attempt(
    session: AsyncSession, account: Account, endpoint: WebhookEndpoint
) -> WebhookAttempt | None:
    """The endpoint's latest attempt (its last error, while it fails)."""
    ensure_owned(account, endpoint)
    return await EndpointRepository(session, account.id).last_attempt(endpoint.id)


async def last_attempts(
    session: AsyncSession, account: Account, endpoints: list[WebhookEndpoint]
) -> dict[str, WebhookAttempt]:
    """`last_attempt` of each endpoint (by id) that has one: for a list."""
    for endpoint in endpoints:
        ensure_owned(account, endpoint)
    return await EndpointRepository(session, account.id).last_attempts([e.id for e in endpoints])


@dataclass(frozen=True)
class EndpointPage:
    items: list[WebhookEndpoint]
    # The value to ask for the next page with; None at the end.
    next_after: str | None


async def list_endpoints(
    session: AsyncSession, account: Account, after: str | None, limit: int
) -> EndpointPage:
    """The account's endpoints, oldest first."""
    rows = await EndpointRepository(session, account.id).endpoints(after, limit + 1)
    items = rows[:limit]
    return EndpointPage(items, items[-1].id if len(rows) > limit else None)


async def update_endpoint(
    session: AsyncSession,
    account: Account,
    endpoint: WebhookEndpoint,
    change: EndpointChange,
    now: datetime,
) -> WebhookEndpoint:
    """Changes what ``change`` names. Enabling a disabled endpoint sends what it
    missed: what was skipped while disabled, and what failed for good since its
    failures began."""
    ensure_owned(account, endpoint)
    given = change.model_fields_set
    if "url" in given:
        if change.url is None:
            raise InvalidWebhookUrl("url cannot be removed")
        endpoint.url = _checked_url(change.url)
    if "event_types" in given:
        if change.event_types is None:
            raise UnknownEventType('event_types: send "all" or a list of event types')
        endpoint.event_types = _checked_types(change.event_types)
    if "conference_id" in given:
        endpoint.conference_id = await _checked_conference(session, account, change.conference_id)
    if "enabled" in given and change.enabled is not None and change.enabled != endpoint.enabled:
        if change.enabled:
            since = endpoint.failing_since or endpoint.disabled_at or now
            endpoint.enabled = True
            endpoint.disabled_reason = None
            endpoint.disabled_at = None
            endpoint.failing_since = None
            endpoint.failing_notified_at = None
            await session.flush()
            await requeue_missed(session, endpoint, since)
        else:
            endpoint.enabled = False
            endpoint.disabled_reason = REQUESTED
            endpoint.disabled_at = now
    await session.flush()
    return endpoint


async def delete_endpoint(
    session: AsyncSession, account: Account, endpoint: WebhookEndpoint
) -> None:
    """Deletes the endpoint with its deliveries and their attempts (the
    database cascades); a send under way is not recorded."""
    ensure_owned(account, endpoint)
    await session.delete(endpoint)
    await session.flush()


def _rotated(secret: str, now: datetime) -> tuple[str, str, datetime]:
    return signing.new_secret(), secret, now + ROTATION_WINDOW


async def rotate_secret(
    session: AsyncSession, account: Account, endpoint: WebhookEndpoint, now: datetime
) -> WebhookEndpoint:
    """A new secret; the old one signs as well for ``ROTATION_WINDOW``."""
    ensure_owned(account, endpoint)
    endpoint.secret, endpoint.previous_secret, endpoint.previous_secret_until = _rotated(
        endpoint.secret, now
    )
    await session.flush()
    return endpoint


async def signing_secret(session: AsyncSession, account_id: str) -> WebhookSigningSecret:
    """The account's secret for BigMarker's per-webinar hooks, made at its
    first use (the first read of it, or the first message it signs)."""
    repository = EndpointRepository(session, account_id)
    secret = await repository.signing_secret()
    if secret is None:
        secret = await repository.first_signing_secret(signing.new_secret())
    return secret


async def rotate_signing_secret(
    session: AsyncSession, account: Account, now: datetime
) -> WebhookSigningSecret:
    secret = await signing_secret(session, account.id)
    secret.secret, secret.previous_secret, secret.previous_secret_until = _rotated(
        secret.secret, now
    )
    await session.flush()
    return secret
