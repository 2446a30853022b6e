"""Webinarium's own webhooks (docs/webhooks.md):

- ``POST``/``GET /api/webinarium/v1/webhook_endpoints``,
  ``GET``/``PATCH``/``DELETE …/webhook_endpoints/{id}``,
  ``POST …/webhook_endpoints/{id}/rotate_secret`` (the secret is in this
  answer and in the creation's only), ``POST …/webhook_endpoints/{id}/test``,
  ``GET …/webhook_endpoints/{id}/deliveries`` (each with every attempt);
- ``POST …/webhook_deliveries/{id}/redeliver``;
- ``GET``/``POST …/webhook_signing_secret``: the account's secret for
  BigMarker's per-webinar hooks (read; rotate).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.deps import ReadSession, Session
from webinarium.api.webinarium.bodies import json_body_schema, json_object
from webinarium.api.webinarium.errors import NativeRoute
from webinarium.api.webinarium.paging import page_limit
from webinarium.kit.errors import validated
from webinarium.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookSigningSecret,
)
from webinarium.webhooks import deliveries, endpoints
from webinarium.webhooks.schemas import EndpointChange, EndpointInput

router = APIRouter(route_class=NativeRoute, tags=["Webinarium: Webhooks"])
PATH = "/webhook_endpoints"
LIMIT_DEFAULT = 50
LIMIT_MAX = 200
INPUT_SHAPE = '{url, event_types: [..] or "all", conference_id, enabled}'


class EndpointRead(BaseModel):
    id: str
    url: str
    # The event types it hears, or "all".
    event_types: list[str] | Literal["all"]
    # Only this conference's events, if set.
    conference_id: str | None
    enabled: bool
    # Why it is disabled: requested (the API), gone (410), failing (3 days).
    disabled_reason: str | None
    disabled_at: datetime | None
    # The first failed attempt of the current streak of failures.
    failing_since: datetime | None
    # Until then, the secret before the last rotation signs as well.
    previous_secret_expires_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: WebhookEndpoint) -> EndpointRead:
        return cls(
            id=row.id,
            url=row.url,
            event_types="all" if row.event_types is None else row.event_types,
            conference_id=row.conference_id,
            enabled=row.enabled,
            disabled_reason=row.disabled_reason,
            disabled_at=row.disabled_at,
            failing_since=row.failing_since,
            previous_secret_expires_at=row.previous_secret_until,
            created_at=row.created_at,
        )


class EndpointWithSecret(EndpointRead):
    # whsec_…: shown in this answer only.
    secret: str

    @classmethod
    def of(cls, row: WebhookEndpoint) -> EndpointWithSecret:
        return cls(**EndpointRead.of(row).model_dump(), secret=row.secret)


class EndpointList(BaseModel):
    data: list[EndpointRead]
    # Send as ``?after=`` for the next page; null on the last one.
    next_after: str | None


class AttemptRead(BaseModel):
    at: datetime
    # The receiver's answer; null when there was none (see error).
    status_code: int | None
    # Timeout, connection error, address refused.
    error: str | None
    duration_ms: int
    # The first KiB of the answer's body.
    response_body: str

    @classmethod
    def of(cls, row: WebhookAttempt) -> AttemptRead:
        return cls(
            at=row.at,
            status_code=row.status_code,
            error=row.error,
            duration_ms=row.duration_ms,
            response_body=row.response_body,
        )


class DeliveryRead(BaseModel):
    # The webhook-id header of every attempt.
    id: str
    endpoint_id: str | None
    event_id: str | None
    event_type: str
    # The event's number in the account's feed; null for webhook.test.
    seq: int | None
    status: DeliveryStatus
    created_at: datetime
    next_attempt_at: datetime | None
    ended_at: datetime | None
    attempts: list[AttemptRead]

    @classmethod
    def of(cls, row: WebhookDelivery, attempts: list[WebhookAttempt]) -> DeliveryRead:
        return cls(
            id=row.id,
            endpoint_id=row.endpoint_id,
            event_id=row.event_id,
            event_type=row.event_type,
            seq=row.sequence,
            status=row.status,
            created_at=row.created_at,
            next_attempt_at=row.next_attempt_at,
            ended_at=row.ended_at,
            attempts=[AttemptRead.of(a) for a in attempts],
        )


class DeliveryList(BaseModel):
    data: list[DeliveryRead]
    # Send as ``?after=`` for the next (older) page; null on the last one.
    next_after: str | None


class SigningSecretRead(BaseModel):
    # whsec_…: signs BigMarker's per-webinar hooks of every webinar of the account.
    secret: str
    previous_secret_expires_at: datetime | None

    @classmethod
    def of(cls, row: WebhookSigningSecret) -> SigningSecretRead:
        return cls(secret=row.secret, previous_secret_expires_at=row.previous_secret_until)


def _now(request: Request) -> datetime:
    now: datetime = request.app.state.clock.now()
    return now


@router.post(
    PATH,
    name="native_webhook_endpoints_create",
    status_code=201,
    openapi_extra=json_body_schema(EndpointInput),
)
async def create_endpoint(
    request: Request, session: Session, account: CurrentAccount
) -> EndpointWithSecret:
    """A new endpoint: ``url`` (http or https), ``event_types`` (a list, or
    "all", the default), ``conference_id`` (only that webinar's events),
    ``enabled`` (true by default). The answer holds its ``secret``, once."""
    given = validated(EndpointInput, await json_object(request, INPUT_SHAPE))
    return EndpointWithSecret.of(await endpoints.create_endpoint(session, account, given))


@router.get(PATH, name="native_webhook_endpoints_list")
async def list_endpoints(
    session: ReadSession, account: ReadAccount, after: str = "", limit: str = ""
) -> EndpointList:
    """The account's endpoints, oldest first."""
    page = await endpoints.list_endpoints(
        session, account, after.strip() or None, page_limit(limit, LIMIT_DEFAULT, LIMIT_MAX)
    )
    return EndpointList(data=[EndpointRead.of(e) for e in page.items], next_after=page.next_after)


@router.get(PATH + "/{endpoint_id}", name="native_webhook_endpoints_show")
async def show_endpoint(
    endpoint_id: str, session: ReadSession, account: ReadAccount
) -> EndpointRead:
    return EndpointRead.of(await endpoints.get_endpoint(session, account, endpoint_id))


@router.patch(
    PATH + "/{endpoint_id}",
    name="native_webhook_endpoints_update",
    openapi_extra=json_body_schema(EndpointChange),
)
async def update_endpoint(
    endpoint_id: str, request: Request, session: Session, account: CurrentAccount
) -> EndpointRead:
    """Changes the fields given. ``enabled: true`` on a disabled endpoint sends
    what it missed while disabled (and what failed since its failures began)."""
    change = validated(EndpointChange, await json_object(request, INPUT_SHAPE))
    endpoint = await endpoints.get_endpoint(session, account, endpoint_id)
    await endpoints.update_endpoint(session, account, endpoint, change, _now(request))
    return EndpointRead.of(endpoint)


@router.delete(PATH + "/{endpoint_id}", name="native_webhook_endpoints_delete", status_code=204)
async def delete_endpoint(endpoint_id: str, session: Session, account: CurrentAccount) -> Response:
    """Deletes the endpoint with its delivery log."""
    endpoint = await endpoints.get_endpoint(session, account, endpoint_id)
    await endpoints.delete_endpoint(session, account, endpoint)
    return Response(status_code=204)


@router.post(PATH + "/{endpoint_id}/rotate_secret", name="native_webhook_endpoints_rotate_secret")
async def rotate_secret(
    endpoint_id: str, request: Request, session: Session, account: CurrentAccount
) -> EndpointWithSecret:
    """A new secret, in this answer only; the old one signs as well for 24 hours
    (two signatures in ``webhook-signature``)."""
    endpoint = await endpoints.get_endpoint(session, account, endpoint_id)
    await endpoints.rotate_secret(session, account, endpoint, _now(request))
    return EndpointWithSecret.of(endpoint)


@router.post(PATH + "/{endpoint_id}/test", name="native_webhook_endpoints_test", status_code=202)
async def test_endpoint(
    endpoint_id: str, request: Request, session: Session, account: CurrentAccount
) -> DeliveryRead:
    """Sends a ``webhook.test`` message to this endpoint only; the answer is
    its delivery (follow it in ``…/deliveries``)."""
    endpoint = await endpoints.get_endpoint(session, account, endpoint_id)
    delivery = deliveries.queue_test(session, endpoint, _now(request))
    await session.flush()
    return DeliveryRead.of(delivery, [])


@router.get(PATH + "/{endpoint_id}/deliveries", name="native_webhook_deliveries_list")
async def list_deliveries(
    endpoint_id: str, session: ReadSession, account: ReadAccount, after: str = "", limit: str = ""
) -> DeliveryList:
    """The endpoint's deliveries, newest first, each with every attempt."""
    endpoint = await endpoints.get_endpoint(session, account, endpoint_id)
    page = await deliveries.list_deliveries(
        session,
        account,
        endpoint,
        after.strip() or None,
        page_limit(limit, LIMIT_DEFAULT, LIMIT_MAX),
    )
    return DeliveryList(
        data=[DeliveryRead.of(row, attempts) for row, attempts in page.items],
        next_after=page.next_after,
    )


@router.post(
    "/webhook_deliveries/{delivery_id}/redeliver",
    name="native_webhook_deliveries_redeliver",
    status_code=202,
)
async def redeliver(delivery_id: str, session: Session, account: CurrentAccount) -> DeliveryRead:
    """Sends the delivery again, same ``webhook-id`` and body, on a fresh schedule."""
    delivery = await deliveries.redeliver(session, account, delivery_id)
    return DeliveryRead.of(delivery, [])


@router.get("/webhook_signing_secret", name="native_webhook_signing_secret_show")
async def show_signing_secret(session: Session, account: CurrentAccount) -> SigningSecretRead:
    """The secret that signs BigMarker's per-webinar hooks of the account's
    webinars (made at its first use)."""
    return SigningSecretRead.of(await endpoints.signing_secret(session, account.id))


@router.post("/webhook_signing_secret", name="native_webhook_signing_secret_rotate")
async def rotate_signing_secret(
    request: Request, session: Session, account: CurrentAccount
) -> SigningSecretRead:
    """A new secret for per-webinar hooks; the old one signs as well for 24 hours."""
    return SigningSecretRead.of(
        await endpoints.rotate_signing_secret(session, account, _now(request))
    )
