"""Event types a webhook can listen to, changes to a conference's subscriptions
and to Webinarium's own endpoints."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# A webhook URL's longest.
URL_MAX = 2048


class EventType(StrEnum):
    """The domain events (issue 8's registry) a subscription can name, plus one
    that BigMarker's per-webinar hooks are stored under and no outbox event
    carries: ``attendance.live_data``, what the live attendee data hook hears
    (``conference.ended`` fires it: `api.bigmarker.webhook_payloads`)."""

    REGISTRATION_CREATED = "registration.created"
    CONFERENCE_CREATED = "conference.created"
    CONFERENCE_WAITING_ROOM_OPENED = "conference.waiting_room_opened"
    CONFERENCE_STARTED = "conference.started"
    CONFERENCE_ENDED = "conference.ended"
    ATTENDANCE_LIVE_DATA = "attendance.live_data"
    RECORDING_VIEWED = "recording.viewed"


class WebhookChange(BaseModel):
    """Sets a conference's subscription named ``label``. Fields left out stay as they
    are; a subscription switched off with no URL is removed."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=100)
    event_type: EventType
    url: str | None = None
    enabled: bool = False


class EndpointChange(BaseModel):
    """What ``PATCH /webhook_endpoints/{id}`` may change; fields left out stay."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, max_length=URL_MAX)
    # A list of event types, or "all".
    event_types: list[str] | Literal["all"] | None = None
    conference_id: str | None = None
    enabled: bool | None = None


class EndpointInput(EndpointChange):
    """``POST /webhook_endpoints``: ``url`` is required; every event type of the
    whole account unless told otherwise; enabled unless told otherwise."""

    url: str = Field(max_length=URL_MAX)
    event_types: list[str] | Literal["all"] = "all"
    enabled: bool = True
