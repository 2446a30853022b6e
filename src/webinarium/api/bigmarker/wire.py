"""BigMarker's response shapes, built from domain objects.

A conference renders as the document's Show Conference object (every field of its
Response Body table, in order), followed by the request-only settings a client
may have set on create/update, so that everything written can be read back.
Times are "YYYY-MM-DD HH:MM" on the conference's wall clock, as the document's
example shows, with ``time_zone`` saying which clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from webinarium.api.bigmarker import webhooks, wire_people
from webinarium.api.bigmarker.timezones import to_rails
from webinarium.conferences import service as conferences
from webinarium.conferences.room import room_logo_url
from webinarium.conferences.schemas import ConferenceKind, ConferenceSettings, Tag, settings_of
from webinarium.conferences.service import ConferenceActivity, ConferenceDetails
from webinarium.files.schemas import icon_url
from webinarium.kit.pagination import Page
from webinarium.kit.time import iso_utc, shifted, wall_clock
from webinarium.models import (
    Conference,
    ConferenceFile,
    CustomField,
    Handout,
    Person,
    Registration,
    StoredFile,
)
from webinarium.recordings.service import on_demand_address
from webinarium.registrations.service import enter_link

_TYPES = {
    ConferenceKind.RECURRING_PARENT: "recurring_parent",
    ConferenceKind.RECURRING_CHILD: "recurring_child",
    ConferenceKind.EVERGREEN_PARENT: "evergreen_parent",
    ConferenceKind.EVERGREEN_CHILD: "evergreen_child",
    ConferenceKind.MEETING_SPACE: "meetingspace",
    ConferenceKind.SERIES: "series",
}
_FORMAT_TYPES = {"livestream": "webcast", "on_demand": "ondemand"}

# Show Conference fields read straight from the settings document.
_SHOWN_SETTINGS = (
    "presenter_exit_url",
    "exit_url",
    "enable_registration_email",
    "enable_knock_to_enter",
    "send_reminder_emails_to_presenters",
    "show_reviews",
    "enable_review_emails",
    "can_view_poll_results",
    "enable_ie_safari",
    "enable_twitter",
)
_ROOM_SETTINGS = (
    "show_handout_on_page",
    "background_image_url",
    "room_logo",
    "webhook_url",
    "enable_closed_caption",
    "cc_original_language",
    "cc_display_language",
    "enable_breakout_rooms",
    "enable_breakout_time",
    "breakout_time_limit",
    "breakout_mode",
    "allow_breakout_mic",
    "allow_breakout_cam",
    "allow_breakout_screen",
    "allow_breakout_whiteboard",
    "allow_breakout_slide",
    "main_room_return",
    "unnassigned_attendee",
    "unnassigned_presenter",
    "breakout_room_total",
)
# Create/Update parameters that Show Conference does not list.
_REQUEST_ONLY_SETTINGS = (
    "enable_dial_in",
    "conference_logo",
    "apply_conference_logo_to_channel",
    "room_sub_title",
    "room_type",
    "display_language",
    "icon",
    "banner_filter_percentage",
    "ondemand_video_url",
    "channel_admin_id",
    "presenter_advanced_enter_time",
    "attendee_advanced_enter_time",
    "send_notification_emails_to_presenters",
    "send_cancellation_email",
    "enable_create_webinar_reg_webhook",
    "enable_new_reg_webhook",
    "new_reg_webhook_url",
    "enable_webinar_start_webhook",
    "webinar_start_webhook_url",
    "enable_waiting_room_open_webhook",
    "waiting_room_open_webhook_url",
    "enable_webinar_end_webhook",
    "webinar_end_webhook_url",
    "enable_live_attendee_data_webhook",
    "live_attendee_data_webhook_url",
    "enable_on_demand_viewer_webhook",
    "on_demand_viewer_webhook_url",
)


def local_time(moment: datetime | None, time_zone: str) -> str | None:
    if moment is None:
        return None
    return wall_clock(moment, time_zone)


def conference_address(base_url: str, details: ConferenceDetails) -> str:
    return conferences.conference_address(base_url, details)


def conference_type(conference: Conference) -> str:
    kind = ConferenceKind(conference.kind)
    if kind in _TYPES:
        return _TYPES[kind]
    return _FORMAT_TYPES.get(conference.format, "webinar")


def webinar_tags(tags: list[Tag]) -> list[dict[str, str]]:
    return [{tag.api_name: ",".join(tag.values)} for tag in tags]


def _shown(
    settings: ConferenceSettings, hooks: dict[str, Any], names: tuple[str, ...]
) -> dict[str, Any]:
    """The fields ``names``: webhook fields from the subscriptions, the rest from the settings."""
    return {name: hooks[name] if name in hooks else getattr(settings, name) for name in names}


def decimal_text(value: float) -> str:
    """A number as the document types it, a String: ``0``, ``0.35``."""
    return f"{value:g}"


def event_type(conference: Conference) -> str:
    """Every event here is held online: a webinar, or a series of them."""
    return "series" if ConferenceKind(conference.kind) == ConferenceKind.SERIES else "webinar"


def preload_file(row: ConferenceFile) -> dict[str, Any]:
    return {
        "id": row.id,
        # No name is stored with a file: the last segment of its URL.
        "file_name": unquote(PurePosixPath(urlsplit(row.file_url).path).name) or row.file_url,
        "file_type": row.file_type,
        "file_url": row.file_url,
    }


def webinar_stats(activity: ConferenceActivity) -> dict[str, Any]:
    """Counts this server keeps; nothing is sold (revenue 0), no invitation is
    sent (invited 0) and page views are not counted (null)."""
    return {
        "registrants": activity.registrants,
        "revenue": "0",
        "total_attendees": activity.attendees,
        "page_views": None,
        "invited": 0,
    }


def associated_series(base_url: str, activity: ConferenceActivity) -> list[dict[str, Any]]:
    series, channel = activity.series, activity.series_channel
    if series is None or channel is None:
        return []
    return [
        {
            "title": series.title,
            "series_id": series.id,
            "format": series.format,
            "public_url": conferences.page_address(base_url, channel.url, series),
        }
    ]


def conference(base_url: str, details: ConferenceDetails, secret_key: str) -> dict[str, Any]:
    if details.webhooks is None or details.activity is None:
        raise ValueError(
            "a conference is rendered with its webhook subscriptions and activity: describe them"
        )
    activity = details.activity
    c = details.conference
    s = settings_of(c)
    hooks = webhooks.fields(details.webhooks)
    tz = c.time_zone
    tags = webinar_tags(details.tags)
    body: dict[str, Any] = {
        "id": c.id,
        "title": c.title,
        "type": conference_type(c),
        "copy_webinar_id": c.copied_from_id,
        "master_webinar_id": c.parent_id,
        "max_attendance": c.max_attendance,
        "purpose": c.purpose,
        "start_time": local_time(c.start_at, tz),
        "duration": c.duration_minutes,
        "conference_address": conference_address(base_url, details),
        "channel_id": details.channel.id,
        "webcast_mode": s.webcast_mode,
        "presenter_exit_url": s.presenter_exit_url,
        "end_time": local_time(c.end_at, tz),
        "moderator_open_time": local_time(
            shifted(c.start_at, -timedelta(minutes=s.presenter_advanced_enter_time)), tz
        ),
        "audience_open_time": local_time(
            shifted(c.start_at, -timedelta(minutes=s.attendee_advanced_enter_time)), tz
        ),
        "first_admin_enter_time": local_time(c.first_admin_enter_at, tz),
        "manual_end_time": local_time(c.manual_end_at, tz),
        "sub_url": c.sub_url,
        # No telephone bridge yet: dial-in is a stored setting (enable_dial_in).
        "dial_in_information": None,
        "presenters": [
            wire_people.presenter(secret_key, conference_address(base_url, details), p)
            for p in details.presenters
        ],
        "privacy": c.privacy,
    }
    body.update({name: getattr(s, name) for name in _SHOWN_SETTINGS})
    body["auto_invite_all_channel_members"] = False
    body["recorded"] = c.recorded
    body["registration_required_to_view_recording"] = s.registration_required_to_view_recording
    body["who_can_watch_recording"] = s.who_can_watch_recording
    body.update(_shown(s, hooks, _ROOM_SETTINGS))
    body["room_logo"] = room_logo_url(s, base_url)
    body["time_zone"] = to_rails(tz, s.time_zone_name)
    body["tags"] = tags
    body.update(_recording_fields(base_url, details, tz))
    body["webinar_tags"] = tags
    body["webinar_format"] = c.format
    body["series_id"] = c.series_id
    body.update(_shown(s, hooks, _REQUEST_ONLY_SETTINGS))
    body["banner_filter_percentage"] = decimal_text(s.banner_filter_percentage)
    # Fields clients' schemas read that the Show table omits (docs/bigmarker.md).
    body.update(
        event_type=event_type(c),
        language=s.display_language or "en",
        meeting_mode=ConferenceKind(c.kind) == ConferenceKind.MEETING_SPACE,
        custom_event_id=None,
        disclaimer=None,
        preload_files=[preload_file(f) for f in activity.files],
        webinar_stats=webinar_stats(activity),
        associated_series=associated_series(base_url, activity),
    )
    return body


def _recording_fields(base_url: str, details: ConferenceDetails, tz: str) -> dict[str, Any]:
    """Publication of the newest recording (docs/recordings.md); its on-demand
    page only when there is one. Nothing publishes on a schedule: the auto times
    are null."""
    recording = None if details.activity is None else details.activity.recording
    fields: dict[str, Any] = {
        "auto_publish_time": None,
        "auto_unpublish_time": None,
        "last_publish_time": None if recording is None else local_time(recording.published_at, tz),
        "last_unpublish_time": (
            None if recording is None else local_time(recording.unpublished_at, tz)
        ),
        "is_recording_published": recording is not None and recording.published,
    }
    if recording is not None:
        page = on_demand_address(conference_address(base_url, details))
        fields["recording_url"] = page
        fields["recording_iframe"] = (
            f'<iframe src="{page}" width="960" height="540" allowfullscreen></iframe>'
        )
    return fields


def conference_page(
    base_url: str,
    page: Page[Any],
    items: list[ConferenceDetails],
    secret_key: str,
    *,
    list_key: str = "conferences",
) -> dict[str, Any]:
    return {
        "current_page": page.request.page,
        "per_page": page.request.per_page,
        "total_pages": page.total_pages,
        "total_entries": page.total,
        list_key: [conference(base_url, d, secret_key) for d in items],
    }


def meeting_space(base_url: str, details: ConferenceDetails) -> dict[str, Any]:
    s = settings_of(details.conference)
    return {
        "id": details.conference.id,
        "title": details.conference.title,
        "url": conference_address(base_url, details),
        "knock_to_enter": "Closed" if s.enable_knock_to_enter else "Open",
        "auto_share_camera": s.auto_share_camera,
        "display_dial_in": s.enable_dial_in,
        "meeting_style": s.meeting_style,
        "logo": room_logo_url(s, base_url),
        "logo_url": s.room_logo_link,
        "background_image": s.background_image_url,
        "preview_image": s.icon,
    }


def handout(base_url: str, row: Handout, stored: StoredFile | None) -> dict[str, Any]:
    """``stored``: the file fetched from the handout's URL, if any."""
    return {
        "id": row.id,
        "handout_name": row.title,
        # The fetched file's icon (a PDF's first page, an image itself); null
        # until it is fetched, and for a link or a file that failed.
        "icon_url": icon_url(stored, base_url),
        "handout_link": row.link_url,
        "handout_url": row.file_url,
    }


def custom_field(row: CustomField) -> dict[str, Any]:
    return {
        "id": row.id,
        "field_name": row.field_name,
        "field_type": row.field_type,
        "required": row.required,
        "api_name": row.api_name,
        "options": row.options,
    }


def registration(
    secret_key: str,
    conference_address: str,
    row: Registration,
    person: Person,
    fields: list[CustomField] | None,
    *,
    use_api_name: bool,
    checked_in: bool = False,
) -> dict[str, Any]:
    """A registrant as the registration lists show one. With ``fields``, the
    answers follow under ``custom_fields`` keyed by field title (or api name);
    answers to keys that name no field stay under their key. The checked-in
    list (``checked_in``) adds when they checked in.

    ``id`` is the registration's: a registrant is a person at one conference,
    and clients key registrant rows on ``id`` per conference (``bmid``, the
    person, is the same at every conference)."""
    body: dict[str, Any] = {
        "id": row.id,
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "enter_url": enter_link(secret_key, conference_address, row),
        "bmid": person.id,
        "referral_domain": row.referral_domain,
        "source": row.source,
        "tracking_code": row.tracking_code,
        # Certificates come with attendance reporting.
        "earned_certificate": False,
        "qualified_for_certificate": False,
        "qr_code_value": row.id,
        "custom_user_id": person.custom_user_id,
        "registered_at": iso_utc(row.registered_at),
    }
    if checked_in and row.checked_in_at is not None:
        body["checked_in_at"] = iso_utc(row.checked_in_at)
    if fields is not None:
        names = {f.id: (f.api_name if use_api_name else f.field_name) for f in fields}
        body["custom_fields"] = [{names.get(key, key): value for key, value in row.answers.items()}]
    return body
