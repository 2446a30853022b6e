"""What a mail says: its templates (messaging/templates/<language>/, Jinja2,
plain text and HTML) rendered with the facts of the moment, and the .ics
of a registration confirmation.

Each kind has ``<kind>.txt`` (its ``subject`` block and the text) and
``<kind>.html``; the three reminders share ``reminder.*``, the two
invitations ``invitation.*``, the owner's two notices about a webhook endpoint
``webhook_endpoint.*``, a console user's password reset and invitation
``user_link.*``. Every link to the outside goes through ``track`` (the
click redirect), and every mail ends with its unsubscribe link (``layout.*``;
the owner's notices, their own footer).

An account may word a kind of mail its own way (`messaging.templates_store`):
``render`` is then given that `TemplateSource`, rendered in Jinja2's sandbox
with the same facts; if it fails at send time, the built-in template is used
and the failure logged."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args

from icalendar import Calendar
from icalendar import Event as CalendarEvent
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from webinarium.conferences.schemas import AttendeeEmailKind
from webinarium.events.types import ReminderKind
from webinarium.kit.time import on_clock
from webinarium.models import Account, Conference, Person

# The attendees' letters (their switches and texts are the conference's), and more.
MailKind = Literal[
    AttendeeEmailKind,
    # The recording, published after the follow-up went without it
    # (`messaging.reactions`; the follow-up's switch).
    "recording_available",
    "cancellation",
    # A presenter or moderator asked in, with their presenter link
    # (BigMarker's send_email_invite, MyOwnConference's sendInvite).
    "presenter_invitation",
    # A person invited with Boomstream's invite link (notifyEmail).
    "invitation",
    # The account owner's notices about a webhook endpoint (`messaging.endpoint_mails`).
    "webhook_endpoint_failing",
    "webhook_endpoint_disabled",
    # A console user's single-use links (`accounts.people`): not marketing, so
    # never suppressed, tracked or unsubscribed from.
    "password_reset",
    "user_invitation",
]
MAIL_KINDS: tuple[MailKind, ...] = get_args(MailKind)
REMINDERS = frozenset(get_args(ReminderKind))
INVITATIONS = frozenset({"presenter_invitation", "invitation"})
ENDPOINT_NOTICES = frozenset({"webhook_endpoint_failing", "webhook_endpoint_disabled"})
USER_LINKS = frozenset({"password_reset", "user_invitation"})
Language = Literal["en", "ru"]
# A webinar's display_language as the dialects store it: a code (MyOwnConference)
# or a name (BigMarker); the mails have a template set for these.
_LANGUAGES: dict[str, Language] = {"ru": "ru", "russian": "ru", "русский": "ru"}
_TIME_FORMATS: dict[Language, str] = {"en": "%A %d %B %Y, %H:%M", "ru": "%d.%m.%Y %H:%M"}

_TEMPLATES = Path(__file__).parent / "templates"
_OPTIONS: dict[str, Any] = {
    "loader": FileSystemLoader(_TEMPLATES),
    "undefined": StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
_environment = Environment(
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    **_OPTIONS,
)
# An account's own sources (`TemplateSource`): Jinja2's sandbox (no attribute
# starting with "_", no unsafe method, ranges bounded), the HTML escaped; they
# may extend the built-in layouts.
_sandboxes = {
    "html": SandboxedEnvironment(autoescape=True, **_OPTIONS),
    "text": SandboxedEnvironment(autoescape=False, **_OPTIONS),
}
log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class TemplateSource:
    """A kind of mail's three Jinja2 sources, as an account words them."""

    subject: str
    text: str
    html: str


TEMPLATE_PARTS = ("subject", "text", "html")


def template_name(kind: MailKind) -> str:
    """The built-in template files a kind uses (kinds share some)."""
    if kind in REMINDERS:
        return "reminder"
    if kind in INVITATIONS:
        return "invitation"
    if kind in ENDPOINT_NOTICES:
        return "webhook_endpoint"
    if kind in USER_LINKS:
        return "user_link"
    return kind


_SUBJECT_BLOCK = re.compile(r"{%-?\s*block subject\s*-?%}(.*?){%-?\s*endblock\s*-?%}\n?", re.S)


def builtin_source(kind: MailKind, language: Language) -> TemplateSource:
    """The built-in templates' sources, as an account starts editing them: the
    subject block on its own, the text without it."""
    name = template_name(kind)
    text = (_TEMPLATES / language / f"{name}.txt").read_text()
    subject = _SUBJECT_BLOCK.search(text)
    return TemplateSource(
        subject=subject.group(1).strip() if subject else "",
        text=_SUBJECT_BLOCK.sub("", text, count=1),
        html=(_TEMPLATES / language / f"{name}.html").read_text(),
    )


def compile_source(part: str, source: str) -> Template:
    """An account's source of one part, compiled in the sandbox; raises
    jinja2.TemplateSyntaxError."""
    return _sandboxes["html" if part == "html" else "text"].from_string(source)


def template_context(kind: MailKind, facts: dict[str, Any], tracking: Tracking) -> dict[str, Any]:
    return {
        **facts,
        "kind": kind,
        "track": tracking.track,
        "pixel_url": tracking.pixel_url,
        "unsubscribe_url": tracking.unsubscribe_url,
    }


def _one_line(subject: str) -> str:
    return " ".join(subject.split())[:255]


def render_source(
    kind: MailKind, source: TemplateSource, facts: dict[str, Any], tracking: Tracking
) -> Rendered:
    """An account's sources rendered; raises what Jinja2 raises (a syntax
    error, an undefined name, a sandbox refusal)."""
    context = template_context(kind, facts, tracking)
    return Rendered(
        subject=_one_line(compile_source("subject", source.subject).render(context)),
        text=compile_source("text", source.text).render(context),
        html=compile_source("html", source.html).render(context),
    )


def render(
    kind: MailKind,
    language: Language,
    facts: dict[str, Any],
    tracking: Tracking,
    override: TemplateSource | None = None,
) -> Rendered:
    """The mail, from the account's own sources when it has them, else (or if
    they fail) from the built-in templates."""
    if override is not None:
        try:
            return render_source(kind, override, facts, tracking)
        except Exception:
            # Checked when saved, an override can still fail on the facts of
            # a real mail (a value it never saw): the mail goes out anyway.
            log.exception("the account's %s template failed; the built-in one is used", kind)
    name = template_name(kind)
    context = template_context(kind, facts, tracking)
    text_template = _environment.get_template(f"{language}/{name}.txt")
    subject = "".join(text_template.blocks["subject"](text_template.new_context(context)))
    return Rendered(
        subject=_one_line(subject),
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
