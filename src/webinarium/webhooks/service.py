"""Webhook subscriptions: the only way to read and change them.

Only the rows live here; delivering events to them (signing, retrying, the
outbox) comes with the delivery worker. A conference's subscriptions go when the
conference is deleted (the database cascades).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.tenancy import ensure_owned
from webinarium.models import Account, Conference, WebhookSubscription
from webinarium.webhooks.repository import WebhookRepository
from webinarium.webhooks.schemas import WebhookChange


async def conference_subscriptions(
    session: AsyncSession, account: Account, conference_ids: Sequence[str]
) -> dict[str, list[WebhookSubscription]]:
    """The subscriptions of many conferences in one query, by conference id."""
    if not conference_ids:
        return {}
    return await WebhookRepository(session, account.id).of_conferences(conference_ids)


async def change_conference_subscriptions(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    changes: Sequence[WebhookChange],
) -> None:
    ensure_owned(account, conference)
    if not changes:
        return
    repository = WebhookRepository(session, account.id)
    existing = {
        row.label: row
        for row in (await repository.of_conferences([conference.id])).get(conference.id, [])
    }
    for change in changes:
        row = existing.get(change.label)
        if row is None:
            row = WebhookSubscription(
                account_id=account.id,
                conference_id=conference.id,
                label=change.label,
                url=None,
                enabled=False,
            )
        row.event_type = change.event_type
        given = change.model_fields_set
        if "url" in given:
            row.url = change.url
        if "enabled" in given:
            row.enabled = change.enabled
        if row.url is None and not row.enabled:
            if change.label in existing:
                await repository.remove(row)
                del existing[change.label]
        elif change.label not in existing:
            await repository.add(row)
            existing[change.label] = row
    await session.flush()


async def copy_conference_subscriptions(
    session: AsyncSession, account: Account, source: Conference, targets: Sequence[Conference]
) -> None:
    """Gives each target exactly the source's subscriptions (copies of the rows)."""
    ensure_owned(account, source, *targets)
    if not targets:
        return
    repository = WebhookRepository(session, account.id)
    rows = (await repository.of_conferences([source.id])).get(source.id, [])
    await repository.remove_of_conferences([t.id for t in targets])
    await repository.add(
        *(
            WebhookSubscription(
                account_id=account.id,
                conference_id=target.id,
                event_type=row.event_type,
                label=row.label,
                url=row.url,
                enabled=row.enabled,
            )
            for target in targets
            for row in rows
        )
    )
