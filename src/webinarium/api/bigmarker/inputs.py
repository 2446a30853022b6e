"""BigMarker request vocabulary → domain inputs.

Parameter names that differ from the Show Conference names they set
(``registration_conf_emails`` → ``enable_registration_email``…) are renamed
here; ``schedule_type`` picks the conference kind; times are parsed as the
document writes them. Unknown parameters are ignored, as the document asks.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, get_args

from pydantic import ValidationError

from webinarium.api.bigmarker import webhooks
from webinarium.api.bigmarker.timezones import rails_name, to_iana
from webinarium.api.params import Params
from webinarium.api.reads import Param
from webinarium.conferences.schemas import (
    SETTING_NAMES,
    TITLE_MAX,
    ConferenceChanges,
    ConferenceDraft,
    ConferenceFormat,
    ConferenceKind,
    ConferenceSettings,
    CustomFieldInput,
    Privacy,
    Tag,
)
from webinarium.kit.errors import InvalidInput, invalid_input_from, validated
from webinarium.kit.time import TimeRefused, parse_moment
from webinarium.models import Conference

SCHEDULE_TYPES = {
    "one_time": ConferenceKind.WEBINAR,
    "24_hour_room": ConferenceKind.MEETING_SPACE,
    "multiple_times": ConferenceKind.RECURRING_PARENT,
}
RENAMED_SETTINGS = {
    "registration_conf_emails": "enable_registration_email",
    "review_emails": "enable_review_emails",
    "poll_results": "can_view_poll_results",
}
_INTEGER_SETTINGS = {
    "presenter_advanced_enter_time",
    "attendee_advanced_enter_time",
    "breakout_time_limit",
    "breakout_room_total",
}


def parse_time(name: str, value: str | None) -> datetime | None:
    """ "2020-01-01 15:00" (wall clock), ISO 8601 with or without offset, or Unix
    seconds, in the accepted range: `kit.time.parse_moment`."""
    if value is None or not value.strip():
        return None
    try:
        return parse_moment(value)
    except TimeRefused as refused:
        raise InvalidInput(f"{name} {refused}") from None


def time_zone(params: Params, name: str = "time_zone") -> str | None:
    value = params.text(name)
    if value is None or not value.strip():
        return None
    iana = to_iana(value)
    if iana is None:
        raise InvalidInput(f"{name}: unknown time zone {value!r} (see the Time Zones section)")
    return iana


# ``webinar_tags`` in bracket notation, as Rails and PHP (http_build_query)
# encode an array of objects in a query string or form:
# ``webinar_tags[][topic]=x``, ``webinar_tags[0][topic]=x``, ``webinar_tags[topic]=x``.
_BRACKETED_TAG = re.compile(r"^webinar_tags(?:\[\d*\])?\[([^\[\]]+)\]$")


def _bracketed_tags(params: Params) -> list[dict[str, Any]] | None:
    found: list[dict[str, Any]] = []
    for name, value in params.values.items():
        match = _BRACKETED_TAG.match(name)
        if match is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            found.append({match.group(1): item})
    return found or None


def tags(params: Params) -> list[Tag] | None:
    """``[{"tag_api_name": "value"}, {"other": "a,b"}]`` (JSON, a JSON string, or
    bracket notation); several values are comma-joined."""
    value = params.structured("webinar_tags")
    if value is None:
        value = _bracketed_tags(params)
    if value is None:
        return None
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InvalidInput('webinar_tags must look like [{"tag_api_name": "tag value"}]')
    # One tag per name: a name given twice ({"topic": "a"}, {"topic": "b"}) is
    # one tag with both values, so a filter matches either, as "a,b" does.
    values_by_name: dict[str, list[str]] = {}
    for item in value:
        for api_name, raw in item.items():
            values = values_by_name.setdefault(str(api_name), [])
            for word in str(raw).split(","):
                if word.strip() and word.strip() not in values:
                    values.append(word.strip())
    try:
        return [
            Tag(api_name=name, values=values) for name, values in values_by_name.items() if values
        ]
    except ValidationError as error:
        raise invalid_input_from(error, within="webinar_tags") from None


def custom_fields(params: Params) -> list[CustomFieldInput] | None:
    """``[{"field_name": "Company", "field_type": "text", "required": true,
    "api_name": "company", "options": []}]`` — see docs/bigmarker.md."""
    value = params.structured("custom_fields")
    if value is None:
        return None
    if not isinstance(value, list):
        raise InvalidInput("custom_fields must be a list of objects")
    try:
        return [CustomFieldInput.model_validate(item) for item in value]
    except ValidationError as error:
        raise invalid_input_from(error, within="custom_fields") from None


def _settings(params: Params) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for name in params.values:
        target = RENAMED_SETTINGS.get(name, name)
        if target not in SETTING_NAMES:
            continue
        if target in _INTEGER_SETTINGS:
            settings[target] = params.integer(name)
        elif target == "banner_filter_percentage":
            settings[target] = params.number(name)
        elif target == "webcast_mode" and params.text(name) == "require":
            settings[target] = "required"  # Show Conference spells it this way
        else:
            settings[target] = params.raw(name)
    return settings


# BigMarker's own limit for a duration its client chooses (duration_minutes
# 1..720), a rule of this dialect only: the domain's is
# conferences.scheduling.MAX_DURATION_MINUTES (1439).
BIGMARKER_MAX_DURATION_MINUTES = 720


def _duration(params: Params, stored: int | None = None) -> int | None:
    """The new duration in minutes. BigMarker's 1..720 applies to a duration the
    client chooses; the conference's own (``stored``: a 1000-minute webinar made
    through MyOwnConference, a series' length), sent back as Show Conference
    printed it, is no change and is accepted whatever its value. ``duration``
    (Show Conference's name, which clients send back) is read when
    ``duration_minutes`` is absent."""
    minutes = params.integer("duration_minutes")
    if minutes is None:
        minutes = params.integer("duration")
    if minutes is not None and minutes == stored:
        return None
    if minutes is not None:
        if not 1 <= minutes <= BIGMARKER_MAX_DURATION_MINUTES:
            raise InvalidInput(
                f"duration must be between 1 and {BIGMARKER_MAX_DURATION_MINUTES} minutes"
            )
        return minutes
    hours = params.integer("duration_hours")
    if hours is not None and not 1 <= hours <= 4:
        raise InvalidInput("duration_hours must be between 1 and 4")
    return hours * 60 if hours is not None else None


def _kind(params: Params, allowed: set[str]) -> ConferenceKind | None:
    value = params.text("schedule_type")
    if value is None or not value.strip():
        return None
    if value not in allowed:
        raise InvalidInput(f"schedule_type must be one of {', '.join(sorted(allowed))}")
    return SCHEDULE_TYPES[value]


def _recurring_starts(params: Params) -> list[datetime] | None:
    values = params.text_list("recurring_start_times")
    if values is None:
        return None
    return [t for t in (parse_time("recurring_start_times", v) for v in values) if t is not None]


def _settings_with_zone_name(params: Params) -> dict[str, Any]:
    settings = _settings(params)
    value = params.text("time_zone")
    if value is not None and value.strip():
        # Several names share a zone: keep the one sent, so that it is shown again.
        settings["time_zone_name"] = rails_name(value)
    return settings


def _common(params: Params, stored_duration: int | None = None) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": params.text("title"),
        "purpose": params.text("purpose"),
        "format": params.text("webinar_format"),
        "start": parse_time("start_time", params.text("start_time")),
        "recurring_starts": _recurring_starts(params),
        "duration_minutes": _duration(params, stored_duration),
        "time_zone": time_zone(params),
        "sub_url": params.text("sub_url"),
        "privacy": params.text("privacy"),
        "settings": _settings_with_zone_name(params),
        "tags": tags(params),
        "custom_fields": custom_fields(params),
        "webhooks": webhooks.changes(params) or None,
    }
    return {name: value for name, value in fields.items() if value is not None}


def conference_draft(params: Params, default_time_zone: str) -> ConferenceDraft:
    fields = _common(params)
    if not params.text("conference_copy_id"):
        fields.setdefault("time_zone", default_time_zone)  # a copy keeps its source's
    fields["channel_id"] = params.text("channel_id") or ""
    fields["title"] = fields.get("title", "")
    fields["kind"] = _kind(params, set(SCHEDULE_TYPES)) or (
        ConferenceKind.RECURRING_PARENT if "recurring_starts" in fields else ConferenceKind.WEBINAR
    )
    if params.text("conference_copy_id"):
        fields["copy_from_id"] = params.text("conference_copy_id")
    return validated(ConferenceDraft, fields)


def conference_changes(params: Params, conference: Conference) -> ConferenceChanges:
    """The changes ``params`` make to ``conference`` (as it is stored now)."""
    fields = _common(params, stored_duration=conference.duration_minutes)
    kind = _kind(params, {"one_time", "24_hour_room"})
    if kind is not None:
        fields["kind"] = kind
    return validated(ConferenceChanges, fields)


def _setting_params() -> tuple[Param, ...]:
    """Every setting a request may name, typed as ConferenceSettings types it,
    under its own name and under the name BigMarker's requests give it."""
    wire_names = {target: name for name, target in RENAMED_SETTINGS.items()}
    params: list[Param] = []
    for target in sorted(SETTING_NAMES):
        annotation = ConferenceSettings.model_fields[target].annotation
        params.append(Param(target, annotation))
        if target in wire_names:
            params.append(Param(wire_names[target], annotation, description=f"sets {target}"))
    return tuple(params)


TIME_ZONE = Param(
    "time_zone", description="a name of the Time Zones section, or an IANA name (Europe/Paris)"
)
TAGS = Param(
    "webinar_tags",
    list[dict[str, str]],
    description='[{"tag_api_name": "value"}]; several values comma-separated',
)
START_TIME_WORDS = '"2020-01-01 15:00" on the time zone\'s clock, ISO 8601, or Unix seconds'
# What `_common` reads, creating or updating a conference.
_COMMON_PARAMS = (
    Param("purpose", description="the description"),
    Param("webinar_format", choices=[f.value for f in ConferenceFormat]),
    Param("start_time", description=START_TIME_WORDS),
    Param("recurring_start_times", list[str], description="start times of a recurring webinar"),
    Param(
        "duration_minutes",
        int,
        description=f"1 to {BIGMARKER_MAX_DURATION_MINUTES}; the stored duration sent back is kept",
    ),
    Param(
        "duration", int, description="what some clients send for duration_minutes; read without it"
    ),
    Param("duration_hours", int, description="1 to 4, read when duration_minutes is not sent"),
    TIME_ZONE,
    Param("sub_url", description="the last part of the conference's address"),
    Param("privacy", choices=get_args(Privacy)),
    TAGS,
    Param("custom_fields", list[CustomFieldInput], description="registration form fields"),
    *webhooks.PARAMS,
    *_setting_params(),
)
# What `conference_draft` reads.
CREATE_PARAMS = (
    Param("channel_id", required=True),
    Param("title", required=True, description=f"at most {TITLE_MAX} characters"),
    Param("conference_copy_id", description="a conference to copy; the other fields override"),
    Param("schedule_type", choices=list(SCHEDULE_TYPES), default="one_time"),
    *_COMMON_PARAMS,
)
# What `conference_changes` reads.
CHANGE_PARAMS = (
    Param("title", description=f"at most {TITLE_MAX} characters"),
    Param("schedule_type", choices=("one_time", "24_hour_room")),
    *_COMMON_PARAMS,
)
