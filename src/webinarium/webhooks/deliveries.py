"""Deliveries: one message per endpoint (or per-webinar subscription) and
event, made by the worker's reaction to the event (`deliver_event`) or by
`queue_delivery` for BigMarker's per-webinar hooks, and sent by the
``webhook.deliver`` job (`sending.deliver`).

The body is frozen when the delivery is made, and the delivery's id is the
``webhook-id`` of every attempt: a retry, a redelivery, a run after a crash
send the same bytes under the same id, so a receiver de-duplicates by it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.ids import new_id
from webinarium.kit.time import utcnow
from webinarium.models import (
    Account,
    DeliveryStatus,
    OutboxEvent,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookSubscription,
)
from webinarium.webhooks.errors import (
    WebhookDeliveryNotFound,
    WebhookDeliveryPending,
    WebhookEndpointDisabled,
)
from webinarium.webhooks.messages import EventMessage
from webinarium.webhooks.repository import EndpointRepository
from webinarium.worker.jobs import WorkerContext, enqueue

DELIVER = "webhook.deliver"
TEST_EVENT = "webhook.test"


def frozen_body(body: dict[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def _add(session: AsyncSession, delivery: WebhookDelivery, enabled: bool) -> WebhookDelivery:
    """Keeps the new delivery: sent after the commit, or skipped (its endpoint
    is disabled)."""
    if enabled:
        delivery.next_attempt_at = delivery.created_at
        session.add(delivery)
        enqueue(session, DELIVER, account_id=delivery.account_id, ref_id=delivery.id)
    else:
        delivery.status = DeliveryStatus.SKIPPED
        delivery.ended_at = delivery.created_at
        session.add(delivery)
    return delivery


async def queue_delivery(
    session: AsyncSession,
    event: OutboxEvent,
    *,
    url: str,
    body: dict[str, Any],
    endpoint: WebhookEndpoint | None = None,
    subscription: WebhookSubscription | None = None,
) -> WebhookDelivery:
    """A delivery of ``event`` to one endpoint or one subscription, sent after
    the commit. For a subscription (BigMarker's per-webinar hooks) ``body`` is
    sent as it is, signed with the account's signing secret for per-webinar
    hooks; for an endpoint, with the endpoint's secret. A disabled endpoint's
    delivery is kept as skipped (enabling it sends it)."""
    owner = endpoint or subscription
    if owner is None or (endpoint is not None and subscription is not None):
        raise ValueError("a delivery is for an endpoint or for a subscription")
    if owner.account_id != event.account_id:
        raise PermissionError("an event of another account was given for a webhook")
    delivery = WebhookDelivery(
        id=new_id(),
        account_id=event.account_id,
        endpoint_id=endpoint.id if endpoint else None,
        subscription_id=subscription.id if subscription else None,
        event_id=event.id,
        event_type=event.type,
        sequence=event.sequence,
        url=url,
        body=frozen_body(body),
        created_at=utcnow(),
    )
    return _add(session, delivery, endpoint.enabled if endpoint else True)


def listens(endpoint: WebhookEndpoint, event: OutboxEvent) -> bool:
    if endpoint.event_types is not None and event.type not in endpoint.event_types:
        return False
    return endpoint.conference_id is None or endpoint.conference_id == event.payload.get(
        "conference_id"
    )


async def deliver_event(session: AsyncSession, event: OutboxEvent, context: WorkerContext) -> None:
    """The worker's reaction: a delivery of the event to each of the account's
    endpoints that listens to it."""
    message = EventMessage.of(event).model_dump(mode="json")
    for endpoint in await EndpointRepository(session, event.account_id).endpoints():
        if listens(endpoint, event):
            await queue_delivery(session, event, url=endpoint.url, body=message, endpoint=endpoint)


def queue_test(session: AsyncSession, endpoint: WebhookEndpoint, now: datetime) -> WebhookDelivery:
    """A ``webhook.test`` message to this endpoint only."""
    if not endpoint.enabled:
        raise WebhookEndpointDisabled("the endpoint is disabled: enable it first")
    message = EventMessage(
        seq=None, type=TEST_EVENT, timestamp=now, data={"endpoint_id": endpoint.id}
    )
    delivery = WebhookDelivery(
        id=new_id(),
        account_id=endpoint.account_id,
        endpoint_id=endpoint.id,
        event_type=TEST_EVENT,
        url=endpoint.url,
        body=frozen_body(message.model_dump(mode="json")),
        created_at=utcnow(),
    )
    return _add(session, delivery, True)


def requeue(session: AsyncSession, delivery: WebhookDelivery) -> None:
    """Sends the delivery again (same id, same body), on a fresh schedule."""
    delivery.status = DeliveryStatus.PENDING
    delivery.ended_at = None
    delivery.next_attempt_at = utcnow()
    enqueue(session, DELIVER, account_id=delivery.account_id, ref_id=delivery.id)


async def requeue_missed(session: AsyncSession, endpoint: WebhookEndpoint, since: datetime) -> int:
    """On re-enabling: what the endpoint missed since ``since`` goes again."""
    missed = await EndpointRepository(session, endpoint.account_id).missed(endpoint, since)
    for delivery in missed:
        requeue(session, delivery)
    return len(missed)


async def redeliver(
    session: AsyncSession,
    account: Account,
    delivery_id: str,
    endpoint: WebhookEndpoint | None = None,
) -> WebhookDelivery:
    """``POST /webhook_deliveries/{id}/redeliver``: a delivery that ended
    (delivered, failed, skipped) goes again (a receiver that lost it asks).
    With ``endpoint`` (the console's page of one), only a delivery of it."""
    repository = EndpointRepository(session, account.id)
    delivery = await repository.delivery(delivery_id.strip())
    if delivery is None or (endpoint is not None and delivery.endpoint_id != endpoint.id):
        raise WebhookDeliveryNotFound(f"webhook delivery {delivery_id[:40]} not found")
    if delivery.status == DeliveryStatus.PENDING:
        raise WebhookDeliveryPending("the delivery is pending: it is sent on its schedule")
    if delivery.endpoint_id is not None:
        endpoint = await repository.endpoint(delivery.endpoint_id)
        if endpoint is not None and not endpoint.enabled:
            raise WebhookEndpointDisabled("the delivery's endpoint is disabled: enable it first")
    requeue(session, delivery)
    await session.flush()
    return delivery


@dataclass(frozen=True)
class DeliveryPage:
    items: list[tuple[WebhookDelivery, list[WebhookAttempt]]]
    # The value to ask for the next (older) page with; None at the end.
    next_after: str | None


async def list_deliveries(
    session: AsyncSession,
    account: Account,
    endpoint: WebhookEndpoint,
    after: str | None,
    limit: int,
) -> DeliveryPage:
    """The endpoint's deliveries, newest first, each with its attempts."""
    repository = EndpointRepository(session, account.id)
    rows = await repository.deliveries(endpoint.id, after, limit + 1)
    page = rows[:limit]
    attempts = await repository.attempts([row.id for row in page])
    return DeliveryPage(
        items=[(row, attempts.get(row.id, [])) for row in page],
        next_after=page[-1].id if len(rows) > limit else None,
    )


def secrets_of(
    secret: str, previous: str | None, previous_until: datetime | None, now: datetime
) -> list[str]:
    """The secrets that sign now: the current one, and the previous one during
    the rotation window."""
    if previous is not None and previous_until is not None and now < previous_until:
        return [secret, previous]
    return [secret]
