"""BigMarker v1's answers (docs/bigmarker.md): the shapes the document's
tables give, with its field names. Every field is optional: BigMarker leaves
some out by type of webinar, and a server may add more (kept as extra)."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field

from webinarium.client.models._base import Model


class Channel(Model):
    """A channel: List Channels' fields (``channel_hosts`` there only)."""

    channel_id: str | None = None
    channel_url: str | None = None
    name: str | None = None
    overview: str | None = None
    description: str | None = None
    channel_hosts: list[Any] | None = None


class Conference(Model):
    """A webinar: Show Conference's fields (and every list's items)."""

    id: str | None = None
    title: str | None = None
    type: str | None = None
    copy_webinar_id: str | None = None
    master_webinar_id: str | None = None
    max_attendance: int | None = None
    purpose: str | None = None
    start_time: str | None = None
    duration: int | None = None
    conference_address: str | None = None
    channel_id: str | None = None
    webcast_mode: str | None = None
    presenter_exit_url: str | None = None
    end_time: str | None = None
    moderator_open_time: str | None = None
    audience_open_time: str | None = None
    first_admin_enter_time: str | None = None
    manual_end_time: str | None = None
    sub_url: str | None = None
    dial_in_information: dict[str, Any] | None = None
    presenters: list[Presenter] | None = None
    privacy: str | None = None
    exit_url: str | None = None
    enable_registration_email: bool | None = None
    enable_knock_to_enter: bool | None = None
    send_reminder_emails_to_presenters: bool | None = None
    show_reviews: bool | None = None
    enable_review_emails: bool | None = None
    can_view_poll_results: bool | None = None
    enable_ie_safari: bool | None = None
    enable_twitter: bool | None = None
    auto_invite_all_channel_members: bool | None = None
    recorded: bool | None = None
    registration_required_to_view_recording: bool | None = None
    who_can_watch_recording: str | None = None
    show_handout_on_page: bool | None = None
    background_image_url: str | None = None
    room_logo: str | None = None
    webhook_url: str | None = None
    enable_closed_caption: bool | None = None
    cc_original_language: str | None = None
    cc_display_language: str | None = None
    enable_breakout_rooms: bool | None = None
    enable_breakout_time: bool | None = None
    breakout_time_limit: int | None = None
    breakout_mode: str | None = None
    allow_breakout_mic: bool | None = None
    allow_breakout_cam: bool | None = None
    allow_breakout_screen: bool | None = None
    allow_breakout_whiteboard: bool | None = None
    allow_breakout_slide: bool | None = None
    main_room_return: bool | None = None
    unnassigned_attendee: str | None = None
    unnassigned_presenter: str | None = None
    breakout_room_total: str | None = None
    time_zone: str | None = None
    tags: list[Any] | None = None
    auto_publish_time: str | None = None
    auto_unpublish_time: str | None = None
    last_publish_time: str | None = None
    last_unpublish_time: str | None = None
    is_recording_published: bool | None = None
    # Once the webinar has ended and its recording is ready.
    recording_url: str | None = None
    recording_iframe: str | None = None
    # Create/Update's names, which this server also answers.
    webinar_tags: list[dict[str, str]] | None = None
    webinar_format: str | None = None
    series_id: str | None = None


class Presenter(Model):
    """A presenter of a webinar: Add a Presenter's fields (the same in Update
    and the conference's presenters list)."""

    presenter_id: str | None = None
    member_id: str | None = None
    conference_id: str | None = None
    display_name: str | None = None
    display_on_landing_page: bool | None = None
    presenter_image_url: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    presenter_url: str | None = None
    presenter_dial_in_number: str | None = None
    presenter_dial_in_id: str | None = None
    presenter_dial_in_passcode: str | None = None
    title: str | None = None
    bio: str | None = None
    can_manage: bool | None = None
    is_moderator: bool | None = None


class Success(Model):
    """The answer of a call that changes something and says only that it did:
    ``{"success": "…"}`` (where the document shows a bare sentence, it is read
    into ``success``; where it shows no answer, every field is None), or
    ``{"status": "success", "message": "…"}`` (Open polls)."""

    success: str | None = None
    status: str | None = None
    message: str | None = None


class Registrant(Model):
    """A registrant of a conference: the registration lists' fields
    (``custom_fields`` in Registrations with Fields only, ``checked_in_at`` in
    the checked-in list). ``bmid`` is the person, the same at every conference."""

    id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    enter_url: str | None = None
    bmid: str | None = None
    referral_domain: str | None = None
    source: str | None = None
    tracking_code: str | None = None
    earned_certificate: bool | None = None
    qualified_for_certificate: bool | None = None
    qr_code_value: str | None = None
    custom_user_id: str | None = None
    registered_at: str | None = None
    checked_in_at: str | None = None
    # One object of answers in a list, as Registrations with Fields shows it
    # (the reporting calls give the object itself).
    custom_fields: list[dict[str, Any]] | dict[str, Any] | None = None


class Registered(Model):
    """Register (and Register or Update): the registrant's own link into the
    conference; with ``show_full_data``, the registration too."""

    conference_url: str | None = None
    registration: Registrant | None = None


class RegistrationStatus(Model):
    """Check Registration Status: ``registered`` or ``not_registered``."""

    registration_status: str | None = None


class Attendee(Model):
    """Show Conference Attendees: one attendee (durations are seconds, as text)."""

    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    entered_at: str | None = None
    leaved_at: str | None = None
    total_duration: str | None = None
    engaged_duration: str | None = None
    chats_count: int | None = None
    qas_count: int | None = None
    polls_count: int | None = None
    polls: list[Any] | None = None
    questions: list[Any] | None = None
    handouts: list[Any] | None = None
    view_handout: list[Any] | None = None
    download_handout: list[Any] | None = None
    browser_name: str | None = None
    browser_version: str | None = None
    device_name: str | None = None


class Handout(Model):
    """A handout of a conference (the document's table calls the id ``Id``)."""

    id: str | None = Field(default=None, validation_alias=AliasChoices("id", "Id"))
    handout_name: str | None = None
    icon_url: str | None = None
    handout_link: str | None = None
    handout_url: str | None = None


class PreloadedFile(Model):
    """Upload a Pre-Loaded File: the file's id and its type."""

    success: str | None = None
    id: str | None = None
    file_type: str | None = None


class CustomField(Model):
    """A registration form's custom field."""

    id: str | None = None
    field_name: str | None = None
    field_type: str | None = None
    required: bool | None = None
    api_name: str | None = None
    options: list[Any] | None = None


class EnterLink(Model):
    """Enter a Conference: the token and the address that lets the person in."""

    enter_token: str | None = None
    enter_uri: str | None = None


class RecordingStatus(Model):
    """Show Recording Status. While the recording is processed,
    ``recording_status`` "Processing" (the document types it boolean; a
    BigMarker answer may carry only it; Webinarium's also says
    ``download_ready`` false)."""

    published: bool | None = None
    download_ready: bool | None = None
    conference_url: str | None = None
    recording_status: str | bool | None = None


class PublishedStatus(Model):
    """Publish / Unpublish Recording."""

    published_status: str | bool | None = None


class RecordingView(Model):
    """Show Recording Views: who watched the recording, and for how many minutes."""

    id: str | None = None
    bmid: str | None = None
    conference_id: str | None = None
    created_at: str | None = None
    watch_duration: int | None = None


class StatsReport(Model):
    """Download Statistics Report: where the report is."""

    report_url: str | None = None


class TranscriptLink(Model):
    """Download Transcript: where the transcript is."""

    transcript_url: str | None = None


class AdminLink(Model):
    """Get Admin URL: the link that enters as the channel admin."""

    admin_url: str | None = None


class AnalyticsReportStatus(Model):
    """Refresh Analytics Report: ``creating`` while the report is computed."""

    status: str | None = None


class HandoutDownload(Model):
    """Show Handout Download Data: downloads of a handout by one person (the
    document's table calls the handout's id ``Id``)."""

    id: str | None = Field(default=None, validation_alias=AliasChoices("id", "Id"))
    email: str | None = None
    download: int | None = None
    member_name: str | None = None
    handout_name: str | None = None


class DialIn(Model):
    """Show Dial In Data: one call into the conference."""

    number_called: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    bmid: str | None = None
    called_start_time: str | None = None
    called_duration: str | None = None
    role: str | None = None


class SurveyResponse(Model):
    """One answer to a survey question, and who gave it (``review``)."""

    review_response: str | None = None
    review: dict[str, Any] | None = None


class SurveyQuestion(Model):
    """A survey question and its answers."""

    question_title: str | None = None
    answer_type: str | None = None
    choice_type: str | None = None
    responses: list[SurveyResponse] | None = None


class ActivityLog(Model):
    """Show Activity Logs: one start or end of the webinar or its recording."""

    activity_type: str | None = None
    timestamp: str | None = None
    performed_by: str | None = None


class SeriesLink(Model):
    """Create / Update a Series: the series' address (and id, on this server)."""

    series_url: str | None = None
    id: str | None = None
