"""Webinars: planning, settings, cloning, listing, mailings, who is in the room,
recordings, files and history (see docs/myownconference.md).

A webinar is a conference of the account's main channel, named by its
``alias``. Times are "YYYY-MM-DD HH:MM:SS" on the profile's clock (``created``:
GMT+0); a webinar planned here keeps the profile's time zone as its own.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field, field_validator

from webinarium.api.myownconference.actions import Action, Context, Params, WebinarParams
from webinarium.api.myownconference.values import YesNo, local_time, lower_word, upper_word, yes_no
from webinarium.api.params import whole_number, yes_no_word
from webinarium.attendance import service as attendance
from webinarium.channels.service import main_channel
from webinarium.conferences import room
from webinarium.conferences.errors import EmailAlwaysSent
from webinarium.conferences.lifecycle import phase_of
from webinarium.conferences.scheduling import (
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    resolve_local,
)
from webinarium.conferences.schemas import (
    LOGIN_FIELDS,
    TITLE_MAX,
    AttendeeEmailKind,
    ConferenceChanges,
    ConferenceDraft,
    ConferenceKind,
    ConferencePhase,
    ConferenceQuery,
    setting,
    settings_of,
)
from webinarium.conferences.service import (
    conference_address,
    create_conference,
    delete_conference,
    describe_one,
    find_conference_rows,
    get_conference_by_alias,
    update_conference,
)
from webinarium.content import service as content
from webinarium.files import service as files_service
from webinarium.kit.errors import InvalidInput
from webinarium.kit.time import TimeRefused, on_clock, parse_day, parse_moment, utcnow
from webinarium.kit.urls import web_url
from webinarium.messaging.service import letters_sent
from webinarium.models import Account, Conference, ConferenceFile, FileState, Recording, StoredFile
from webinarium.participants.errors import GroupNotFound
from webinarium.participants.service import get_group
from webinarium.recordings import service as recordings
from webinarium.recordings.schemas import PROCESSING, READY
from webinarium.reports import attendance as reports

LIST_FIELDS = ("name", "description", "created", "alias", "start", "language")
RoomLanguage = Literal[
    "be", "bg", "de", "en", "es", "et", "fr", "it", "lt", "lv", "pl", "pt", "ru", "sl", "tr", "uk",
]  # fmt: skip
ROOM_LANGUAGES: tuple[str, ...] = get_args(RoomLanguage)
LetterType = Literal["REGISTRATIONCONFIRM", "3DAY", "1DAY", "1HOUR", "STARTED", "FINISHED"]
# Language names another dialect may have stored (BigMarker's display_language).
_LANGUAGE_NAMES = {
    "belarusian": "be", "bulgarian": "bg", "german": "de", "english": "en", "spanish": "es",
    "estonian": "et", "french": "fr", "italian": "it", "lithuanian": "lt", "latvian": "lv",
    "polish": "pl", "portuguese": "pt", "russian": "ru", "slovenian": "sl", "turkish": "tr",
    "ukrainian": "uk",
}  # fmt: skip
LETTER_TYPES: dict[LetterType, AttendeeEmailKind] = {
    "REGISTRATIONCONFIRM": "registration_confirmation",
    "3DAY": "three_days_before",
    "1DAY": "one_day_before",
    "1HOUR": "one_hour_before",
    "STARTED": "started",
    "FINISHED": "follow_up",
}
_LETTER_NAMES = {kind: name for name, kind in LETTER_TYPES.items()}
# webinarsList lists scheduled webinars, each a room with its own start and
# status: one-time webinars and each session of a recurring or evergreen
# webinar. Their parents are not rooms (their sessions are), a series has no
# room of its own and a meeting space no schedule: none of them is listed.
LISTED_KINDS = frozenset(
    {ConferenceKind.WEBINAR, ConferenceKind.RECURRING_CHILD, ConferenceKind.EVERGREEN_CHILD}
)

# Room settings: YES/NO keys (compared in any letter case) → ConferenceSettings field.
_FLAGS = {
    "userList": "show_attendee_list",
    "flags": "show_country_flags",
    "chat": "attendee_chat",
    "buttonQuestion": "show_question_button",
    "buttonVoice": "show_raise_hand_button",
    "showBeforeTimer": "show_countdown",
    "showLoginStart": "login_show_start",
    "showLoginName": "login_show_title",
    "showLoginModerators": "login_show_presenters",
    "showSocialButtons": "login_show_social_buttons",
    "showLoginCounter": "login_show_seats_left",
    "emailIdntLogin": "personal_enter_links",
    "emailIdntRecord": "personal_recording_links",
    "sendRecord": "send_recording_link",
    "recordUsers": "record_attendee_list",
    "recordModer": "record_presenter_names",
    "recordChat": "record_chat",
}
# Shown by webinarsGetInfo in the document's order; the rest follow.
_SHOWN_FLAGS = (
    "userList", "flags", "chat", "buttonQuestion", "buttonVoice", "showBeforeTimer",
    "showLoginStart", "showLoginName", "showLoginModerators", "showSocialButtons",
    "showLoginCounter", "emailIdntLogin", "emailIdntRecord", "sendRecord",
)  # fmt: skip
_RECORD_MODES = {
    "recordWebCams": "webcams",
    "recordAreaNoChat": "area_no_chat",
    "recordArea": "area",
    "recordWhole": "whole_room",
}
# Changing these records the whole room, as the document says.
_WHOLE_ROOM_FLAGS = ("recordUsers", "recordModer")
_CAMERA_SIZES = {"mini": "small", "middle": "medium", "big": "large"}
_SEND_RECORD_TO = {"all": "everyone", "visit": "attended", "miss": "missed"}
_SETTING_KEYS = {
    key.lower(): key
    for key in (
        *_FLAGS,
        *_RECORD_MODES,
        "webcamPosition",
        "themebg",
        "themetext",
        "theme",
        "group",
        "loginfields",
        "beforeStartTime",
        "cameraSize",
        "recordQuality",
        "sendRecordTo",
    )
}


# Values


def _moment(value: Any) -> datetime:
    """ "YYYY-MM-DD HH:MM:SS" (seconds may be left out) on the profile's clock,
    or whatever else `kit.time.parse_moment` reads, in its range."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("must be a date and time written YYYY-MM-DD HH:MM:SS")
    try:
        return parse_moment(str(value), example="2030-01-01 15:00:00")
    except TimeRefused as refused:
        raise ValueError(str(refused)) from None


def _day(value: Any) -> date:
    """ "YYYY-MM-DD"; a full date and time is read by its date."""
    if not isinstance(value, str):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        return parse_day(value)
    except TimeRefused as refused:
        raise ValueError(str(refused)) from None


def _empty_is_none(value: Any) -> Any:
    return None if value == [] or value == {} else value


Moment = Annotated[datetime, BeforeValidator(_moment)]
Day = Annotated[date, BeforeValidator(_day)]
# The domain's limits, which are the document's: 1 to 1439 minutes.
Duration = Annotated[int, Field(ge=MIN_DURATION_MINUTES, le=MAX_DURATION_MINUTES)]


def _at(account: Account, moment: datetime) -> datetime:
    """A wall-clock time on the profile's clock (or a time with its offset), as an
    absolute time."""
    return resolve_local(moment, account.time_zone)


def _show(ctx: Context, moment: datetime | None) -> str:
    return local_time(moment, ctx.account.time_zone) or ""


def _created(moment: datetime) -> str:
    return local_time(moment, "UTC") or ""


def _language(ctx: Context, display_language: str | None) -> str:
    stored = (display_language or "").strip().lower()
    if stored in ROOM_LANGUAGES:
        return stored
    if stored in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[stored]
    own = ctx.account.language.lower()
    return own if own in ROOM_LANGUAGES else "en"


# MyOwnConference's words for the phases of a webinar.
_STATUS_WORDS = {
    ConferencePhase.UPCOMING: "ACTIVE",
    ConferencePhase.LIVE: "ACTIVE",
    ConferencePhase.OVER: "FINISHED",
}


def _status(conference: Conference) -> str:
    return _STATUS_WORDS[phase_of(conference, utcnow())]


# Params


def _webinar_name(value: str) -> str:
    value = " ".join(value.split())
    if not 1 <= len(value) <= TITLE_MAX:
        raise ValueError(f"must be 1 to {TITLE_MAX} characters long")
    return value


class WebinarsCreate(Params):
    name: str
    description: str = ""
    start: Moment
    duration: Duration

    _name = field_validator("name")(_webinar_name)


class WebinarsSet(WebinarParams):
    name: str | None = None
    description: str | None = None
    start: Moment | None = None
    duration: Duration | None = None
    close: YesNo | None = None
    language: Annotated[RoomLanguage | None, BeforeValidator(lower_word)] = None
    logo: str | None = None
    logotype_url: str | None = None
    banner: str | None = None
    banner_url: str | None = None
    google_id: str | None = None
    settings: Annotated[dict[str, Any] | None, BeforeValidator(_empty_is_none)] = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return None if value is None else _webinar_name(value)


class WebinarsClone(WebinarParams):
    date: Day


class WebinarsList(Params):
    fields: Annotated[list[str], BeforeValidator(lambda v: [] if v in ({}, None) else v)] = Field(
        default_factory=list
    )
    status: Annotated[Literal["ACTIVE", "FINISHED"] | None, BeforeValidator(upper_word)] = None
    date: Annotated[Day | None, BeforeValidator(lambda v: None if v == "" else v)] = None


class WebinarsSetLetters(WebinarParams):
    type: Annotated[LetterType, BeforeValidator(upper_word)]
    enabled: YesNo | None = None
    text: str | None = None


class WebinarsRecordDelete(Params):
    id: str = Field(min_length=1)


class WebinarsFilesList(WebinarParams):
    type: Annotated[Literal["PRESENTATION", "MEDIA"] | None, BeforeValidator(upper_word)] = None


class WebinarsHistory(WebinarParams):
    # The document's example spells it "chat".
    type: Annotated[
        Literal["chats", "visits"],
        BeforeValidator(lambda v: "chats" if lower_word(v) == "chat" else lower_word(v)),
    ]


# Room settings: webinarsSet's input → ConferenceSettings changes


def _yes_no_value(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    flag = yes_no_word(str(value))
    if flag is None:
        raise InvalidInput(f"settings.{key}: must be YES or NO")
    return flag


def _color(key: str, value: Any) -> str | None:
    text = str(value).strip().lower()
    if not text:
        return None
    digits = text.removeprefix("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) != 6 or any(c not in "0123456789abcdef" for c in digits):
        raise InvalidInput(f"settings.{key}: must be a HEX color such as #f2f2f2")
    return f"#{digits}"


def _choice(key: str, value: Any, choices: dict[str, str]) -> str:
    word = str(value).strip().lower()
    if word not in choices:
        raise InvalidInput(f"settings.{key}: must be one of {', '.join(choices)}")
    return choices[word]


def _whole_number(key: str, value: Any, low: int, high: int) -> int:
    number = whole_number(value)
    if number is None:
        raise InvalidInput(f"settings.{key}: must be a whole number")
    if not low <= number <= high:
        raise InvalidInput(f"settings.{key}: must be between {low} and {high}")
    return number


async def _room_settings(ctx: Context, raw: dict[str, Any]) -> dict[str, Any]:
    """The ConferenceSettings changes of webinarsSet's ``settings``: keys in any
    letter case (loginfields / loginFields), themebg/themetext or theme.bg/.text
    as webinarsGetInfo shows them; an unknown key or value is an error."""
    changes: dict[str, Any] = {}
    modes: list[str] = []
    for given, value in raw.items():
        key = _SETTING_KEYS.get(str(given).strip().lower())
        if key is None:
            raise InvalidInput(f"settings.{given}: unknown room setting")
        if key in _FLAGS:
            changes[_FLAGS[key]] = _yes_no_value(key, value)
        elif key in _RECORD_MODES:
            modes.append(key)  # the mode is the key; its value is not read
        elif key == "webcamPosition":
            changes["presenter_camera_position"] = _choice(
                key, value, {"left": "left", "right": "right"}
            )
        elif key in ("themebg", "themetext"):
            field = "theme_background" if key == "themebg" else "theme_text"
            changes[field] = _color(key, value)
        elif key == "theme":
            if not isinstance(value, dict) or set(value) - {"bg", "text"}:
                raise InvalidInput('settings.theme: must be {"bg": …, "text": …}')
            if "bg" in value:
                changes["theme_background"] = _color("theme.bg", value["bg"])
            if "text" in value:
                changes["theme_text"] = _color("theme.text", value["text"])
        elif key == "group":
            text = str(value).strip()
            changes["participant_group_id"] = (
                (await get_group(ctx.session, ctx.account, text)).id if text else None
            )
        elif key == "loginfields":
            changes["login_fields"] = _login_fields(value)
        elif key == "beforeStartTime":
            changes["attendee_early_entry_minutes"] = _whole_number(key, value, 5, 60)
        elif key == "cameraSize":
            changes["presenter_camera_size"] = _choice(key, value, _CAMERA_SIZES)
        elif key == "recordQuality":
            changes["recording_quality"] = _whole_number(key, value, 0, 3)
        elif key == "sendRecordTo":
            changes["send_recording_to"] = _choice(key, value, _SEND_RECORD_TO)
    forced = [k for k in _WHOLE_ROOM_FLAGS if any(str(g).lower() == k.lower() for g in raw)]
    if len(set(modes)) > 1:
        raise InvalidInput(f"settings: give one recording mode, not {', '.join(modes)}")
    if forced and modes and modes[0] != "recordWhole":
        raise InvalidInput(
            f"settings: {', '.join(forced)} record the whole room; they cannot go with {modes[0]}"
        )
    if modes:
        changes["recording_layout"] = _RECORD_MODES[modes[0]]
    elif forced:
        changes["recording_layout"] = "whole_room"
    return changes


def _login_fields(value: Any) -> list[str]:
    items = value if isinstance(value, list) else None
    if items is None or not items:
        raise InvalidInput(f"settings.loginfields: must be a list of {', '.join(LOGIN_FIELDS)}")
    fields = [str(item).strip().lower() for item in items]
    unknown = [f for f in fields if f not in LOGIN_FIELDS]
    if unknown:
        raise InvalidInput(
            f"settings.loginfields: unknown field {unknown[0]!r} "
            f"(allowed: {', '.join(LOGIN_FIELDS)})"
        )
    return list(dict.fromkeys(fields))


# Handlers


async def _links(ctx: Context, conference: Conference, message: str) -> dict[str, str]:
    details = await describe_one(ctx.session, ctx.account, conference)
    address = conference_address(ctx.base_url, details)
    return {
        "success": message,
        "alias": conference.alias,
        "webinarLink": address,
        "mainModeratorLink": await room.host_link(
            ctx.session, ctx.account, conference, address, ctx.secret_key
        ),
    }


async def webinars_create(ctx: Context, params: WebinarsCreate) -> dict[str, str]:
    channel = await main_channel(ctx.session, ctx.account)
    draft = ConferenceDraft(
        channel_id=channel.id,
        title=params.name,
        purpose=params.description,
        start=_at(ctx.account, params.start),
        duration_minutes=params.duration,
        time_zone=ctx.account.time_zone,
    )
    conference = await create_conference(ctx.session, ctx.account, draft)
    return await _links(ctx, conference, "Webinar created")


async def webinars_set(ctx: Context, params: WebinarsSet) -> dict[str, str]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    settings: dict[str, Any] = {}
    if params.language is not None:
        settings["display_language"] = params.language
    if params.logo is not None:
        settings["room_logo_file_id"] = await room.store_image(
            ctx.session, ctx.account, ctx.files, params.logo
        )
    if params.logotype_url is not None:
        settings["room_logo_link"] = web_url(params.logotype_url, "logotype_url")
    if params.banner is not None:
        settings["room_banner_file_id"] = await room.store_image(
            ctx.session, ctx.account, ctx.files, params.banner
        )
    if params.banner_url is not None:
        settings["room_banner_link"] = web_url(params.banner_url, "banner_url")
    if params.google_id is not None:
        settings["google_analytics_id"] = params.google_id.strip() or None
    if params.settings is not None:
        settings.update(await _room_settings(ctx, params.settings))
    fields: dict[str, Any] = {"settings": settings}
    if params.name is not None:
        fields["title"] = params.name
    if params.description is not None:
        fields["purpose"] = params.description
    if params.start is not None:
        fields["start"] = _at(ctx.account, params.start)
    if params.duration is not None:
        fields["duration_minutes"] = params.duration
    if params.close is not None:
        fields["privacy"] = "private" if params.close else "public"
    # One update: every change is checked before any is applied.
    await update_conference(
        ctx.session, ctx.account, conference.id, ConferenceChanges.model_validate(fields)
    )
    return {"success": "Webinar updated"}


async def webinars_delete(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    await delete_conference(ctx.session, ctx.account, conference.id)
    return {"success": "Webinar deleted"}


async def webinars_clone(ctx: Context, params: WebinarsClone) -> dict[str, str]:
    source = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    # The copy starts on the given day at the original's time of day (profile clock).
    clock = on_clock(source.start_at, ctx.account.time_zone).time()
    draft = ConferenceDraft(
        channel_id=source.channel_id,
        title=source.title,
        copy_from_id=source.id,
        start=_at(ctx.account, datetime.combine(params.date, clock)),
        time_zone=ctx.account.time_zone,
    )
    copy = await create_conference(ctx.session, ctx.account, draft)
    return await _links(ctx, copy, "Webinar cloned")


# What webinarsList shows of each webinar: all it reads.
_LISTED_COLUMNS = (
    Conference.title,
    Conference.purpose,
    Conference.created_at,
    Conference.alias,
    Conference.start_at,
    Conference.settings,
)


async def webinars_list(ctx: Context, params: WebinarsList) -> list[dict[str, str]]:
    unknown = [name for name in params.fields if name not in LIST_FIELDS]
    if unknown:
        raise InvalidInput(
            f"fields: unknown field {unknown[0]!r} (allowed: {', '.join(LIST_FIELDS)})"
        )
    wanted = list(dict.fromkeys(params.fields)) or list(LIST_FIELDS)
    day_start = day_end = None
    if params.date is not None:
        day_start = _at(ctx.account, datetime.combine(params.date, time()))
        day_end = _at(ctx.account, datetime.combine(params.date + timedelta(days=1), time()))
    phases = None
    if params.status is not None:
        phases = {phase for phase, word in _STATUS_WORDS.items() if word == params.status}
    query = ConferenceQuery(
        kinds=set(LISTED_KINDS), phases=phases, starts_after=day_start, starts_before=day_end
    )
    result = []
    for c in await find_conference_rows(ctx.session, ctx.account, query, _LISTED_COLUMNS):
        everything = {
            "name": c.title,
            "description": c.purpose,
            "created": _created(c.created_at),
            "alias": c.alias,
            "start": _show(ctx, c.start_at),
            "language": _language(ctx, setting(c, "display_language")),
        }
        result.append({name: everything[name] for name in wanted})
    return result


async def webinars_get_info(ctx: Context, params: WebinarParams) -> dict[str, Any]:
    c = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    s = settings_of(c)
    group = ""
    if s.participant_group_id:
        try:
            group = (await get_group(ctx.session, ctx.account, s.participant_group_id)).name
        except GroupNotFound:
            group = ""  # the group was deleted since
    flags = {key: yes_no(getattr(s, _FLAGS[key])) for key in _SHOWN_FLAGS}
    mode = {layout: key for key, layout in _RECORD_MODES.items()}[s.recording_layout]
    settings: dict[str, Any] = {
        **flags,
        "theme": {"bg": s.theme_background or "", "text": s.theme_text or ""},
        "loginFields": list(s.login_fields),
        "group": group,
        "webcamPosition": (s.presenter_camera_position or "").upper(),
        "beforeStartTime": str(s.attendee_early_entry_minutes or s.attendee_advanced_enter_time),
        "cameraSize": {v: k for k, v in _CAMERA_SIZES.items()}.get(
            s.presenter_camera_size or "", ""
        ),
        "recordMode": mode,
        mode: "",
        "recordUsers": yes_no(s.record_attendee_list),
        "recordModer": yes_no(s.record_presenter_names),
        "recordChat": yes_no(s.record_chat),
        "recordQuality": str(s.recording_quality),
        "sendRecordTo": {v: k for k, v in _SEND_RECORD_TO.items()}[s.send_recording_to],
    }
    return {
        "alias": c.alias,
        "name": c.title,
        "description": c.purpose,
        "start": _show(ctx, c.start_at),
        "duration": str(c.duration_minutes),
        "close": yes_no(c.privacy == "private"),
        "language": _language(ctx, s.display_language),
        "google_id": s.google_analytics_id or "",
        "created": _created(c.created_at),
        "status": _status(c),
        "records": str(
            await recordings.count_recordings(ctx.session, ctx.account, c, _RECORDING_STATUS)
        ),
        "settings": settings,
        "logo": room.room_logo_url(s, ctx.base_url) or "",
        "logotype_url": s.room_logo_link or "",
        "banner": room.room_banner_url(s, ctx.base_url) or "",
        "banner_url": s.room_banner_link or "",
        # Additions: registrations in force, and people who attended (never
        # the staff or virtual participants; `reports.attendance`).
        "registrants": str(await reports.registrant_count(ctx.session, ctx.account, c)),
        "attendees": str(await reports.attendee_count(ctx.session, ctx.account, c)),
    }


async def webinars_get_letters_info(
    ctx: Context, params: WebinarParams
) -> dict[str, dict[str, str]]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    # "end": a mail of the letter went out; "wait" until one does (a letter with
    # no one to send it to never goes out).
    sent = await letters_sent(ctx.session, ctx.account, conference)
    return {
        _LETTER_NAMES[state.kind]: {
            "enabled": "1" if state.enabled else "0",
            "status": "end" if state.kind in sent else "wait",
            "text": state.text,
        }
        for state in room.attendee_emails(ctx.account, conference)
    }


async def webinars_set_letters(ctx: Context, params: WebinarsSetLetters) -> dict[str, str]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    if params.enabled is None and params.text is None:
        raise InvalidInput("give enabled (YES or NO) and/or text")
    try:
        await room.set_attendee_email(
            ctx.session,
            ctx.account,
            conference,
            LETTER_TYPES[params.type],
            enabled=params.enabled,
            text=params.text,
        )
    except EmailAlwaysSent as refused:
        raise InvalidInput(f"the {_LETTER_NAMES[refused.kind]} letter cannot be disabled") from None
    return {"success": "Letter settings updated"}


async def webinars_letters_off(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    await room.send_attendee_emails(ctx.session, ctx.account, conference, enabled=False)
    return {"success": "Letters disabled"}


async def webinars_letters_on(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    await room.send_attendee_emails(ctx.session, ctx.account, conference, enabled=True)
    return {"success": "Letters enabled"}


def _person(who: attendance.Participant) -> dict[str, Any]:
    return {"name": who.name, "email": who.email, "virtual": who.virtual}


async def webinars_online_list(ctx: Context, params: WebinarParams) -> dict[str, Any]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    present = await attendance.in_room(ctx.session, ctx.account, conference)
    return {
        "moderators": [_person(p) for p in present if p.moderator],
        "guests": [_person(p) for p in present if not p.moderator],
    }


# The document's two states ("Processing or Ready for Download"); a failed
# recording, which it has no word for, is not listed (nor counted).
_RECORDING_STATUS = {READY: "ready", PROCESSING: "wait"}


def _recording(ctx: Context, conference: Conference, r: Recording) -> dict[str, str]:
    return {
        "id": r.id,
        "name": r.name or conference.title,
        "status": _RECORDING_STATUS[r.status],
        "added": _show(ctx, r.created_at),
        "size": str(r.size_bytes),
        "duration": str(r.duration_seconds),
        "link": r.file_url or "",
        "download_link": r.file_url or "",
    }


async def webinars_records_list(ctx: Context, params: WebinarParams) -> list[dict[str, str]]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    rows = await recordings.list_recordings(ctx.session, ctx.account, conference)
    return [_recording(ctx, conference, r) for r in rows if r.status in _RECORDING_STATUS]


async def webinars_record_delete(ctx: Context, params: WebinarsRecordDelete) -> dict[str, str]:
    await recordings.delete_recording(ctx.session, ctx.account, params.id, store=ctx.files)
    return {"success": "Record deleted"}


def _is_media(file: ConferenceFile) -> bool:
    return file.file_type in ("video", "audio")


def _file(ctx: Context, f: ConferenceFile, stored: StoredFile | None) -> dict[str, str]:
    # Size and length are the fetched file's own; "0" until it is fetched, when
    # the fetch failed, and for a length ffprobe could not tell.
    ready = stored if stored is not None and stored.state == FileState.READY else None
    return {
        "id": f.id,
        "name": content.file_name(f, stored),
        "added": _show(ctx, f.created_at),
        "size": str(ready.size) if ready else "0",
        "duration": str(round(ready.duration_seconds or 0)) if ready else "0",
        "link": f.file_url,
        "download_link": f.file_url,
        "type": "MEDIA" if _is_media(f) else "PRESENTATION",
    }


async def webinars_files_list(ctx: Context, params: WebinarsFilesList) -> list[dict[str, str]]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    files = await content.list_files(ctx.session, ctx.account, conference)
    stored = await files_service.files_by_id(
        ctx.session, ctx.account.id, [f.stored_file_id for f in files]
    )
    shown = [_file(ctx, f, stored.get(f.stored_file_id or "")) for f in files]
    return [f for f in shown if params.type is None or f["type"] == params.type]


def _role(who: attendance.Participant) -> str:
    return "m" if who.moderator else "g"


async def webinars_history(ctx: Context, params: WebinarsHistory) -> list[list[Any]]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    if params.type == "chats":
        lines = await attendance.chat_log(ctx.session, ctx.account, conference)
        return [
            [
                _show(ctx, line.at),
                line.who.name,
                line.text,
                _role(line.who),
                line.who.email,
                line.who.virtual,
            ]
            for line in lines
        ]
    stays = await attendance.stays(ctx.session, ctx.account, conference)
    return [
        [
            _show(ctx, stay.entered_at),
            stay.who.name,
            _show(ctx, stay.left_at),
            _role(stay.who),
            stay.who.email,
            stay.who.virtual,
        ]
        for stay in stays
    ]


ACTIONS = [
    Action("webinarsCreate", WebinarsCreate, webinars_create),
    Action("webinarsSet", WebinarsSet, webinars_set),
    Action("webinarsDelete", WebinarParams, webinars_delete),
    Action("webinarsClone", WebinarsClone, webinars_clone),
    Action("webinarsList", WebinarsList, webinars_list, read_only=True),
    Action("webinarsGetInfo", WebinarParams, webinars_get_info, read_only=True),
    Action("webinarsGetLettersInfo", WebinarParams, webinars_get_letters_info, read_only=True),
    Action("webinarsSetLetters", WebinarsSetLetters, webinars_set_letters),
    Action("webinarsLettersOff", WebinarParams, webinars_letters_off),
    Action("webinarsLettersOn", WebinarParams, webinars_letters_on),
    Action("webinarsOnlineList", WebinarParams, webinars_online_list, read_only=True),
    Action("webinarsRecordsList", WebinarParams, webinars_records_list, read_only=True),
    Action("webinarsRecordDelete", WebinarsRecordDelete, webinars_record_delete),
    Action("webinarsFilesList", WebinarsFilesList, webinars_files_list, read_only=True),
    Action("webinarsHistory", WebinarsHistory, webinars_history, read_only=True),
]
