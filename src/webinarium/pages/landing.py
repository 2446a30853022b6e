"""A conference's landing page (its public address without a token): the
registration page. Title, description, start in the visitor's time zone,
duration, the presenters shown on the landing page, and the way in — one form
for every dialect's webinars (`access.joining`): the webinar's login fields,
custom fields and consent on an open webinar, the e-mail alone on a closed one.
In the webinar's language (`pages.i18n`).

The page's state, each a page of its own (200): ``open`` (the form),
``closed`` (the organiser closed registration: ``registration_closed``),
``full`` (``registration_limit`` registrations in force), ``cancelled``, and
``ended`` (with a link to the on-demand page once the recording is published).

Sending the form (``POST`` to the same address):

- a new registration → ``303`` to its confirmation page (`pages.registration`,
  a private address carrying the enter token), which shows the personal enter
  link, the join time, the calendar file and, once the room is open, "Enter now";
- a registration the visitor already had (a closed webinar's participant, or
  an address registered before) → the room page at once, with a short-lived
  ticket and no personal link (the visitor proved nothing but an address), as
  before the confirmation page existed;
- a refusal → the form again with what was typed and each problem beside its
  field (400; 403 for a closed webinar's stranger or a staff address), or the
  page's state: registration closed (403), full (409), ended or cancelled (410).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock
from webinarium.access.errors import (
    ClosedWebinar,
    FieldProblem,
    FormInvalid,
    RegistrationBlocked,
    RoomClosed,
    StaffAddress,
)
from webinarium.access.joining import (
    DETAIL_FIELDS,
    LOGIN_FIELD_LABELS,
    Joined,
    JoinForm,
    is_closed,
    join,
)
from webinarium.access.service import venue
from webinarium.accounts.service import get_account
from webinarium.api.limits import read_form
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import ConferencePhase, ConferenceStatus, settings_of
from webinarium.conferences.service import list_custom_fields
from webinarium.files.schemas import icon_url
from webinarium.files.service import files_by_id
from webinarium.kit.errors import DomainError, Throttled
from webinarium.kit.throttle import SlidingWindow
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference, CustomField
from webinarium.pages.entry import enter_room
from webinarium.pages.i18n import page_language
from webinarium.pages.templating import FORM_PAGE, keep_private, render, status_of
from webinarium.pages.times import ShownTime, shown_time
from webinarium.presenters.service import presenters_of
from webinarium.recordings.service import latest_recordings, on_demand_address
from webinarium.registrations.errors import RegistrationClosed, RegistrationFull
from webinarium.registrations.service import enter_token, seats_left
from webinarium.settings import Settings

# The form's input names for the custom fields' answers: "answer.<api name>".
ANSWER_PREFIX = "answer."
CONSENT = "consent"
JOIN_WINDOW_SECONDS = 600
# The confirmation page of a new registration, under the conference's address.
CONFIRMATION_SUFFIX = "/registered"


def join_throttle(settings: Settings) -> SlidingWindow:
    """The form's throttle (`app.state.join_throttle`; in this process only):
    ``join_form_per_address`` sign-ups per client address in ten minutes."""
    return SlidingWindow(settings.join_form_per_address, JOIN_WINDOW_SECONDS)


@dataclass(frozen=True)
class Input:
    """One input of the form. Login fields are labelled by the page in its
    language (public_forms.html); ``label`` is the organiser's own words (a
    custom field's name, the consent's text) or the English fallback."""

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


_FIELD_TYPES = {
    "text": "text",
    "number": "number",
    "date": "date",
    "textarea": "textarea",
    "checkbox": "checkbox",
}


def _answer_inputs(fields: list[CustomField]) -> list[Input]:
    return [
        Input(
            ANSWER_PREFIX + field.api_name,
            field.field_name,
            _FIELD_TYPES.get(field.field_type, "select" if field.options else "text"),
            required=field.required,
            options=tuple(field.options),
        )
        for field in fields
    ]


def form_inputs(conference: Conference, fields: list[CustomField]) -> list[Input]:
    """The form's inputs: login fields, then (open webinars) custom fields and the consent."""
    inputs = _login_inputs(conference)
    if is_closed(conference):
        return inputs
    inputs += _answer_inputs(fields)
    consent = settings_of(conference).registration_consent_text
    if consent:
        inputs.append(Input(CONSENT, consent, "checkbox", required=True))
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


def conference_page_language(request: Request, conference: Conference) -> str:
    """The language of a page about ``conference`` (`pages.i18n.page_language`)."""
    return page_language(
        request.headers.get("accept-language", ""), settings_of(conference).display_language
    )


async def _state(
    request: Request, session: AsyncSession, account: Account, conference: Conference
) -> tuple[str, str | None, int | None]:
    """The page's state (see the module doc), the on-demand page's address when
    it has ended with a published recording, and the seats left when shown."""
    if conference.status == ConferenceStatus.CANCELLED:
        return "cancelled", None, None
    if lifecycle.phase_of(conference, utcnow()) == ConferencePhase.OVER:
        recording = (await latest_recordings(session, account, [conference.id])).get(conference.id)
        shown = recording is not None and recording.published
        return "ended", on_demand_address(request.url.path) if shown else None, None
    if is_closed(conference):
        return "open", None, None
    settings = settings_of(conference)
    if settings.registration_closed:
        return "closed", None, None
    left = await seats_left(session, account, conference)
    if left == 0:
        return "full", None, None
    return "open", None, left if settings.login_show_seats_left else None


async def _context(
    request: Request, session: AsyncSession, account: Account, conference: Conference
) -> tuple[dict[str, Any], list[CustomField]]:
    settings = settings_of(conference)
    language = conference_page_language(request, conference)
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
    landing = Landing(
        title=conference.title,
        show_title=settings.login_show_title,
        purpose=conference.purpose,
        duration_minutes=conference.duration_minutes,
        starts_at=shown_time(conference.start_at, conference.time_zone, language),
        show_start=settings.login_show_start,
        presenters=presenters,
        closed=is_closed(conference),
    )
    state, recording_url, seats = await _state(request, session, account, conference)
    context = {
        "lang": language,
        "landing": landing,
        "state": state,
        "recording_url": recording_url,
        "seats_left": seats,
        "inputs": form_inputs(conference, fields),
        "values": {},
        "problems": {},
        "form_error": None,
    }
    return context, fields


async def landing_page(
    request: Request, session: AsyncSession, conference: Conference
) -> HTMLResponse:
    account = await get_account(session, conference.account_id)
    context, _ = await _context(request, session, account, conference)
    return render(request, "landing.html", context)


# Refusals shown beside the e-mail field.
_EMAIL_REFUSALS = (RegistrationBlocked, StaffAddress, ClosedWebinar)


def form_refusal(
    request: Request, template: str, context: dict[str, Any]
) -> Callable[[DomainError], Response]:
    """What a refusal of the form shows (``template`` with ``context``): the
    form again, with what was typed and each problem beside its field; or the
    page's state when registering is over (closed, full, ended)."""

    def page(error: DomainError) -> Response:
        status = status_of(error)
        shown: dict[str, Any] = {}
        if isinstance(error, RoomClosed):
            ended = "cancelled" if context.get("state") == "cancelled" else "ended"
            shown = {"state": ended}
        elif isinstance(error, RegistrationClosed):
            shown = {"state": "closed"}
        elif isinstance(error, RegistrationFull):
            shown = {"state": "full"}
        elif isinstance(error, FormInvalid):
            shown = {"problems": error.problems, "form_error": "fields"}
        elif isinstance(error, _EMAIL_REFUSALS):
            problem = FieldProblem(error.code, error.message)
            shown = {"problems": {"email": problem}, "form_error": "fields"}
        elif isinstance(error, Throttled):
            shown = {"form_error": "throttled"}
        else:
            shown = {"form_error": "other"}
        return render(request, template, {**context, **shown}, status=status)

    return page


def _count_join(request: Request) -> None:
    throttle: SlidingWindow = request.app.state.join_throttle
    address = request.client.host if request.client else ""
    wait = throttle.retry_after(address)
    if wait is not None:
        raise Throttled("Too many sign-ups from your address: try again in a few minutes.", wait)
    throttle.record(address)


async def sent_form(request: Request) -> tuple[dict[str, str], JoinForm]:
    """The form as sent: its texts (shown again on a refusal) and what they say."""
    sent = {k: v for k, v in (await read_form(request)).items() if isinstance(v, str)}
    form = JoinForm(
        email=sent.get("email", ""),
        first_name=sent.get("first_name", "").strip() or None,
        last_name=sent.get("last_name", "").strip() or None,
        details={k: v for k, v in sent.items() if k in DETAIL_FIELDS},
        answers={
            k.removeprefix(ANSWER_PREFIX): v for k, v in sent.items() if k.startswith(ANSWER_PREFIX)
        },
        consented_at=utcnow() if sent.get(CONSENT) else None,
    )
    return sent, form


async def join_from_page(
    request: Request,
    session: AsyncSession,
    account: Account,
    conference: Conference,
    fields: list[CustomField],
    *,
    to_watch_recording: bool = False,
) -> Joined:
    """Joins with the form sent to a page whose refusals `form_refusal` shows
    (set on the request before this): throttled per client address."""
    _, form = await sent_form(request)
    _count_join(request)
    place = await venue(session, account, conference.id)
    return await join(
        session,
        account,
        place,
        form,
        [] if is_closed(conference) else fields,
        to_watch_recording=to_watch_recording,
    )


async def join_page(request: Request, session: AsyncSession, conference: Conference) -> Response:
    account = await get_account(session, conference.account_id)
    context, fields = await _context(request, session, account, conference)
    context["values"], _ = await sent_form(request)
    setattr(request.state, FORM_PAGE, form_refusal(request, "landing.html", context))
    joined = await join_from_page(request, session, account, conference, fields)
    if joined.created:
        # Its confirmation page, at a private address carrying the enter token.
        token = enter_token(request.app.state.settings.secret_key, joined.registration)
        return keep_private(
            RedirectResponse(
                f"{request.url.path}{CONFIRMATION_SUFFIX}?token={token}", status_code=303
            )
        )
    return await enter_room(
        request, session, account, conference, Knock("registration", joined.registration.id)
    )
