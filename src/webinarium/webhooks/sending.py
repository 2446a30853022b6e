"""The ``webhook.deliver`` job: one POST of a delivery, its record, what next.

- The request goes through the file fetcher's SSRF guard (`checked_address`,
  connected to the checked address with `pinned_request`), no redirects
  followed, ``TIMEOUT_SECONDS`` for the whole exchange, no proxy from the
  environment.
- A 2xx delivers it. A timeout, a connection error (the guard's refusal
  included), 429 or 5xx is retried on `SCHEDULE` (jittered; a 429's
  ``Retry-After`` is waited at least); any other answer (3xx, 4xx) fails it at
  once; 410 also disables the endpoint.
- Every failed attempt continues the endpoint's streak of failures (a 2xx ends
  it): after ``FAILING_NOTICE`` of failures the account hears once
  (``webhook_endpoint.failing``); after ``FAILING_LIMIT`` the endpoint is
  disabled (``webhook_endpoint.disabled``).

Nothing is held open while the receiver answers: the delivery is read in one
transaction, posted, and the attempt recorded in another. A worker killed
between the answer and the record sends it again after its lease, with the
same ``webhook-id`` (at least once).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Literal

import anyio
import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.events.outbox import emit
from webinarium.events.types import WebhookEndpointDisabled, WebhookEndpointFailing
from webinarium.files.errors import FetchFailed, FetchRefused
from webinarium.files.fetch import checked_address, pinned_request
from webinarium.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from webinarium.settings import Settings
from webinarium.webhooks import signing
from webinarium.webhooks.deliveries import secrets_of
from webinarium.webhooks.endpoints import signing_secret
from webinarium.webhooks.repository import DeliveryJobRepository, EndpointRepository
from webinarium.worker.jobs import Done, GiveUp, JobContext, Outcome, RetryAt

TIMEOUT_SECONDS = 10.0
# The wait before each attempt after the first (sent at once): 8 attempts over
# about 27 hours, each wait jittered by up to ``JITTER`` either way so that the
# retries of an outage's many messages do not all come back at once.
SCHEDULE = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
JITTER = 0.1
# A 429's Retry-After is honoured up to this (a longer one waits the schedule's).
RETRY_AFTER_MAX = timedelta(hours=10)
FAILING_NOTICE = timedelta(hours=24)
FAILING_LIMIT = timedelta(days=3)
# How much of the receiver's answer the attempt keeps.
RESPONSE_KEPT = 1024
USER_AGENT = "Webinarium-Webhooks/1"

DisabledBy = Literal["gone", "failing"]


@dataclass(frozen=True)
class Message:
    url: str
    body: str
    secrets: list[str]


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str | None
    duration_ms: int
    response_body: str
    retry_after: timedelta | None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def retryable(self) -> bool:
        code = self.status_code
        return code is None or code == 429 or code >= 500

    @property
    def summary(self) -> str:
        return self.error or f"HTTP {self.status_code}"


def wait_before(attempt: int) -> timedelta | None:
    """The jittered wait before attempt ``attempt + 1``; None after the last."""
    if attempt > len(SCHEDULE):
        return None
    return SCHEDULE[attempt - 1] * random.uniform(1 - JITTER, 1 + JITTER)


async def deliver(context: JobContext, delivery_id: str) -> Outcome:
    async with context.database.transaction() as session:
        message = await _message(session, delivery_id, context.clock.now())
    if message is None:
        return Done()
    timestamp = int(context.clock.now().timestamp())
    answer = await post(message, delivery_id, timestamp, context.settings)
    async with context.database.transaction() as session:
        outcome = await _record(session, delivery_id, answer, context)
    context.metrics.webhook_deliveries.labels(_counted_as(answer, outcome)).inc()
    return outcome


def _counted_as(answer: Answer, outcome: Outcome) -> str:
    if answer.delivered:
        return "delivered"
    return "retrying" if isinstance(outcome, RetryAt) else "failed"


async def _message(session: AsyncSession, delivery_id: str, now: datetime) -> Message | None:
    """What to send, or None when there is nothing to (delivered meanwhile,
    or its endpoint gone or disabled: then it is skipped)."""
    delivery = await DeliveryJobRepository(session).delivery(delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    repository = EndpointRepository(session, delivery.account_id)
    if delivery.endpoint_id is not None:
        endpoint = await repository.endpoint(delivery.endpoint_id)
        if endpoint is None or not endpoint.enabled:
            _end(delivery, DeliveryStatus.SKIPPED, now)
            return None
        secrets = secrets_of(
            endpoint.secret, endpoint.previous_secret, endpoint.previous_secret_until, now
        )
        return Message(endpoint.url, delivery.body, secrets)
    subscription = (
        await repository.subscription(delivery.subscription_id)
        if delivery.subscription_id
        else None
    )
    if subscription is None or not subscription.enabled:
        _end(delivery, DeliveryStatus.SKIPPED, now)
        return None
    secret = await signing_secret(session, delivery.account_id)
    secrets = secrets_of(secret.secret, secret.previous_secret, secret.previous_secret_until, now)
    return Message(delivery.url, delivery.body, secrets)


async def post(message: Message, message_id: str, timestamp: int, settings: Settings) -> Answer:
    """One POST of the message; never raises for what the receiver (or the
    network, or the guard) does."""
    headers = {
        **signing.headers(message.secrets, message_id, timestamp, message.body),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }
    started = time.monotonic()

    def answered(
        status: int | None, error: str | None, body: str = "", retry: timedelta | None = None
    ) -> Answer:
        duration = round((time.monotonic() - started) * 1000)
        return Answer(status, error, duration, body, retry)

    try:
        with anyio.fail_after(TIMEOUT_SECONDS):
            url = httpx.URL(message.url)
            address = await checked_address(url, settings)
            async with httpx.AsyncClient(
                timeout=httpx.Timeout(TIMEOUT_SECONDS), follow_redirects=False, trust_env=False
            ) as client:
                request = pinned_request(
                    client, "POST", url, address, headers=headers, content=message.body.encode()
                )
                response = await client.send(request, stream=True)
                try:
                    head = await _head(response)
                finally:
                    await response.aclose()
    except (TimeoutError, httpx.TimeoutException):
        return answered(None, f"timeout: no answer in {TIMEOUT_SECONDS:g} s")
    except (FetchRefused, FetchFailed) as error:
        return answered(None, error.message[:500])
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return answered(None, f"connection error: {error}"[:500] or "connection error")
    return answered(response.status_code, None, head, _retry_after(response))


async def _head(response: httpx.Response) -> str:
    kept = b""
    async for chunk in response.aiter_bytes():
        kept += chunk
        if len(kept) >= RESPONSE_KEPT:
            break
    return kept[:RESPONSE_KEPT].decode("utf-8", errors="replace")


def _retry_after(response: httpx.Response) -> timedelta | None:
    """A 429's ``Retry-After``: seconds or an HTTP date."""
    if response.status_code != 429:
        return None
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(moment - datetime.now(moment.tzinfo), timedelta())


def _end(delivery: WebhookDelivery, status: DeliveryStatus, now: datetime) -> None:
    delivery.status = status
    delivery.ended_at = now
    delivery.next_attempt_at = None


async def _record(
    session: AsyncSession, delivery_id: str, answer: Answer, context: JobContext
) -> Outcome:
    now = context.clock.now()
    delivery = await DeliveryJobRepository(session).delivery(delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return Done()  # deleted with its endpoint, or ended meanwhile
    repository = EndpointRepository(session, delivery.account_id)
    repository.add(
        WebhookAttempt(
            account_id=delivery.account_id,
            delivery_id=delivery.id,
            at=now,
            status_code=answer.status_code,
            error=answer.error,
            duration_ms=answer.duration_ms,
            response_body=answer.response_body,
        )
    )
    endpoint = (
        await repository.endpoint(delivery.endpoint_id, locked=True)
        if delivery.endpoint_id
        else None
    )
    if answer.delivered:
        _end(delivery, DeliveryStatus.DELIVERED, now)
        if endpoint is not None:
            endpoint.failing_since = None
            endpoint.failing_notified_at = None
        return Done()
    if answer.status_code == 410:
        _end(delivery, DeliveryStatus.FAILED, now)
        await _gone(session, repository, delivery, endpoint, now)
        return GiveUp("the receiver answered 410 Gone")
    if endpoint is not None and await _failed(session, endpoint, now):
        _end(delivery, DeliveryStatus.FAILED, now)
        return GiveUp("the endpoint is disabled: failing for 3 days")
    wait = wait_before(context.attempt) if answer.retryable else None
    if wait is None:
        _end(delivery, DeliveryStatus.FAILED, now)
        return GiveUp(answer.summary)
    if answer.retry_after is not None:
        wait = max(wait, min(answer.retry_after, RETRY_AFTER_MAX))
    delivery.next_attempt_at = now + wait
    return RetryAt(now + wait, answer.summary)


async def _gone(
    session: AsyncSession,
    repository: EndpointRepository,
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint | None,
    now: datetime,
) -> None:
    """410: the receiver says the hook is gone for good."""
    if endpoint is not None:
        await _disable(session, endpoint, "gone", now)
    elif delivery.subscription_id is not None:
        subscription = await repository.subscription(delivery.subscription_id)
        if subscription is not None:
            subscription.enabled = False


async def _failed(session: AsyncSession, endpoint: WebhookEndpoint, now: datetime) -> bool:
    """Continues the endpoint's streak of failures; True when it disabled it."""
    if not endpoint.enabled:
        return True
    if endpoint.failing_since is None:
        endpoint.failing_since = now
    failing_for = now - endpoint.failing_since
    if failing_for >= FAILING_LIMIT:
        await _disable(session, endpoint, "failing", now)
        return True
    if failing_for >= FAILING_NOTICE and endpoint.failing_notified_at is None:
        endpoint.failing_notified_at = now
        await emit(
            session,
            WebhookEndpointFailing(
                account_id=endpoint.account_id,
                endpoint_id=endpoint.id,
                url=endpoint.url,
                failing_since=endpoint.failing_since,
            ),
        )
    return False


async def _disable(
    session: AsyncSession, endpoint: WebhookEndpoint, reason: DisabledBy, now: datetime
) -> None:
    if not endpoint.enabled:
        return
    endpoint.enabled = False
    endpoint.disabled_reason = reason
    endpoint.disabled_at = now
    await emit(
        session,
        WebhookEndpointDisabled(
            account_id=endpoint.account_id, endpoint_id=endpoint.id, url=endpoint.url, reason=reason
        ),
    )
