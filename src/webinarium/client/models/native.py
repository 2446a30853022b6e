"""The native API's answers as typed models (docs/native-api.md), field by
field from what the server's routes answer (src/webinarium/api/webinarium/).
A field the server adds later is kept (``model_extra``), so an older SDK keeps
reading a newer server; a field the server always sends is required, so an
answer that is not the route's is told at once."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, NotRequired, TypedDict

from webinarium.client.models._base import Model

# Files


class File(Model):
    """A file of the account's store (``/files``)."""

    id: str
    # ready, fetching or failed (with ``reason``).
    state: str
    reason: str
    file_name: str
    # The URL it was fetched from; None for an upload.
    source_url: str | None
    # None until ready (``size`` 0 and ``content_type`` "" then).
    url: str | None
    size: int
    content_type: str
    pages: int | None
    duration_seconds: float | None
    icon_url: str | None
    created_at: datetime


class ConferenceFile(Model):
    """A conference's pre-loaded file (``/conferences/{id}/files``)."""

    id: str
    conference_id: str
    name: str
    # whiteboard (a PDF or an image), video or audio.
    file_type: str
    file_url: str
    stored_file_id: str | None
    # The stored file's state; None for a URL that is not fetched (a video site's page).
    state: str | None
    size: int
    pages: int | None
    duration_seconds: float | None
    icon_url: str | None
    created_at: datetime


# Offers


class Offer(Model):
    """A call to action the room shows (``/conferences/{id}/offers``)."""

    id: str
    conference_id: str
    title: str
    button_text: str
    url: str
    created_at: datetime


# Surveys


class SurveyQuestionInput(TypedDict):
    """A question as `surveys.replace` sends it: ``kind`` text (the default),
    single (one of 2-20 ``choices``) or rating (1 to 5)."""

    text: str
    kind: NotRequired[Literal["text", "single", "rating"]]
    choices: NotRequired[list[str]]


class SurveyQuestion(Model):
    id: str
    # 1, 2, 3… in the survey.
    position: int
    text: str
    kind: str
    choices: list[str]


class Survey(Model):
    conference_id: str
    questions: list[SurveyQuestion]


class SurveyAnswer(Model):
    question_id: str
    person_id: str
    # The person's name and e-mail when they answered.
    name: str
    email: str
    # The text, the choice, or the rating "1" … "5".
    value: str
    answered_at: datetime


class SurveyAnswers(Model):
    conference_id: str
    # Oldest first, each person's answers in the questions' order.
    answers: list[SurveyAnswer]


# Attendance monitor


class AttendanceMonitorSettings(Model):
    enabled: bool
    interval_minutes: int
    answer_seconds: int


class AttendanceCheck(Model):
    """One attendee asked in one round of the monitor."""

    check_id: str
    round: int
    person_id: str
    # The person's e-mail and names when asked.
    email: str
    first_name: str
    last_name: str
    shown_at: datetime
    expires_at: datetime
    answered_at: datetime | None
    # asked (may still answer), answered or missed.
    state: str


class AttendanceChecks(Model):
    conference_id: str
    # Oldest check first.
    asked: list[AttendanceCheck]


# Check-in


class CheckIn(Model):
    registration_id: str
    qr_code_value: str
    person_id: str
    email: str
    first_name: str
    last_name: str
    name: str
    checked_in_at: datetime
    # api, host or person:<id> (a moderator's presenter link).
    checked_in_by: str | None
    # True when the registrant had checked in before (``checked_in_at`` is the first time).
    already: bool


class CheckInPage(Model):
    check_ins: list[CheckIn]
    # Every check-in of the conference, on every page.
    total: int
    next_after: str | None


# Evergreen webinars


class EvergreenSession(Model):
    id: str
    start_time: datetime
    end_time: datetime
    status: str


class EvergreenWebinar(Model):
    id: str
    title: str
    channel_id: str
    time_zone: str
    # "HH:MM" on the zone's clock.
    session_times: list[str]
    duration_minutes: int
    # Every session so far, by start; the last is the upcoming one.
    sessions: list[EvergreenSession]


# Registration webhook


class RegistrationWebhook(Model):
    # POST a registrant here (BigMarker's register body) to register them.
    url: str
    # BigMarker's enable_create_webinar_reg_webhook.
    enabled: bool


# Webhooks and the event feed


class Event(Model):
    """A domain event: an item of the event feed and the body of a webhook."""

    # Its number in the account's feed (1, 2, 3…); None for ``webhook.test``.
    seq: int | None
    type: str
    timestamp: datetime
    data: dict[str, Any]


class EventPage(Model):
    data: list[Event]
    # The last seq of the page (``after`` again when nothing is new).
    next_after: int


class WebhookEndpoint(Model):
    id: str
    url: str
    # The event types it hears, or "all".
    event_types: list[str] | Literal["all"]
    conference_id: str | None
    enabled: bool
    # requested (the API), gone (410), failing (3 days).
    disabled_reason: str | None
    disabled_at: datetime | None
    failing_since: datetime | None
    previous_secret_expires_at: datetime | None
    created_at: datetime


class WebhookEndpointWithSecret(WebhookEndpoint):
    """An endpoint as created or rotated: its ``secret`` is in this answer only."""

    # whsec_…
    secret: str


class WebhookEndpointPage(Model):
    data: list[WebhookEndpoint]
    # Send as ``after`` for the next page; None on the last one.
    next_after: str | None


class WebhookAttempt(Model):
    at: datetime
    # The receiver's status; None when there was no answer (see ``error``).
    status_code: int | None
    # timeout, connection error, address refused.
    error: str | None
    duration_ms: int
    # The answer's first KiB.
    response_body: str


class WebhookDelivery(Model):
    # The ``webhook-id`` of every attempt.
    id: str
    endpoint_id: str | None
    event_id: str | None
    event_type: str
    # The event's number in the feed; None for webhook.test.
    seq: int | None
    # pending, delivered, failed or skipped.
    status: str
    created_at: datetime
    next_attempt_at: datetime | None
    ended_at: datetime | None
    # First first.
    attempts: list[WebhookAttempt]


class WebhookDeliveryPage(Model):
    data: list[WebhookDelivery]
    next_after: str | None


class SigningSecret(Model):
    """The account's secret for BigMarker's per-webinar hooks."""

    # whsec_…
    secret: str
    previous_secret_expires_at: datetime | None
