"""What a mail says: its templates (messaging/templates/<language>/, Jinja2,
plain text and HTML) rendered with the facts of the moment, and the .ics
of a registration confirmation.

Each kind has ``<kind>.txt`` (its ``subject`` block and the text) and
``<kind>.html``; the three reminders share ``reminder.*``, the two
invitations ``invitation.*``, the owner's two notices about a webhook endpoint
``webhook_endpoint.*``. Every link to the outside goes through ``track`` (the
click redirect), and every mail ends with its unsubscribe link (``layout.*``;
the owner's notices, their own footer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args

from icalendar import Calendar
from icalendar import Event as CalendarEvent
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from webinarium.conferences.schemas import AttendeeEmailKind
from webinarium.events.types import ReminderKind
from webinarium.kit.time import on_clock
from webinarium.models import Account, Conference, Person

# The attendees' letters (their switches and texts are the conference's), and more.
MailKind = Literal[
    AttendeeEmailKind,
    "cancellation",
    # A presenter or moderator asked in, with their presenter link
    # (BigMarker's send_email_invite, MyOwnConference's sendInvite).
    "presenter_invitation",
    # A person invited with Boomstream's invite link (notifyEmail).
    "invitation",
    # The account owner's notices about a webhook endpoint (`messaging.endpoint_mails`).
    "webhook_endpoint_failing",
    "webhook_endpoint_disabled",
]
MAIL_KINDS: tuple[MailKind, ...] = get_args(MailKind)
REMINDERS = frozenset(get_args(ReminderKind))
INVITATIONS = frozenset({"presenter_invitation", "invitation"})
ENDPOINT_NOTICES = frozenset({"webhook_endpoint_failing", "webhook_endpoint_disabled"})
Language = Literal["en", "ru"]
# A webinar's display_language as the dialects store it: a code (MyOwnConference)
# or a name (BigMarker); the mails have a template set for these.
_LANGUAGES: dict[str, Language] = {"ru": "ru", "russian": "ru", "русский": "ru"}
_TIME_FORMATS: dict[Language, str] = {"en": "%A %d %B %Y, %H:%M", "ru": "%d.%m.%Y %H:%M"}

_environment = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def mail_language(display_language: str | None) -> Language:
    """The template set for a webinar's display language: Russian where it
    says so, else English."""
    return _LANGUAGES.get((display_language or "").strip().lower(), "en")


def shown_time(moment: datetime, time_zone: str, language: Language) -> str:
    """A moment on a clock of the reader's (a webinar's, an account's), with
    the zone named."""
    local = on_clock(moment, time_zone)
    return f"{local.strftime(_TIME_FORMATS[language])} ({time_zone})"


def shown_start(conference: Conference, language: Language) -> str:
    """The start on the webinar's own clock."""
    return shown_time(conference.start_at, conference.time_zone, language)


def letter_facts(
    account: Account,
    conference: Conference,
    person: Person,
    language: Language,
    letter_text: str = "",
    **more: object,
) -> dict[str, object]:
    """What every mail about a webinar shows (the layout's facts), and ``more``."""
    return {
        "name": person.first_name or person.email,
        "title": conference.title,
        "starts": shown_start(conference, language),
        "account_name": account.name,
        "letter_text": letter_text,
        **more,
    }


@dataclass(frozen=True)
class Tracking:
    """The mail's own links back to us (`messaging.links`)."""

    track: Callable[[str], str]
    pixel_url: str
    unsubscribe_url: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(
    kind: MailKind, language: Language, facts: dict[str, Any], tracking: Tracking
) -> Rendered:
    if kind in REMINDERS:
        name = "reminder"
    elif kind in INVITATIONS:
        name = "invitation"
    elif kind in ENDPOINT_NOTICES:
        name = "webhook_endpoint"
    else:
        name = kind
    context = {
        **facts,
        "kind": kind,
        "track": tracking.track,
        "pixel_url": tracking.pixel_url,
        "unsubscribe_url": tracking.unsubscribe_url,
    }
    text_template = _environment.get_template(f"{language}/{name}.txt")
    subject = "".join(text_template.blocks["subject"](text_template.new_context(context)))
    return Rendered(
        subject=" ".join(subject.split())[:255],
        text=text_template.render(context),
        html=_environment.get_template(f"{language}/{name}.html").render(context),
    )


def calendar_file(conference: Conference, enter_url: str, now: datetime, host: str) -> str:
    """The webinar as an RFC 5545 event: a calendar adds it with the enter link."""
    calendar = Calendar()
    calendar.add("prodid", "-//Webinarium//Webinarium//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = CalendarEvent()
    # One UID per webinar: a second confirmation updates the calendar's event.
    event.add("uid", f"{conference.id}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", conference.start_at)
    event.add("dtend", conference.end_at)
    event.add("summary", conference.title)
    event.add("description", f"{conference.purpose}\n\n{enter_url}".strip())
    event.add("location", enter_url)
    event.add("url", enter_url)
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data.decode()
