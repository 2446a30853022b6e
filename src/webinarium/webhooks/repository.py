"""Every query on webhook subscriptions, endpoints and deliveries, each one
starting from the caller's account (but the delivery handler's, `DeliveryJobRepository`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.repository import dialect_insert
from webinarium.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookSigningSecret,
    WebhookSubscription,
)


class WebhookRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def of_conferences(
        self, conference_ids: Sequence[str]
    ) -> dict[str, list[WebhookSubscription]]:
        """The subscriptions of each conference, oldest first, in one query."""
        rows = await self.session.scalars(
            select(WebhookSubscription)
            .where(
                WebhookSubscription.account_id == self.account_id,
                WebhookSubscription.conference_id.in_(conference_ids),
            )
            .order_by(WebhookSubscription.id)
        )
        found: dict[str, list[WebhookSubscription]] = defaultdict(list)
        for row in rows:
            if row.conference_id is not None:
                found[row.conference_id].append(row)
        return found

    async def add(self, *rows: WebhookSubscription) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def remove(self, row: WebhookSubscription) -> None:
        await self.session.delete(row)
        await self.session.flush()

    async def remove_of_conferences(self, conference_ids: Sequence[str]) -> None:
        await self.session.execute(
            delete(WebhookSubscription).where(
                WebhookSubscription.account_id == self.account_id,
                WebhookSubscription.conference_id.in_(conference_ids),
            )
        )


class EndpointRepository:
    """Webinarium's own endpoints, their deliveries and attempts, and the
    account's signing secret: every statement from the caller's account."""

    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def endpoint(self, endpoint_id: str, *, locked: bool = False) -> WebhookEndpoint | None:
        """``locked``: until the transaction ends (the streak of failures is
        counted by deliveries recorded at once)."""
        query = select(WebhookEndpoint).where(
            WebhookEndpoint.account_id == self.account_id, WebhookEndpoint.id == endpoint_id
        )
        if locked:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def endpoints(
        self, after: str | None = None, limit: int | None = None
    ) -> list[WebhookEndpoint]:
        """Oldest first, from the one after ``after``."""
        query = (
            select(WebhookEndpoint)
            .where(WebhookEndpoint.account_id == self.account_id)
            .order_by(WebhookEndpoint.id)
            .limit(limit)
        )
        if after is not None:
            query = query.where(WebhookEndpoint.id > after)
        return list(await self.session.scalars(query))

    async def delivery(self, delivery_id: str) -> WebhookDelivery | None:
        return await self.session.scalar(
            select(WebhookDelivery).where(
                WebhookDelivery.account_id == self.account_id, WebhookDelivery.id == delivery_id
            )
        )

    async def deliveries(
        self, endpoint_id: str, before: str | None, limit: int
    ) -> list[WebhookDelivery]:
        """The endpoint's deliveries, newest first, from the one before ``before``."""
        query = (
            select(WebhookDelivery)
            .where(
                WebhookDelivery.account_id == self.account_id,
                WebhookDelivery.endpoint_id == endpoint_id,
            )
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
        if before is not None:
            query = query.where(WebhookDelivery.id < before)
        return list(await self.session.scalars(query))

    async def attempts(self, delivery_ids: Sequence[str]) -> dict[str, list[WebhookAttempt]]:
        """The attempts of each delivery, first first, in one query."""
        found: dict[str, list[WebhookAttempt]] = defaultdict(list)
        if not delivery_ids:
            return found
        rows = await self.session.scalars(
            select(WebhookAttempt)
            .where(
                WebhookAttempt.account_id == self.account_id,
                WebhookAttempt.delivery_id.in_(delivery_ids),
            )
            .order_by(WebhookAttempt.id)
        )
        for row in rows:
            found[row.delivery_id].append(row)
        return found

    async def last_attempt(self, endpoint_id: str) -> WebhookAttempt | None:
        """The latest attempt of any of the endpoint's deliveries."""
        found: WebhookAttempt | None = await self.session.scalar(
            select(WebhookAttempt)
            .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
            .where(
                WebhookAttempt.account_id == self.account_id,
                WebhookDelivery.account_id == self.account_id,
                WebhookDelivery.endpoint_id == endpoint_id,
            )
            .order_by(WebhookAttempt.at.desc(), WebhookAttempt.id.desc())
            .limit(1)
        )
        return found

    async def last_attempts(self, endpoint_ids: list[str]) -> dict[str, WebhookAttempt]:
        """`last_attempt` of each of these endpoints that has one, in one query."""
        if not endpoint_ids:
            return {}
        newest_first = (
            func.row_number()
            .over(
                partition_by=WebhookDelivery.endpoint_id,
                order_by=(WebhookAttempt.at.desc(), WebhookAttempt.id.desc()),
            )
            .label("rank")
        )
        ranked = (
            select(WebhookAttempt.id, WebhookDelivery.endpoint_id, newest_first)
            .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
            .where(
                WebhookAttempt.account_id == self.account_id,
                WebhookDelivery.account_id == self.account_id,
                WebhookDelivery.endpoint_id.in_(endpoint_ids),
            )
            .subquery()
        )
        rows = await self.session.execute(
            select(ranked.c.endpoint_id, WebhookAttempt)
            .join(WebhookAttempt, WebhookAttempt.id == ranked.c.id)
            .where(ranked.c.rank == 1)
        )
        return dict(rows.all())

    async def missed(self, endpoint: WebhookEndpoint, since: datetime) -> list[WebhookDelivery]:
        """What the endpoint missed: deliveries skipped while it was disabled,
        and those that failed for good from ``since`` on."""
        rows = await self.session.scalars(
            select(WebhookDelivery)
            .where(
                WebhookDelivery.account_id == self.account_id,
                WebhookDelivery.endpoint_id == endpoint.id,
                or_(
                    WebhookDelivery.status == DeliveryStatus.SKIPPED,
                    and_(
                        WebhookDelivery.status == DeliveryStatus.FAILED,
                        WebhookDelivery.ended_at >= since,
                    ),
                ),
            )
            .order_by(WebhookDelivery.id)
        )
        return list(rows)

    async def subscription(self, subscription_id: str) -> WebhookSubscription | None:
        return await self.session.scalar(
            select(WebhookSubscription).where(
                WebhookSubscription.account_id == self.account_id,
                WebhookSubscription.id == subscription_id,
            )
        )

    async def signing_secret(self) -> WebhookSigningSecret | None:
        return await self.session.get(WebhookSigningSecret, self.account_id)

    async def first_signing_secret(self, secret: str) -> WebhookSigningSecret:
        """Keeps ``secret`` as the account's first, unless one is there already,
        and reads the account's. Deliveries sent at once (a webinar's
        attendees) may each make it first: one wins, the others wait for its
        commit and read its secret."""
        await self.session.execute(
            dialect_insert(self.session, WebhookSigningSecret)
            .values(account_id=self.account_id, secret=secret)
            .on_conflict_do_nothing(index_elements=["account_id"])
        )
        found = await self.session.scalars(
            select(WebhookSigningSecret).where(WebhookSigningSecret.account_id == self.account_id)
        )
        return found.one()

    def add(self, *rows: object) -> None:
        self.session.add_all(rows)


class DeliveryJobRepository:
    """The delivery handler's reads: it is given only a delivery's id (the
    worker's work spans every account), and keeps to that delivery's account."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def delivery(self, delivery_id: str) -> WebhookDelivery | None:
        return await self.session.get(WebhookDelivery, delivery_id, with_for_update=True)
