"""The registry of domain events: every change the outside world may hear about
(webhooks, e-mail, the event feed, the activity log).

An event type is a frozen pydantic model with a dotted ``type`` name; defining a
subclass registers it in ``EVENT_TYPES``. ``account_id`` says whose event it is
and is stored beside the payload, not in it. Payloads carry ids and the facts of
the moment, so a receiver learns what happened without asking back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from webinarium.conferences.schemas import ConferenceKind, ConferenceStatus

EVENT_TYPES: dict[str, type[Event]] = {}


class Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ClassVar[str]
    account_id: str = Field(exclude=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        name = cls.__dict__.get("type")
        if name is None:  # an abstract base of several event types
            return
        if name in EVENT_TYPES:
            raise TypeError(f"event type {name} is defined twice")
        EVENT_TYPES[name] = cls

    def payload(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


# Conferences


class ConferenceEvent(Event):
    conference_id: str


class ConferenceCreated(ConferenceEvent):
    type = "conference.created"
    channel_id: str
    kind: ConferenceKind
    title: str
    start_at: datetime
    end_at: datetime


class ConferenceUpdated(ConferenceEvent):
    """``changed``: the names of what changed (``title``, ``start_at``, ``settings``…)."""

    type = "conference.updated"
    changed: list[str]


class ConferenceDeleted(ConferenceEvent):
    type = "conference.deleted"
    title: str


class StatusChanged(ConferenceEvent):
    """A step of the lifecycle (``conferences.lifecycle``)."""

    from_status: ConferenceStatus
    status: ConferenceStatus
    by: str
    at: datetime


class WaitingRoomOpened(StatusChanged):
    type = "conference.waiting_room_opened"


class ConferenceStarted(StatusChanged):
    type = "conference.started"


class ConferenceEnded(StatusChanged):
    type = "conference.ended"


class ConferenceCancelled(StatusChanged):
    type = "conference.cancelled"


# The reminders before a conference's start (`scheduler.rules.REMINDERS`).
ReminderKind = Literal["three_days_before", "one_day_before", "one_hour_before"]


class ReminderDue(ConferenceEvent):
    """A reminder's time came (the scheduler, once per conference and kind):
    the mail reactions send it to the people it is for. ``due_at``: the time it
    was meant for (a reminder caught up after an outage comes later)."""

    type = "conference.reminder_due"
    reminder: ReminderKind
    due_at: datetime


# Registrations


class RegistrationEvent(Event):
    registration_id: str
    conference_id: str
    person_id: str
    email: str


class RegistrationCreated(RegistrationEvent):
    """``send_confirmation`` false: the organiser asked for no confirmation
    mail (a console import with the box unticked); the key is in the payload
    only then."""

    type = "registration.created"
    send_confirmation: bool = True

    def payload(self) -> dict[str, Any]:
        payload = super().payload()
        if self.send_confirmation:
            del payload["send_confirmation"]
        return payload


class RegistrationUpdated(RegistrationEvent):
    """``changed``: ``answers``, ``tracking`` (source, referral, tracking code),
    ``person`` (the seat given to someone else) or ``checked_in`` (the
    registrant checked in, `registrations.checkin`)."""

    type = "registration.updated"
    changed: list[str]


class RegistrationCancelled(RegistrationEvent):
    type = "registration.cancelled"


# Presenters


class PresenterEvent(Event):
    presenter_id: str
    conference_id: str
    person_id: str
    email: str


class PresenterAdded(PresenterEvent):
    type = "presenter.added"


class PresenterRemoved(PresenterEvent):
    type = "presenter.removed"


# Recordings


class RecordingEvent(Event):
    recording_id: str
    conference_id: str


class RecordingReady(RecordingEvent):
    """A recording's MP4 is stored (`recordings.service.store_recording`)."""

    type = "recording.ready"
    duration_seconds: int
    size_bytes: int
    file_url: str


class RecordingPublished(RecordingEvent):
    """The conference's recording is published (`recordings.service.publish`):
    its on-demand page opens. ``first_time``: it was never published before
    (false when published again after being unpublished)."""

    type = "recording.published"
    published_at: datetime
    first_time: bool


class RecordingViewed(RecordingEvent):
    """Someone opened the on-demand page of a published recording; ``person_id``
    and ``registration_id`` are None for a viewer who entered without registering."""

    type = "recording.viewed"
    view_id: str
    person_id: str | None
    registration_id: str | None
    at: datetime


# Webhook endpoints (webhooks.delivery): for the account owner's mails.


class WebhookEndpointEvent(Event):
    endpoint_id: str
    url: str


class WebhookEndpointFailing(WebhookEndpointEvent):
    """Every attempt to the endpoint has failed for 24 hours (once per streak
    of failures): it is disabled if they go on for 3 days."""

    type = "webhook_endpoint.failing"
    failing_since: datetime


class WebhookEndpointDisabled(WebhookEndpointEvent):
    """The server disabled the endpoint: ``gone`` (the receiver answered 410)
    or ``failing`` (every attempt failed for 3 days)."""

    type = "webhook_endpoint.disabled"
    reason: Literal["gone", "failing"]
