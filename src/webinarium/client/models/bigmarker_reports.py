"""BigMarker v1's Webinar Reporting answers (docs/bigmarker.md): the document's
field names, every field optional. Durations are text as the examples write
them ("62.9 min"); times as the server writes them (ISO 8601)."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field

from webinarium.client.models._base import Model


class PollAnswer(Model):
    """A poll a registrant answered (``polls_info``)."""

    question: str | None = None
    answer: str | None = None


class ReportRegistration(Model):
    """A row of Show Conference Registrations and of the no-shows: the
    document's keys, ``attended?`` (read as ``attended``) and ``BMID`` included."""

    id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    BMID: str | None = None  # the document's key
    coupon: str | None = None
    registration_date: str | None = None
    country: str | None = None
    time_zone: str | None = None
    active_consent: str | None = None
    traffic_source: str | None = None
    referral_domain: str | None = None
    tracking_code: str | None = None
    attended: str | None = Field(default=None, alias="attended?")
    watched_on_demand: str | None = None
    on_demand_duration: str | None = None
    duration: str | None = None
    engaged: str | None = None
    chats: int | None = None
    qa: int | None = None
    polls: int | None = None
    polls_info: list[PollAnswer] | None = None
    rating: int | None = None
    comment: str | None = None
    banned: str | None = None
    custom_fields: dict[str, Any] | list[Any] | None = None
    recording_duration: str | None = None
    live_duration: str | None = None


class ReportAttendee(ReportRegistration):
    """A row of Show Conference Attendees (live) and of the on-demand attendees."""

    enter_time: str | None = None
    exit_time: str | None = None
    OS: str | None = None  # the document's key
    browser: str | None = None
    downloaded: int | None = None
    handout_name: list[str] | str | None = None
    watched: str | None = None
    view_start_time: str | None = None


class Chat(Model):
    """A line of Show Conference Chats."""

    bmid: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    chat: str | None = None
    sendtime: str | None = None


class QuestionAsked(Model):
    """A question of Show Conference Q&A (``q_and_a``: its text)."""

    bmid: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    q_and_a: str | None = None
    sendtime: str | None = None
    responses: list[Any] | None = None


class EventSummary(Model):
    total_live_minutes_watched: float | None = None


class Activity(Model):
    """A row of the entry and exit log (``activity_type`` ``enter``/``exit``) or
    of the attendance monitor events (``ShowPopUp``/``ClickPopUp``)."""

    bmid: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    activity_type: str | None = None
    time: str | None = None


class PollResponse(Model):
    """One answer to a poll. The document's example spells ``fist_name``: read
    as ``first_name``; ``choice`` holds the choices space-separated."""

    first_name: str | None = Field(
        default=None, validation_alias=AliasChoices("first_name", "fist_name")
    )
    last_name: str | None = None
    bmid: str | None = None
    email: str | None = None
    choice: str | None = None
    time: str | None = None


class PollResult(Model):
    id: str | None = None
    question: str | None = None
    poll_responses: list[PollResponse] | None = None


class PollTranscript(Model):
    """Show information related to polls."""

    poll_count: int | None = None
    poll_response_rate: float | None = None
    polls: list[PollResult] | None = None


class OfferClick(Model):
    full_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    bmid: str | None = None
    email: str | None = None
    source: str | None = None
    time: str | None = None


class OfferResult(Model):
    id: str | None = None
    offer_name: str | None = None
    offer_data: list[OfferClick] | None = None


class OfferTranscript(Model):
    """Show information related to offers."""

    cta_pop_up_count: int | None = None
    cta_pop_up_clicked_count: int | None = None
    cta_pop_up_clicked_rate: float | None = None
    offers: list[OfferResult] | None = None


class EmailAction(Model):
    """A row of Show email analytics (the document's list key is ``xxx``)."""

    recipient: str | None = None
    recipient_name: str | None = None
    bmid: str | None = None
    conference_id: str | None = None
    subject: str | None = None
    action_type: str | None = None
    action_time: str | None = None


class Suppression(Model):
    """A suppressed address of a custom e-mail (Show suppressed)."""

    recipient: str | None = None
    action_type: str | None = None
    action_time: str | None = None


class EmailRates(Model):
    """One e-mail's numbers (percentages: the table says String, the example
    numbers; both are read)."""

    id: str | None = None
    sent_to: int | None = None
    delivery_rate: float | None = None
    bounce_rate: float | None = None
    open_rate: float | None = None
    click_rate: float | None = None
    unsubscribe_rate: float | None = None


class EmailStatistics(Model):
    """An e-mail type's statistics (Show Email Statistics Data's ``data`` items)."""

    email_type: str | None = None
    email_list: list[EmailRates] | None = None
