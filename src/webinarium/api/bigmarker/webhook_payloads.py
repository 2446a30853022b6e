"""BigMarker's per-webinar webhooks: the hooks an outbox event triggers, and the
body each is posted, in BigMarker's vocabulary (docs/webhooks.md).

A conference's hooks are its webhook subscriptions labelled with a hook of
`webhooks.HOOKS`; an event triggers those of its own account and conference
that listen to its type, are switched on and have a URL. Their bodies reuse the
dialect's renderers, so a hook says exactly what the API answers for the same
rows:

- ``registration.created`` (``webhook_url``, ``new_reg_webhook_url``): the
  registrant as Show Conference Registrations with custom fields lists them
  (`wire.registration`, answers keyed by field name);
- ``conference.waiting_room_opened``, ``conference.started``,
  ``conference.ended`` (``waiting_room_open_webhook_url``,
  ``webinar_start_webhook_url``, ``webinar_end_webhook_url``): the conference
  as Show Conference answers it (`wire.conference`).

``attendance.live_data`` and ``recording.viewed`` (the live attendee data and
on-demand viewer hooks) are emitted by nothing yet (the room's live data and
on-demand viewing, issue 17): their hooks are kept but get no body here until
those events exist and say what they carry.

Bodies are rendered when the worker hands the event over, from the rows as
they are then; a registration or conference deleted meanwhile sends nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import get_account
from webinarium.api.bigmarker import webhooks, wire
from webinarium.conferences.service import (
    address_of,
    describe_one,
    get_conference,
    list_custom_fields,
)
from webinarium.kit.errors import NotFound
from webinarium.models import Account, OutboxEvent, WebhookSubscription
from webinarium.people.service import people_by_id
from webinarium.registrations.service import get_registration
from webinarium.settings import Settings
from webinarium.webhooks.deliveries import queue_delivery
from webinarium.webhooks.schemas import EventType
from webinarium.webhooks.service import conference_subscriptions
from webinarium.worker.jobs import WorkerContext

Body = dict[str, Any]
Render = Callable[[AsyncSession, Account, dict[str, Any], Settings], Awaitable[Body | None]]

_LABELS = frozenset(hook.label for hook in webhooks.HOOKS)


async def _registrant(
    session: AsyncSession, account: Account, payload: dict[str, Any], settings: Settings
) -> Body | None:
    try:
        registration = await get_registration(session, account, str(payload["registration_id"]))
        conference = await get_conference(session, account, registration.conference_id)
    except NotFound:
        return None
    # The registration's person, not the payload's: a seat given to someone
    # else since (a transfer) is theirs now, as the registrant list shows.
    person = (await people_by_id(session, account, {registration.person_id})).get(
        registration.person_id
    )
    if person is None:
        return None
    address = await address_of(session, account, settings.base_url, conference)
    fields = await list_custom_fields(session, account, conference.id)
    return wire.registration(
        settings.secret_key, address, registration, person, fields, use_api_name=False
    )


async def _conference(
    session: AsyncSession, account: Account, payload: dict[str, Any], settings: Settings
) -> Body | None:
    try:
        conference = await get_conference(session, account, str(payload["conference_id"]))
    except NotFound:
        return None
    details = await describe_one(
        session, account, conference, with_webhooks=True, with_activity=True
    )
    return wire.conference(settings.base_url, details, settings.secret_key)


# The event types that have a body; the others trigger no hook.
BODIES: dict[str, Render] = {
    EventType.REGISTRATION_CREATED: _registrant,
    EventType.CONFERENCE_WAITING_ROOM_OPENED: _conference,
    EventType.CONFERENCE_STARTED: _conference,
    EventType.CONFERENCE_ENDED: _conference,
}


async def bigmarker_hook_bodies(
    session: AsyncSession, event: OutboxEvent, *, settings: Settings
) -> list[tuple[WebhookSubscription, Body]]:
    """The conference hooks ``event`` triggers, each with the body to post it
    (hooks listening to the same event share one body). ``settings``: the
    public URL and secret key the addresses and enter links are made with."""
    render = BODIES.get(event.type)
    conference_id = event.payload.get("conference_id")
    if render is None or not isinstance(conference_id, str):
        return []
    try:
        account = await get_account(session, event.account_id)
    except NotFound:
        return []
    subscriptions = (await conference_subscriptions(session, account, [conference_id])).get(
        conference_id, []
    )
    triggered = [
        row
        for row in subscriptions
        if row.label in _LABELS and row.event_type == event.type and row.enabled and row.url
    ]
    if not triggered:
        return []
    body = await render(session, account, event.payload, settings)
    if body is None:
        return []
    return [(row, body) for row in triggered]


async def deliver_bigmarker_hooks(
    session: AsyncSession, event: OutboxEvent, context: WorkerContext
) -> None:
    """The worker's reaction (`worker.wiring`): a delivery of its body to each
    hook ``event`` triggers, signed and retried as every webhook is."""
    for subscription, body in await bigmarker_hook_bodies(
        session, event, settings=context.settings
    ):
        if subscription.url:  # always set for a triggered hook
            await queue_delivery(
                session, event, url=subscription.url, body=body, subscription=subscription
            )
