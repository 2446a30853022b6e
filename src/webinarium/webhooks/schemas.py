"""Event types a webhook can listen to, and changes to a conference's subscriptions."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class EventType(StrEnum):
    """The domain events (issue 8's registry) a subscription can name, plus two that
    BigMarker's per-webinar hooks need and the registry does not have yet:
    ``attendance.live_data`` (the live attendee data sent during a webinar) and
    ``recording.viewed`` (someone watched the on-demand recording)."""

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
