"""Every query on webhook subscriptions, each one starting from the caller's account."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import WebhookSubscription


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
