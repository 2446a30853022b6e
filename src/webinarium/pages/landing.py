"""A conference's landing page (its public address without a token): title,
description, start in the visitor's time zone, duration, the presenters shown
on the landing page, and the way in — one form for every dialect's webinars
(`access.joining`): the webinar's login fields and custom fields on an open
webinar, the e-mail alone on a closed one.

Sending the form (``POST`` to the same address):

- a new registration → ``303`` to the registrant's personal enter link, which
  opens the room, or (too early) the page saying when it opens, showing that
  link to come back with;
- a registration the visitor already had (a closed webinar's participant, or
  an address registered before) → the room page at once, with a short-lived
  ticket and no personal link (the visitor proved nothing but an address);
- a refusal → the form again with the reason (400; 403 for a closed webinar
  or a staff address); an ended webinar says so instead of a form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock
from webinarium.access.errors import RoomClosed
from webinarium.access.joining import (
    DETAIL_FIELDS,
    LOGIN_FIELD_LABELS,
    JoinForm,
    is_closed,
    join,
)
from webinarium.access.service import venue
from webinarium.accounts.service import get_account
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import ConferencePhase, settings_of
from webinarium.conferences.service import list_custom_fields
from webinarium.files.schemas import icon_url
from webinarium.files.service import files_by_id
from webinarium.kit.errors import DomainError, Throttled
from webinarium.kit.throttle import SlidingWindow
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference, CustomField
from webinarium.pages.entry import enter_room
from webinarium.pages.templating import FORM_PAGE, render, status_of
from webinarium.pages.times import ShownTime, shown_time
from webinarium.presenters.service import presenters_of
from webinarium.registrations.service import enter_token
from webinarium.settings import Settings

# The form's input names for the custom fields' answers: "answer.<api name>".
ANSWER_PREFIX = "answer."
JOIN_WINDOW_SECONDS = 600


def join_throttle(settings: Settings) -> SlidingWindow:
    """The form's throttle (`app.state.join_throttle`; in this process only):
    ``join_form_per_address`` sign-ups per client address in ten minutes."""
    return SlidingWindow(settings.join_form_per_address, JOIN_WINDOW_SECONDS)


@dataclass(frozen=True)
class Input:
    """One input of the form."""

    name: str
    label: str
    type: str = "text"
    required: bool = False
    options: tuple[str, ...] = ()


def _login_inputs(conference: Conference) -> list[Input]:
    if is_closed(conference):
        return [Input("email", "E-mail", "email", required=True)]
    login_fields = settings_of(conference).login_fields
    inputs: list[Input] = []
    for name in login_fields:
        if name == "name":
            inputs.append(Input("first_name", "First name", required=True))
            inputs.append(Input("last_name", "Last name"))
        else:
            kind = {"email": "email", "born": "date", "phone": "tel"}.get(name, "text")
            inputs.append(Input(name, LOGIN_FIELD_LABELS[name], kind, required=True))
    if "email" not in login_fields:
        inputs.append(Input("email", "E-mail", "email", required=True))
    return inputs


_FIELD_TYPES = {"text": "text", "number": "number", "date": "date", "textarea": "textarea"}


def _answer_inputs(fields: list[CustomField]) -> list[Input]:
    inputs = []
    for field in fields:
        kind = _FIELD_TYPES.get(field.field_type, "select" if field.options else "text")
        if field.field_type == "checkbox":
            kind = "checkbox"
        inputs.append(
            Input(
                ANSWER_PREFIX + field.api_name,
                field.field_name,
                kind,
                required=field.required,
                options=tuple(field.options),
            )
        )
    return inputs


@dataclass(frozen=True)
class Speaker:
    name: str
    title: str
    bio: str
    photo_url: str | None


@dataclass(frozen=True)
class Landing:
    """What the page shows of the conference, read once: a refused form is
    shown after its unit of work rolled back, when the rows can no longer be read."""

    title: str
    # MyOwnConference's showLoginName: the title may be left off the page.
    show_title: bool
    purpose: str
    duration_minutes: int
    starts_at: ShownTime
    show_start: bool
    presenters: tuple[Speaker, ...]
    closed: bool
    over: bool


async def _context(
    session: AsyncSession, account: Account, conference: Conference
) -> tuple[dict[str, Any], list[CustomField]]:
    settings = settings_of(conference)
    shown = [
        p
        for p in await presenters_of(session, account, conference)
        if p.presenter.display_on_landing_page and settings.login_show_presenters
    ]
    # A presenter's own avatar in the file store (uploaded, or fetched from
    # Boomstream's avatarUrl) once it is a ready image; else their photo's URL.
    avatars = await files_by_id(session, account.id, [p.person.avatar_file_id for p in shown])
    presenters = tuple(
        Speaker(
            p.presenter.display_name,
            p.presenter.title,
            p.presenter.bio,
            icon_url(avatars.get(p.person.avatar_file_id or ""), "") or p.presenter.photo_url,
        )
        for p in shown
    )
    fields = await list_custom_fields(session, account, conference.id)
    closed = is_closed(conference)
    landing = Landing(
        title=conference.title,
        show_title=settings.login_show_title,
        purpose=conference.purpose,
        duration_minutes=conference.duration_minutes,
        starts_at=shown_time(conference.start_at, conference.time_zone),
        show_start=settings.login_show_start,
        presenters=presenters,
        closed=closed,
        over=lifecycle.phase_of(conference, utcnow()) == ConferencePhase.OVER,
    )
    context = {
        "landing": landing,
        "over": landing.over,
        "inputs": _login_inputs(conference) + ([] if closed else _answer_inputs(fields)),
        "values": {},
        "error": None,
    }
    return context, fields


async def landing_page(
    request: Request, session: AsyncSession, conference: Conference
) -> HTMLResponse:
    account = await get_account(session, conference.account_id)
    context, _ = await _context(session, account, conference)
    return render(request, "landing.html", context)


def _form_page(request: Request, context: dict[str, Any]) -> Callable[[DomainError], Response]:
    """What a refusal of the form shows: the form again, with the reason."""

    def page(error: DomainError) -> Response:
        if isinstance(error, RoomClosed):
            return render(request, "landing.html", {**context, "over": True}, status=410)
        return render(
            request, "landing.html", {**context, "error": error.message}, status=status_of(error)
        )

    return page


def _count_join(request: Request) -> None:
    throttle: SlidingWindow = request.app.state.join_throttle
    address = request.client.host if request.client else ""
    wait = throttle.retry_after(address)
    if wait is not None:
        raise Throttled("Too many sign-ups from your address: try again in a few minutes.", wait)
    throttle.record(address)


async def join_page(request: Request, session: AsyncSession, conference: Conference) -> Response:
    account = await get_account(session, conference.account_id)
    context, fields = await _context(session, account, conference)
    sent = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    context["values"] = sent
    setattr(request.state, FORM_PAGE, _form_page(request, context))
    _count_join(request)
    form = JoinForm(
        email=sent.get("email", ""),
        first_name=sent.get("first_name", "").strip() or None,
        last_name=sent.get("last_name", "").strip() or None,
        details={k: v for k, v in sent.items() if k in DETAIL_FIELDS},
        answers={
            k.removeprefix(ANSWER_PREFIX): v for k, v in sent.items() if k.startswith(ANSWER_PREFIX)
        },
    )
    place = await venue(session, account, conference.id)
    joined = await join(session, account, place, form, [] if is_closed(conference) else fields)
    if joined.created:
        # Its personal link: the room, or when it opens, at an address to keep.
        token = enter_token(request.app.state.settings.secret_key, joined.registration)
        return RedirectResponse(f"{request.url.path}?token={token}", status_code=303)
    return await enter_room(
        request, session, account, conference, Knock("registration", joined.registration.id)
    )
