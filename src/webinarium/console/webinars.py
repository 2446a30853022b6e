"""The console's webinars: the list (upcoming, live, past; search by title),
create, edit, copy, cancel and delete (docs/console.md, "Webinars").

A thin adapter over the services the APIs use: `conferences.service`
(create with `ConferenceDraft`, a copy with ``copy_from_id``, update with
`ConferenceChanges`, delete, search with `ConferenceQuery`, series
membership), `conferences.lifecycle` (cancel), `conferences.room` (the
reminder switches). The registration page's settings (approval, closed, seat
limit, consent) are the webinar's settings document, read by the public pages
and `registrations.service`. The form reads what a person typed into those
inputs; every rule is the service's, and its refusal is shown next to the
field it names (`InvalidInput.field`). The overview and "Run it" are console/run.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, get_args
from zoneinfo import available_timezones

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from webinarium.api.deps import ReadSession, Session
from webinarium.channels.service import list_channels
from webinarium.conferences import lifecycle
from webinarium.conferences import service as conferences
from webinarium.conferences.room import EMAIL_KINDS, attendee_email_changes, own_switch
from webinarium.conferences.schemas import (
    TITLE_MAX,
    AttendeeEmailKind,
    ConferenceChanges,
    ConferenceDraft,
    ConferenceKind,
    ConferencePhase,
    ConferenceQuery,
    ConferenceSettings,
    ConferenceStatus,
    CustomFieldInput,
    FieldType,
    WebcastMode,
    settings_of,
)
from webinarium.console.auth import (
    Console,
    ConsoleContext,
    ConsoleForm,
    ReadConsole,
    console_router,
    recorded,
    render_console,
)
from webinarium.kit.errors import InvalidInput, validated
from webinarium.kit.pagination import PageRequest
from webinarium.kit.time import TimeRefused, on_clock, parse_moment, utcnow
from webinarium.models import Conference
from webinarium.pages.times import ShownTime, shown_time

router = console_router()

PER_PAGE = 20
# The list's tabs: what `lifecycle.phase_of` calls a conference now.
WHEN: dict[str, ConferencePhase] = {
    "upcoming": ConferencePhase.UPCOMING,
    "live": ConferencePhase.LIVE,
    "past": ConferencePhase.OVER,
}
# What the list shows: a recurring or evergreen webinar once (its sessions are
# on its page), not each session.
LISTED_KINDS = {
    ConferenceKind.WEBINAR,
    ConferenceKind.RECURRING_PARENT,
    ConferenceKind.EVERGREEN_PARENT,
    ConferenceKind.MEETING_SPACE,
    ConferenceKind.SERIES,
}
KIND_LABELS = {
    ConferenceKind.WEBINAR: "One-time",
    ConferenceKind.RECURRING_PARENT: "Recurring",
    ConferenceKind.RECURRING_CHILD: "Session of a recurring webinar",
    ConferenceKind.MEETING_SPACE: "24-hour room",
    ConferenceKind.SERIES: "Series",
    ConferenceKind.EVERGREEN_PARENT: "Evergreen",
    ConferenceKind.EVERGREEN_CHILD: "Session of an evergreen webinar",
}
# The kinds this form edits; the others have schedules of their own (a series'
# dates, an evergreen's times of day), changed through the APIs.
EDITABLE_KINDS = {ConferenceKind.WEBINAR, ConferenceKind.RECURRING_PARENT}
SCHEDULES = [("one_time", "One-time"), ("recurring", "Recurring: several start times")]
FIELD_TYPE_LABELS: dict[str, str] = {
    "text": "Short text",
    "textarea": "Long text",
    "dropdown": "Drop-down list",
    "radio": "One of several (radio)",
    "checkbox": "Check box",
    "number": "Number",
    "date": "Date",
}
WEBCAST_LABELS: dict[str, str] = {
    "automatic": "Automatic: interactive, webcast when the audience is large",
    "required": "Webcast for every attendee",
    "optional": "Attendees choose interactive or webcast",
}
# The reminders a webinar's organiser switches (the hour before is always sent
# while attendee e-mails are on: `conferences.room.ALWAYS_SENT`).
REMINDERS: list[tuple[AttendeeEmailKind, str]] = [
    ("three_days_before", "3 days before"),
    ("one_day_before", "1 day before"),
]
# Room switches of the settings document the form shows, with their labels.
ROOM_SWITCHES: list[tuple[str, str]] = [
    ("attendee_chat", "Chat: attendees may write in the chat"),
    ("show_question_button", "Q&A: attendees may ask questions"),
    ("moderate_questions", "Moderated Q&A: a question is shown once a moderator approves it"),
    ("show_attendee_list", "Show the attendee list in the room"),
    ("show_raise_hand_button", "Attendees may raise a hand"),
]
# The registration page's settings the form edits (pages/landing.py and
# registrations.service read them): each is its own form field.
REGISTRATION_SETTINGS = (
    "registration_approval",
    "registration_closed",
    "registration_limit",
    "registration_consent_text",
)
# The edit form's hidden field with the values it was shown with (JSON): a
# save writes only what its user changed from them (`values_to_save`).
AS_SHOWN = "as_shown"
# Empty question rows a page without JavaScript offers (console-webinars.js adds more).
EMPTY_QUESTION_ROWS = 3
# Question rows a form may send: more is not a person's form.
MAX_QUESTION_ROWS = 100
_QUESTION_KEY = re.compile(r"^q-(\d{1,3})-label$")
# Form field of a question row for each `CustomFieldInput` field a refusal names.
_QUESTION_PARTS = {
    "field_name": "label",
    "api_name": "label",
    "field_type": "type",
    "required": "required",
    "options": "options",
}
# Form field for each `ConferenceDraft` field a refusal names.
_FORM_FIELDS = {
    "title": "title",
    "purpose": "purpose",
    "channel_id": "channel_id",
    "start": "start_date",
    "time_zone": "time_zone",
    "duration_minutes": "duration_minutes",
    "recurring_starts": "more_starts",
    "webcast_mode": "webcast_mode",
    "auto_record": "auto_record",
    "send_reminder_emails_to_presenters": "reminders_to_presenters",
    **{name: name for name, _ in ROOM_SWITCHES},
    **{name: name for name in REGISTRATION_SETTINGS},
}


# The list


@dataclass(frozen=True)
class Listed:
    id: str
    title: str
    kind: str
    starts_at: ShownTime
    status: str
    registrants: int


def status_label(conference: Conference, now: datetime) -> str:
    """What the console calls the conference's state now."""
    if conference.status == ConferenceStatus.CANCELLED:
        return "Cancelled"
    return {
        ConferencePhase.UPCOMING: "Upcoming",
        ConferencePhase.LIVE: "Live",
        ConferencePhase.OVER: "Ended",
    }[lifecycle.phase_of(conference, now)]


def _page_number(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 1


@router.get("/webinars", name="console_webinars")
async def webinar_list(
    request: Request,
    console: ReadConsole,
    session: ReadSession,
    when: str = "upcoming",
    q: str = "",
    page: str = "1",
) -> HTMLResponse:
    when = when if when in WHEN else "upcoming"
    search = q.strip()[:TITLE_MAX]
    query = ConferenceQuery(
        kinds=LISTED_KINDS,
        phases={WHEN[when]},
        title_contains=search or None,
        channel_ids=None if console.channel_ids is None else sorted(console.channel_ids),
        newest_first=when == "past",
    )
    found = await conferences.search_conferences(
        session, console.account, query, PageRequest(_page_number(page), PER_PAGE)
    )
    counts = await conferences.registrant_counts(session, console.account, found.items)
    now = utcnow()
    zone_name = console.account.time_zone
    rows = [
        Listed(
            id=c.id,
            title=c.title,
            kind=KIND_LABELS[ConferenceKind(c.kind)],
            starts_at=shown_time(c.start_at, zone_name),
            status=status_label(c, now),
            registrants=counts[c.id],
        )
        for c in found.items
    ]
    return render_console(
        request,
        console,
        "console/webinar_list.html",
        {
            "rows": rows,
            "when": when,
            "tabs": [("upcoming", "Upcoming"), ("live", "Live"), ("past", "Past")],
            "q": search,
            "page": found.request.page,
            "total_pages": found.total_pages,
            "total": found.total,
        },
    )


# The form


@dataclass
class Choices:
    """What the form's selects offer this user: plain values, read before any
    change (a refusal renders them again)."""

    channels: list[tuple[str, str]]
    series: list[tuple[str, str]]
    zones: list[tuple[str, str]]


async def _choices(session: AsyncSession, console: ConsoleContext, zone_name: str) -> Choices:
    channels = [
        (c.id, c.name)
        for c in await list_channels(session, console.account)
        if console.sees_channel(c.id)
    ]
    series = await conferences.search_conferences(
        session,
        console.account,
        ConferenceQuery(
            kinds={ConferenceKind.SERIES},
            channel_ids=None if console.channel_ids is None else sorted(console.channel_ids),
        ),
        PageRequest(1, 500),
    )
    zones = sorted(available_timezones() | {zone_name, "UTC"})
    return Choices(
        channels=channels,
        series=[("", "Not in a series"), *((s.id, s.title) for s in series.items)],
        zones=[(z, z.replace("_", " ")) for z in zones],
    )


@dataclass
class QuestionRow:
    label: str = ""
    type: str = "text"
    required: bool = False
    options: str = ""
    # The question's api name once it exists: answers stay keyed by it when
    # its label changes.
    api_name: str = ""


@dataclass
class Parsed:
    """What the form asks of the services."""

    fields: dict[str, Any]
    series_id: str | None
    # Question row number of each custom field given (refusals name the field's index).
    question_rows: list[int] = field(default_factory=list)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _checked(form: FormData, name: str) -> bool:
    return _text(form, name) not in ("", "0")


def _question_rows(form: FormData) -> list[QuestionRow]:
    """The question rows sent, in their order (the page shown again numbers
    them by position, and so do the refusals)."""
    numbers = sorted(
        {int(m.group(1)) for key in form if (m := _QUESTION_KEY.match(key)) is not None}
    )[:MAX_QUESTION_ROWS]
    return [
        QuestionRow(
            label=_text(form, f"q-{n}-label").strip(),
            type=_text(form, f"q-{n}-type") or "text",
            required=_checked(form, f"q-{n}-required"),
            options=_text(form, f"q-{n}-options"),
            api_name=_text(form, f"q-{n}-api_name").strip(),
        )
        for n in numbers
    ]


def _moment(date_text: str, time_text: str) -> datetime:
    return parse_moment(f"{date_text.strip()} {time_text.strip()}")


def form_values(form: FormData) -> dict[str, Any]:
    """The values the form sent, as `initial_values` gives them."""
    values: dict[str, Any] = {
        name: _text(form, name)
        for name in (
            "title",
            "purpose",
            "channel_id",
            "start_date",
            "start_time",
            "time_zone",
            "duration_minutes",
            "schedule",
            "more_starts",
            "series_id",
            "webcast_mode",
            "registration_limit",
            "registration_consent_text",
        )
    }
    for name in (
        "registration_approval",
        "registration_closed",
        "auto_record",
        "reminders_to_presenters",
        *(f"reminder_{kind}" for kind, _ in REMINDERS),
        *(name for name, _ in ROOM_SWITCHES),
    ):
        values[name] = _checked(form, name)
    values["questions"] = _question_rows(form)
    return values


def parse_values(
    values: dict[str, Any],
    *,
    creating: bool,
    recurring: bool,
    choices: Choices,
    current: ConferenceSettings,
) -> tuple[dict[str, str], Parsed | None]:
    """The refusals by form field, and what to ask the services (None when a
    field could not even be read)."""
    errors: dict[str, str] = {}
    fields: dict[str, Any] = {"title": values["title"].strip(), "purpose": values["purpose"]}
    if not fields["title"]:
        errors["title"] = "Give the webinar a title."
    if creating:
        if values["channel_id"] not in {value for value, _ in choices.channels}:
            errors["channel_id"] = "Choose one of your channels."
        fields["channel_id"] = values["channel_id"]
        recurring = values["schedule"] == "recurring"
        fields["kind"] = ConferenceKind.RECURRING_PARENT if recurring else ConferenceKind.WEBINAR
    if not values["start_date"].strip() or not values["start_time"].strip():
        errors["start_date"] = "Give the date and the time the webinar starts."
    else:
        try:
            fields["start"] = _moment(values["start_date"], values["start_time"])
        except TimeRefused as refused:
            errors["start_date"] = f"The start {refused}."
    fields["time_zone"] = values["time_zone"].strip()
    duration = values["duration_minutes"].strip()
    if not (duration.isascii() and duration.isdigit() and len(duration) < 6):
        errors["duration_minutes"] = "Give the duration in whole minutes."
    else:
        fields["duration_minutes"] = int(duration)
    if recurring:
        starts = [fields["start"]] if "start" in fields else []
        for number, line in enumerate(values["more_starts"].splitlines(), start=1):
            if line.strip():
                try:
                    starts.append(parse_moment(line.strip()))
                except TimeRefused as refused:
                    errors["more_starts"] = f"Line {number}: {refused}."
                    break
        fields["recurring_starts"] = starts
    series_id = values["series_id"]
    if series_id not in {value for value, _ in choices.series}:
        errors["series_id"] = "Choose one of the series listed."

    questions: list[CustomFieldInput] = []
    question_rows: list[int] = []
    for number, row in enumerate(values["questions"]):
        if not row.label:
            continue  # an empty row asks nothing: clearing a label removes the question
        try:
            questions.append(
                validated(
                    CustomFieldInput,
                    {
                        "field_name": row.label,
                        "field_type": row.type,
                        "required": row.required,
                        "api_name": row.api_name or None,
                        "options": [o.strip() for o in row.options.splitlines() if o.strip()],
                    },
                )
            )
            question_rows.append(number)
        except InvalidInput as refused:
            part = _QUESTION_PARTS.get((refused.field or "").split(".")[0], "label")
            errors[f"q-{number}-{part}"] = shown_message(refused)
    fields["custom_fields"] = questions

    limit = values["registration_limit"].strip()
    if limit and not (limit.isascii() and limit.isdigit() and len(limit) < 10 and int(limit) >= 1):
        errors["registration_limit"] = (
            "Give the number of seats as a whole number of at least 1, or leave it empty."
        )
    settings: dict[str, Any] = {
        "registration_approval": values["registration_approval"],
        "registration_closed": values["registration_closed"],
        "registration_limit": int(limit) if limit and "registration_limit" not in errors else None,
        # Blank: the page asks no consent.
        "registration_consent_text": values["registration_consent_text"].strip() or None,
        "webcast_mode": values["webcast_mode"],
        "auto_record": values["auto_record"],
        "send_reminder_emails_to_presenters": values["reminders_to_presenters"],
        **{name: values[name] for name, _ in ROOM_SWITCHES},
    }
    settings.update(
        attendee_email_changes(
            current, enabled={kind: values[f"reminder_{kind}"] for kind, _ in REMINDERS}
        )
    )
    fields["settings"] = settings
    if errors:
        return errors, None
    return errors, Parsed(fields, series_id or None, question_rows)


def shown_message(refused: InvalidInput) -> str:
    """The refusal's sentence, without the field's path a client of an API
    needs (the form shows it next to the field)."""
    if refused.field and refused.message.startswith(f"{refused.field}: "):
        return refused.message.removeprefix(f"{refused.field}: ")
    return refused.message


def form_field(refused: InvalidInput, parsed: Parsed | None) -> str:
    """The form field a service's refusal is about ("_form" when it names none)."""
    path = (refused.field or "").split(".")
    if path[0] == "custom_fields" and parsed is not None and parsed.question_rows:
        index = int(path[1]) if len(path) > 1 and path[1].isdigit() else 0
        rows = parsed.question_rows
        number = rows[index] if index < len(rows) else rows[0]
        part = _QUESTION_PARTS.get(path[2], "label") if len(path) > 2 else "label"
        return f"q-{number}-{part}"
    if path[0] == "settings" and len(path) > 1:
        return _FORM_FIELDS.get(path[1], "_form")
    return _FORM_FIELDS.get(path[0], "_form")


def initial_values(
    conference: Conference | None,
    settings: ConferenceSettings,
    *,
    zone_name: str,
    channel_id: str,
    questions: list[QuestionRow],
    more_starts: list[datetime],
) -> dict[str, Any]:
    """The form's values for a new webinar (``conference`` None) or as one is."""
    start = on_clock(conference.start_at, zone_name) if conference is not None else None
    values: dict[str, Any] = {
        "title": conference.title if conference else "",
        "purpose": conference.purpose if conference else "",
        "channel_id": channel_id,
        "start_date": f"{start:%Y-%m-%d}" if start else "",
        "start_time": f"{start:%H:%M}" if start else "",
        "time_zone": zone_name,
        "duration_minutes": str(conference.duration_minutes if conference else 60),
        "schedule": "recurring"
        if conference is not None and conference.kind == ConferenceKind.RECURRING_PARENT
        else "one_time",
        "more_starts": "\n".join(f"{on_clock(s, zone_name):%Y-%m-%d %H:%M}" for s in more_starts),
        "series_id": (conference.series_id or "") if conference else "",
        "webcast_mode": settings.webcast_mode,
        "auto_record": settings.auto_record,
        "reminders_to_presenters": settings.send_reminder_emails_to_presenters,
        "registration_approval": settings.registration_approval,
        "registration_closed": settings.registration_closed,
        "registration_limit": str(settings.registration_limit or ""),
        "registration_consent_text": settings.registration_consent_text or "",
        "questions": questions,
        **{f"reminder_{kind}": own_switch(settings, kind) for kind, _ in REMINDERS},
        **{name: getattr(settings, name) for name, _ in ROOM_SWITCHES},
    }
    return values


# The edit form's fields that are not the user's to change there.
_FIXED_ON_EDIT = ("channel_id", "schedule")


def as_shown_field(values: dict[str, Any]) -> str:
    """The edit form's hidden `AS_SHOWN` field: the values it shows, as JSON."""
    return json.dumps({**values, "questions": [asdict(row) for row in values["questions"]]})


def _as_shown(form: FormData) -> dict[str, Any] | None:
    """The values the form was shown with, None when it carries none it can read."""
    try:
        shown = json.loads(_text(form, AS_SHOWN))
        if not isinstance(shown, dict):
            return None
        shown["questions"] = [QuestionRow(**row) for row in shown.get("questions", [])]
    except (ValueError, TypeError):
        return None
    return shown


def _comparable(name: str, value: Any) -> Any:
    """A form value as far as its meaning goes: a browser sends a textarea's
    lines ended by CRLF, and empty question rows ask nothing."""
    if name == "questions":
        return [
            (row.label, row.type, row.required, row.options.splitlines(), row.api_name)
            for row in value
            if row.label
        ]
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


def values_to_save(
    sent: dict[str, Any], shown: dict[str, Any] | None, stored: dict[str, Any]
) -> dict[str, Any]:
    """The webinar as stored now with what the form's user changed: each field
    whose sent value differs from the one the form showed. A field left alone
    keeps what was stored meanwhile (the registrants page's approval switch,
    another user's save, an API call). A form that carries no values shown is
    taken whole, as sent."""
    if shown is None:
        return sent
    return {
        name: sent[name]
        if name not in _FIXED_ON_EDIT
        and _comparable(name, sent.get(name)) != _comparable(name, shown.get(name))
        else now
        for name, now in stored.items()
    }


def _form_context(
    values: dict[str, Any],
    errors: dict[str, str],
    choices: Choices,
    *,
    conference: Conference | None,
    action: str,
    stored: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``stored``: the values of the webinar as stored, which the edit form
    carries (`AS_SHOWN`) to tell its user's changes on save."""
    questions = list(values["questions"])
    questions += [QuestionRow() for _ in range(EMPTY_QUESTION_ROWS)]
    return {
        "as_shown": as_shown_field(stored) if stored is not None else None,
        "values": values,
        "errors": errors,
        "choices": choices,
        "conference": conference,
        "action": action,
        "questions": questions,
        "field_types": list(FIELD_TYPE_LABELS.items()),
        "field_type_names": get_args(FieldType),
        "webcast_modes": [(mode, WEBCAST_LABELS[mode]) for mode in get_args(WebcastMode)],
        "schedules": SCHEDULES,
        "reminders": REMINDERS,
        "room_switches": ROOM_SWITCHES,
        "recurring": values.get("schedule") == "recurring",
        "email_kinds": EMAIL_KINDS,
    }


def _form_page(
    request: Request,
    console: ConsoleContext,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HTMLResponse:
    return render_console(request, console, "console/webinar_form.html", context, status=status)


@router.get("/webinars/new", name="console_webinar_new")
async def new_webinar(request: Request, console: ReadConsole, session: ReadSession) -> HTMLResponse:
    zone_name = console.account.time_zone
    choices = await _choices(session, console, zone_name)
    values = initial_values(
        None,
        ConferenceSettings(),
        zone_name=zone_name,
        channel_id=choices.channels[0][0] if choices.channels else "",
        questions=[],
        more_starts=[],
    )
    context = _form_context(values, {}, choices, conference=None, action="/console/webinars/new")
    return _form_page(request, console, context)


@router.post("/webinars/new", name="console_webinar_create")
async def create_webinar(
    request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    choices = await _choices(session, console, console.account.time_zone)
    values = form_values(form)
    errors, parsed = parse_values(
        values, creating=True, recurring=False, choices=choices, current=ConferenceSettings()
    )
    if parsed is not None:
        try:
            # The services check everything before they write (a refusal
            # leaves nothing behind), so the form can be shown again at once.
            draft = validated(ConferenceDraft, parsed.fields)
            conference = await conferences.create_conference(session, console.account, draft)
        except InvalidInput as refused:
            errors[form_field(refused, parsed)] = shown_message(refused)
        else:
            if parsed.series_id:
                await conferences.add_sessions_to_series(
                    session, console.account, parsed.series_id, [conference.id]
                )
            return await recorded(
                session,
                console,
                "webinar.created",
                f"Created “{conference.title}”",
                subject=("conference", conference.id),
                then=f"/console/webinars/{conference.id}",
                notice="Webinar created.",
            )
    context = _form_context(
        values, errors, choices, conference=None, action="/console/webinars/new"
    )
    return _form_page(request, console, context, status=400)


async def _question_rows_of(
    session: AsyncSession, console: ConsoleContext, conference: Conference
) -> list[QuestionRow]:
    fields = await conferences.custom_fields_of(session, console.account, [conference])
    return [
        QuestionRow(
            label=f.field_name,
            type=f.field_type,
            required=f.required,
            options="\n".join(f.options),
            api_name=f.api_name,
        )
        for f in fields[conference.id]
    ]


async def _more_starts(
    session: AsyncSession, console: ConsoleContext, conference: Conference
) -> list[datetime]:
    """A recurring webinar's sessions after its first (the form's start)."""
    if conference.kind != ConferenceKind.RECURRING_PARENT:
        return []
    sessions = await conferences.recurring_children(
        session, console.account, conference.id, ConferenceQuery(), PageRequest(1, 500)
    )
    return [s.start_at for s in sessions.items][1:]


async def _stored_values(
    session: AsyncSession, console: ConsoleContext, conference: Conference
) -> dict[str, Any]:
    """The edit form's values as the webinar is stored."""
    return initial_values(
        conference,
        settings_of(conference),
        zone_name=conference.time_zone,
        channel_id=conference.channel_id,
        questions=await _question_rows_of(session, console, conference),
        more_starts=await _more_starts(session, console, conference),
    )


def _not_editable(
    request: Request, console: ConsoleContext, conference: Conference, *, status: int = 200
) -> Response:
    return render_console(
        request,
        console,
        "console/webinar_form.html",
        {
            "conference": conference,
            "not_editable": KIND_LABELS[ConferenceKind(conference.kind)],
            "values": {},
            "errors": {},
        },
        status=status,
    )


@router.get("/webinars/{conference_id}/edit", name="console_webinar_edit")
async def edit_webinar(
    conference_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> Response:
    conference = await console.conference(session, conference_id)
    if conference.kind not in EDITABLE_KINDS:
        return _not_editable(request, console, conference)
    choices = await _choices(session, console, conference.time_zone)
    values = await _stored_values(session, console, conference)
    context = _form_context(
        values,
        {},
        choices,
        conference=conference,
        action=f"/console/webinars/{conference.id}/edit",
        stored=values,
    )
    return _form_page(request, console, context)


@router.post("/webinars/{conference_id}/edit", name="console_webinar_update")
async def update_webinar(
    conference_id: str, request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    conference = await console.conference(session, conference_id)
    if conference.kind not in EDITABLE_KINDS:
        return _not_editable(request, console, conference, status=400)
    choices = await _choices(session, console, conference.time_zone)
    stored = await _stored_values(session, console, conference)
    values = values_to_save(form_values(form), _as_shown(form), stored)
    values["schedule"] = stored["schedule"]
    errors, parsed = parse_values(
        values,
        creating=False,
        recurring=conference.kind == ConferenceKind.RECURRING_PARENT,
        choices=choices,
        current=settings_of(conference),
    )
    if parsed is not None:
        try:
            changes = validated(ConferenceChanges, parsed.fields)
            # Checks every change before it applies one (`update_conference`).
            conference = await conferences.update_conference(
                session, console.account, conference.id, changes
            )
        except InvalidInput as refused:
            errors[form_field(refused, parsed)] = shown_message(refused)
        else:
            if parsed.series_id != conference.series_id:
                if conference.series_id is not None:
                    await conferences.remove_sessions_from_series(
                        session, console.account, [conference.id]
                    )
                if parsed.series_id is not None:
                    await conferences.add_sessions_to_series(
                        session, console.account, parsed.series_id, [conference.id]
                    )
            return await recorded(
                session,
                console,
                "webinar.updated",
                f"Edited “{conference.title}”",
                subject=("conference", conference.id),
                then=f"/console/webinars/{conference.id}",
                notice="Changes saved.",
            )
    context = _form_context(
        values,
        errors,
        choices,
        conference=conference,
        action=f"/console/webinars/{conference.id}/edit",
        stored=stored,
    )
    return _form_page(request, console, context, status=400)


# Copy, cancel, delete


@router.post("/webinars/{conference_id}/copy", name="console_webinar_copy")
async def copy_webinar(
    conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    source = await console.conference(session, conference_id)
    copy = await conferences.create_conference(
        session,
        console.account,
        ConferenceDraft(
            channel_id=source.channel_id,
            title=f"Copy of {source.title}"[:TITLE_MAX],
            copy_from_id=source.id,
        ),
    )
    return await recorded(
        session,
        console,
        "webinar.copied",
        f"Copied “{source.title}” as “{copy.title}”",
        subject=("conference", copy.id),
        then=f"/console/webinars/{copy.id}/edit",
        notice="Copy made: give it its own title and time.",
    )


def _confirm_page(
    request: Request, console: ConsoleContext, conference: Conference, action: str
) -> HTMLResponse:
    return render_console(
        request,
        console,
        "console/webinar_confirm.html",
        {"conference": conference, "action": action},
    )


@router.get("/webinars/{conference_id}/cancel", name="console_webinar_cancel_confirm")
async def confirm_cancel(
    conference_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    return _confirm_page(request, console, conference, "cancel")


@router.post("/webinars/{conference_id}/cancel", name="console_webinar_cancel")
async def cancel_webinar(
    conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    conference = await console.conference(session, conference_id)
    await lifecycle.cancel(session, console.account, conference, by=console.actor)
    return await recorded(
        session,
        console,
        "webinar.cancelled",
        f"Cancelled “{conference.title}”",
        subject=("conference", conference.id),
        then=f"/console/webinars/{conference.id}",
        notice="Webinar cancelled.",
    )


@router.get("/webinars/{conference_id}/delete", name="console_webinar_delete_confirm")
async def confirm_delete(
    conference_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    return _confirm_page(request, console, conference, "delete")


@router.post("/webinars/{conference_id}/delete", name="console_webinar_delete")
async def delete_webinar(
    conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    conference = await console.conference(session, conference_id)
    title = conference.title
    await conferences.delete_conference(session, console.account, conference.id)
    return await recorded(
        session,
        console,
        "webinar.deleted",
        f"Deleted “{title}”",
        subject=("conference", conference_id),
        then="/console/webinars",
        notice=f"Webinar “{title}” deleted.",
    )
