"""BigMarker v1's answers (docs/bigmarker.md): the shapes the document's
tables give, with its field names. Every field is optional: BigMarker leaves
some out by type of webinar, and a server may add more (kept as extra)."""

from __future__ import annotations

from typing import Any

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
