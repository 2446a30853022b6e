"""Domain inputs and the typed settings document of a conference.

Inputs are dialect-neutral: a dialect maps its own vocabulary onto them. Fields a
caller did not send stay out of ``model_fields_set`` and leave the conference as
it is on update.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum, auto
from typing import TYPE_CHECKING, Any, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from webinarium.kit.text import SearchText
from webinarium.webhooks.schemas import WebhookChange

if TYPE_CHECKING:
    from sqlalchemy import Row

    from webinarium.models import Conference


class ConferenceKind(StrEnum):
    WEBINAR = "webinar"
    RECURRING_PARENT = "recurring_parent"
    RECURRING_CHILD = "recurring_child"
    MEETING_SPACE = "meeting_space"
    SERIES = "series"
    # A daily schedule (``ConferenceSettings.evergreen_session_times``) whose
    # sessions are created one upcoming at a time (conferences.evergreen).
    EVERGREEN_PARENT = "evergreen_parent"
    EVERGREEN_CHILD = "evergreen_child"


class ConferenceStatus(StrEnum):
    """Where a conference is in its life; only ``conferences.lifecycle`` changes it.

    scheduled → open (waiting room) → live → ended, or scheduled/open → cancelled.
    """

    SCHEDULED = auto()
    OPEN = auto()
    LIVE = auto()
    ENDED = auto()
    CANCELLED = auto()


class ConferencePhase(StrEnum):
    """What a listing calls a conference now: its status read with the clock
    (``conferences.lifecycle.phase_of``). Each dialect names the phases in its
    own words (BigMarker ``future``/``happening_now``/``past``, MyOwnConference
    ``ACTIVE``/``FINISHED``)."""

    UPCOMING = auto()
    LIVE = auto()
    OVER = auto()


class ConferenceFormat(StrEnum):
    WEBINAR = "webinar"
    LIVESTREAM = "livestream"
    ON_DEMAND = "on_demand"


Privacy = Literal["public", "private"]
WebcastMode = Literal["automatic", "required", "optional"]
WhoCanWatchRecording = Literal[
    "everyone", "channel_admin_only", "channel_subscribers", "attendees", "attendees_registrants"
]
BreakoutAssignment = Literal["Random", "Manual", "Stay"]
# What an attendee may be asked on the room's login form (MyOwnConference's
# loginfields); the one list every dialect checks against.
LoginField = Literal["name", "email", "phone", "skype", "city", "company", "department", "born"]
LOGIN_FIELDS: tuple[LoginField, ...] = get_args(LoginField)
# The longest title of a conference (MyOwnConference's webinar "name" too).
TITLE_MAX = 100
AttendeeEmailKind = Literal[
    "registration_confirmation",
    "three_days_before",
    "one_day_before",
    "one_hour_before",
    "started",
    "follow_up",
]


class AttendeeEmail(BaseModel):
    """One kind of e-mail to attendees: whether it is sent, and the organiser's
    text added to it. (The registration confirmation's switch is
    ``enable_registration_email``.)"""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    text: str = ""


class ConferenceSettings(BaseModel):
    """Settings no query filters on, stored as one JSON document per conference.

    Names follow BigMarker's Show Conference fields, the richest vocabulary we
    speak; defaults are the documented ones.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    webcast_mode: WebcastMode = "automatic"
    # The name the organiser picked for the conference's time zone, where a dialect
    # has several names for one zone (BigMarker's "Mumbai" and "New Delhi").
    time_zone_name: str | None = None
    presenter_exit_url: str | None = None
    exit_url: str | None = None
    enable_dial_in: bool = False
    # A link to the logo; an uploaded logo (room_logo_file_id) wins over it.
    room_logo: str | None = None
    room_logo_link: str | None = None
    conference_logo: str | None = None
    apply_conference_logo_to_channel: bool = False
    room_sub_title: str | None = None
    room_type: Literal["1", "attendee_as_presenter", "attendee_mic_and_cam"] | None = None
    display_language: str | None = None
    background_image_url: str | None = None
    icon: str | None = None
    banner_filter_percentage: float = Field(default=0, ge=0, le=0.6)
    show_handout_on_page: bool = False
    ondemand_video_url: str | None = None
    channel_admin_id: str | None = None
    # Who may enter and when (minutes before the start).
    presenter_advanced_enter_time: Literal[60, 120, 180] = 60
    attendee_advanced_enter_time: Literal[15, 30] = 15
    enable_knock_to_enter: bool = False
    auto_share_camera: bool = True
    meeting_style: Literal["Classic", "New_experience"] = "New_experience"
    owner_email: str | None = None
    owner_first_name: str | None = None
    owner_last_name: str | None = None
    # E-mails.
    enable_registration_email: bool = True
    send_notification_emails_to_presenters: bool = True
    send_reminder_emails_to_presenters: bool = True
    enable_review_emails: bool = True
    send_cancellation_email: bool = True
    # The room.
    show_reviews: bool = True
    can_view_poll_results: bool = True
    enable_ie_safari: bool = False
    enable_twitter: bool = True
    enable_closed_caption: bool = False
    cc_original_language: Literal[
        "English_US",
        "English_UK",
        "German",
        "Spanish",
        "Japanese",
        "Korean",
        "French",
        "Portuguese",
        "Chinese_Simplified",
        "Chinese_Traditional",
        "Russian",
    ] = "English_US"
    cc_display_language: str = "English"
    enable_breakout_rooms: bool = False
    enable_breakout_time: bool = False
    breakout_time_limit: int | None = Field(default=None, ge=1)
    breakout_mode: Literal["Interactive", "Webcast"] = "Interactive"
    allow_breakout_mic: bool = True
    allow_breakout_cam: bool = True
    allow_breakout_screen: bool = False
    allow_breakout_whiteboard: bool = False
    allow_breakout_slide: bool = False
    main_room_return: bool = False
    unnassigned_attendee: BreakoutAssignment = "Manual"
    unnassigned_presenter: BreakoutAssignment = "Stay"
    breakout_room_total: int | None = Field(default=None, ge=1, le=50)
    # Which registration list of the conference is in force (access.service).
    registration_list: Literal["block_list", "allow_list"] | None = None
    # A new registration waits for the organiser's approval (registrations.approval).
    registration_approval: bool = False
    # The public registration page (pages/landing.py): a consent the visitor must
    # give, shown as its checkbox's label; registration closed by the organiser;
    # at most this many registrations in force (registrations.service).
    registration_consent_text: str | None = Field(default=None, max_length=2000)
    registration_closed: bool = False
    registration_limit: int | None = Field(default=None, ge=1)
    # Recording.
    who_can_watch_recording: WhoCanWatchRecording = "everyone"
    registration_required_to_view_recording: bool = True
    # Whether the webinar accepts registrations sent to it by an incoming webhook
    # (BigMarker's wording). Outgoing webhooks are subscriptions (webhooks domain).
    enable_create_webinar_reg_webhook: bool = False
    # Series.
    series_format: Literal[
        "summit",
        "course",
        "business-unusual",
        "enterprise_summit",
        "tradeshow",
        "single_stage_lobby",
        "full_experience_summit",
        "lounge",
        "lobby_button",
        "matlab_expo",
    ] = "summit"
    presenter_alias: str | None = None
    # The room and its login page (MyOwnConference's webinarsSet settings). Uploaded
    # images are files of the file store (files/store.py), named by their ids; a logo
    # is a link (room_logo) or an upload, setting one clears the other.
    room_logo_file_id: str | None = None
    # An evergreen parent's sessions: times of day ("HH:MM") on its zone's clock.
    evergreen_session_times: list[str] | None = None
    room_banner_file_id: str | None = None
    room_banner_link: str | None = None
    google_analytics_id: str | None = None
    presenter_camera_position: Literal["left", "right"] | None = None
    presenter_camera_size: Literal["small", "medium", "large"] | None = None
    theme_background: str | None = Field(default=None, pattern=r"^#[0-9a-f]{6}$")
    theme_text: str | None = Field(default=None, pattern=r"^#[0-9a-f]{6}$")
    show_attendee_list: bool = True
    show_country_flags: bool = True
    show_question_button: bool = True
    # Moderated Q&A: a question reaches the audience only once a moderator
    # approves it (the room's qa.approve); until then the staff and the asker see it.
    moderate_questions: bool = False
    # The attendance monitor: while the webinar is live, attendees are asked
    # "are you still there?" every interval and have the answer time to say so.
    attendance_monitor: bool = False
    attendance_monitor_interval_minutes: int = Field(default=10, ge=1, le=240)
    attendance_monitor_answer_seconds: int = Field(default=60, ge=10, le=600)
    show_raise_hand_button: bool = True
    attendee_chat: bool = True
    show_countdown: bool = True
    login_show_start: bool = True
    login_show_title: bool = True
    login_show_presenters: bool = True
    login_show_social_buttons: bool = True
    login_show_seats_left: bool = False
    login_fields: list[LoginField] = ["name", "email"]
    # Participants who sign in are put in this participant group.
    participant_group_id: str | None = None
    # Minutes before the start attendees may enter, when set more finely than
    # attendee_advanced_enter_time allows.
    attendee_early_entry_minutes: int | None = Field(default=None, ge=5, le=60)
    personal_enter_links: bool = False
    personal_recording_links: bool = False
    # Janus records the webinar from its start to its end without a moderator's
    # room.record.start (media/recording.py); no dialect names such a setting.
    auto_record: bool = False
    recording_layout: Literal["webcams", "area_no_chat", "area", "whole_room"] = "whole_room"
    record_attendee_list: bool = False
    record_presenter_names: bool = False
    record_chat: bool = True
    recording_quality: Literal[0, 1, 2, 3] = 1
    send_recording_link: bool = False
    send_recording_to: Literal["everyone", "attended", "missed"] = "everyone"
    # E-mails to attendees: a switch for all of them, and each kind's own settings.
    send_attendee_emails: bool = True
    attendee_emails: dict[AttendeeEmailKind, AttendeeEmail] = Field(default_factory=dict)
    # Boomstream's folder of the conference ("a8GESjhK"); folders themselves are
    # not modelled, the code is kept as the client gave it.
    folder_code: str | None = Field(default=None, max_length=64)


def settings_of(conference: Conference) -> ConferenceSettings:
    """The conference's settings document, typed and with its defaults: the one
    way code reads it (``conferences.service`` is the one way to change it)."""
    return ConferenceSettings.model_validate(conference.settings)


def setting(conference: Conference | Row[Any], name: str) -> Any:
    """One setting of the conference as stored (its JSON form), or its default,
    without validating the whole document again (it was validated when written):
    for listings that show one or two settings of every row (a conference, or a
    row with its ``settings`` column). Everything else reads `settings_of`."""
    stored = conference.settings
    if name in stored:
        return stored[name]
    return ConferenceSettings.model_fields[name].get_default(call_default_factory=True)


# Settings a client may set by name; the rest are kept by the services themselves.
SETTING_NAMES = frozenset(ConferenceSettings.model_fields) - {
    "time_zone_name",
    "folder_code",
    "room_logo_file_id",
    "room_banner_file_id",
}


class Tag(BaseModel):
    """A webinar tag: one name, one or more values."""

    api_name: str = Field(min_length=1, max_length=100)
    values: list[str] = Field(min_length=1)


FieldType = Literal["text", "textarea", "dropdown", "checkbox", "radio", "number", "date"]


class CustomFieldInput(BaseModel):
    field_name: str = Field(min_length=1, max_length=255)
    field_type: FieldType = "text"
    required: bool = False
    # Defaults to the slug of field_name; answers are keyed by it.
    api_name: str | None = Field(default=None, max_length=100)
    options: list[str] = Field(default_factory=list)


class ConferenceChanges(BaseModel):
    """What a caller may change. Naive datetimes are wall-clock times in the
    conference's time zone; aware ones are absolute."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX)
    purpose: str | None = None
    format: ConferenceFormat | None = None
    kind: ConferenceKind | None = None
    start: datetime | None = None
    end: datetime | None = None
    recurring_starts: list[datetime] | None = None
    duration_minutes: int | None = None
    time_zone: str | None = None
    sub_url: str | None = None
    privacy: Privacy | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    tags: list[Tag] | None = None
    custom_fields: list[CustomFieldInput] | None = None
    # Changes to the conference's own webhook subscriptions (webhooks.service).
    webhooks: list[WebhookChange] = Field(default_factory=list)


class ConferenceDraft(ConferenceChanges):
    """A new conference: ``copy_from_id`` starts from an existing one (see
    ``service.COPIED_ATTRIBUTES``), the other fields override what is copied."""

    channel_id: str
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    kind: ConferenceKind = ConferenceKind.WEBINAR
    copy_from_id: str | None = None


class EvergreenChanges(BaseModel):
    """What may change of an evergreen webinar: at least one of these (null is
    left out); each is checked as on creation (`conferences.evergreen`)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX)
    time_zone: str | None = None
    session_times: list[str] | None = None
    duration_minutes: int | None = None

    @model_validator(mode="after")
    def _something_changes(self) -> Self:
        if all(getattr(self, name) is None for name in EvergreenChanges.model_fields):
            names = ", ".join(EvergreenChanges.model_fields)
            raise ValueError(f"nothing to change: give at least one of {names}")
        return self


class EvergreenDraft(EvergreenChanges):
    """A new evergreen webinar: sessions every day at ``session_times`` ("HH:MM",
    1 to 24, distinct) in ``time_zone``, each ``duration_minutes`` long; in the
    account's main channel unless ``channel_id`` is given."""

    title: str = Field(min_length=1, max_length=TITLE_MAX)
    channel_id: str | None = None
    time_zone: str
    session_times: list[str] = Field(min_length=1, max_length=24)
    duration_minutes: int


class ConferenceQuery(BaseModel):
    """A filter over the caller's conferences; every given condition must hold.

    ``phases`` are read with the clock (``lifecycle.phase_of``); kinds in
    ``always_open_kinds`` (meeting spaces) match whatever the phase, as they never
    close.
    """

    kinds: set[ConferenceKind] | None = None
    always_open_kinds: set[ConferenceKind] = Field(default_factory=set)
    formats: set[ConferenceFormat] | None = None
    phases: set[ConferencePhase] | None = None
    recorded: bool | None = None
    title_contains: SearchText | None = None
    starts_after: datetime | None = None
    # Starting strictly before this moment.
    starts_before: datetime | None = None
    ends_before: datetime | None = None
    ids: list[str] | None = None
    parent_id: str | None = None
    series_id: str | None = None
    tags: list[Tag] = Field(default_factory=list)
    # Conferences where one of these people presents.
    presenter_member_ids: list[str] | None = None
    # Conferences the API caller attends. API keys belong to the account, not to
    # a person, so nothing matches; kept so the filter is not silently ignored.
    attending_only: bool = False
    channel_id: str | None = None
    # Conferences of any of these channels (a console user's who administers them).
    channel_ids: list[str] | None = None
    privacy: Privacy | None = None
    # Conferences with a registration of this person, directly or through their
    # recurring parent or their series.
    registered_person_id: str | None = None
    newest_first: bool = False
