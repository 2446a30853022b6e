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
  as Show Conference answers it (`wire.conference`);
- ``conference.ended`` also fires the live attendee data hook
  (``live_attendee_data_webhook_url``, whose subscriptions are stored as
  hearing ``attendance.live_data``, a label no outbox event carries): one body
  per attendee, each the attendee as Show Conference Attendees lists them
  (`attendance_reports.attendee`). Its totals (time in the room, entered,
  left) are final only once the room is over, and the end closes every stay
  in its own transaction (`live.service.finish`) before the event is handed
  over.

- ``recording.viewed`` (``on_demand_viewer_webhook_url``): the viewer as
  Show On-Demand Attendees lists them (`attendance_reports.on_demand_attendee`),
  one body per view; a viewer without a link (nobody to name) posts nothing.

Bodies are rendered when the worker hands the event over, from the rows as
they are then; a registration or conference deleted meanwhile sends nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import get_account
from webinarium.api.bigmarker import attendance_reports, webhooks, wire
from webinarium.conferences.service import (
    address_of,
    describe_one,
    get_conference,
    list_custom_fields,
)
from webinarium.kit.errors import NotFound
from webinarium.kit.pagination import MAX_PER_PAGE, PageRequest
from webinarium.models import Account, OutboxEvent, WebhookSubscription
from webinarium.people.service import people_by_id
from webinarium.registrations.service import get_registration
from webinarium.reports import attendance
from webinarium.settings import Settings
from webinarium.webhooks.deliveries import queue_delivery
from webinarium.webhooks.schemas import EventType
from webinarium.webhooks.service import conference_subscriptions
from webinarium.worker.jobs import WorkerContext

Body = dict[str, Any]
# A hook's bodies for one event: none (its rows are gone), one, or one per attendee.
Render = Callable[[AsyncSession, Account, dict[str, Any], Settings], Awaitable[list[Body]]]

_LABELS = frozenset(hook.label for hook in webhooks.HOOKS)


async def _registrant(
    session: AsyncSession, account: Account, payload: dict[str, Any], settings: Settings
) -> list[Body]:
    try:
        registration = await get_registration(session, account, str(payload["registration_id"]))
        conference = await get_conference(session, account, registration.conference_id)
    except NotFound:
        return []
    # The registration's person, not the payload's: a seat given to someone
    # else since (a transfer) is theirs now, as the registrant list shows.
    person = (await people_by_id(session, account, {registration.person_id})).get(
        registration.person_id
    )
    if person is None:
        return []
    address = await address_of(session, account, settings.base_url, conference)
    fields = await list_custom_fields(session, account, conference.id)
    return [
        wire.registration(
            settings.secret_key, address, registration, person, fields, use_api_name=False
        )
    ]


async def _conference(
    session: AsyncSession, account: Account, payload: dict[str, Any], settings: Settings
) -> list[Body]:
    try:
        conference = await get_conference(session, account, str(payload["conference_id"]))
    except NotFound:
        return []
    details = await describe_one(
        session, account, conference, with_webhooks=True, with_activity=True
    )
    return [wire.conference(settings.base_url, details, settings.secret_key)]


async def _attendees(
    session: AsyncSession, account: Account, payload: dict[str, Any], _: Settings
) -> list[Body]:
    """Every attendee of the ended conference, as its attendees report lists
    them, read a report page at a time (the ORM rows of a page are let go once
    it is rendered)."""
    try:
        conference = await get_conference(session, account, str(payload["conference_id"]))
    except NotFound:
        return []
    bodies: list[Body] = []
    request = PageRequest(1, MAX_PER_PAGE)
    while True:
        page = await attendance.attendees(session, account, conference, request)
        bodies.extend(attendance_reports.attendee(row) for row in page.items)
        if request.page >= page.total_pages:
            return bodies
        request = PageRequest(request.page + 1, request.per_page)


async def _viewer(
    session: AsyncSession, account: Account, payload: dict[str, Any], _: Settings
) -> list[Body]:
    """Who watched the recording, as the on-demand attendees report lists them;
    a viewer without a link is nobody to name: no body."""
    person_id = payload.get("person_id")
    if not isinstance(person_id, str):
        return []
    try:
        conference = await get_conference(session, account, str(payload["conference_id"]))
    except NotFound:
        return []
    found = await attendance.on_demand_viewer(session, account, conference, person_id)
    if found is None:
        return []
    row, watched = found
    return [attendance_reports.on_demand_attendee(row, conference.time_zone, watched)]


# What a hook's subscription hears (its stored event type) → the outbox event
# that fires it, and its bodies.
FIRED_BY: dict[str, tuple[str, Render]] = {
    EventType.REGISTRATION_CREATED: (EventType.REGISTRATION_CREATED, _registrant),
    EventType.CONFERENCE_WAITING_ROOM_OPENED: (
        EventType.CONFERENCE_WAITING_ROOM_OPENED,
        _conference,
    ),
    EventType.CONFERENCE_STARTED: (EventType.CONFERENCE_STARTED, _conference),
    EventType.CONFERENCE_ENDED: (EventType.CONFERENCE_ENDED, _conference),
    EventType.ATTENDANCE_LIVE_DATA: (EventType.CONFERENCE_ENDED, _attendees),
    EventType.RECORDING_VIEWED: (EventType.RECORDING_VIEWED, _viewer),
}


async def bigmarker_hook_bodies(
    session: AsyncSession, event: OutboxEvent, *, settings: Settings
) -> list[tuple[WebhookSubscription, Body]]:
    """The conference hooks ``event`` triggers, each with a body to post it:
    a hook appears once per body (the live attendee data hook once per
    attendee); hooks hearing the same thing share their bodies. ``settings``:
    the public URL and secret key the addresses and enter links are made with."""
    renders = {
        heard: render for heard, (fired_by, render) in FIRED_BY.items() if fired_by == event.type
    }
    conference_id = event.payload.get("conference_id")
    if not renders or not isinstance(conference_id, str):
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
        if row.label in _LABELS and row.event_type in renders and row.enabled and row.url
    ]
    # Rendered only for what a triggered hook hears: no attendee is read
    # unless a live attendee data hook is on.
    bodies: dict[str, list[Body]] = {}
    for heard in dict.fromkeys(row.event_type for row in triggered):
        bodies[heard] = await renders[heard](session, account, event.payload, settings)
    return [(row, body) for row in triggered for body in bodies[row.event_type]]


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
