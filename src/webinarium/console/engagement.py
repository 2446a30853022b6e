"""A webinar's polls, survey and offers in the console:
``/console/webinars/{conference_id}/engagement`` and its forms.

Over the services the APIs use: polls as BigMarker's polls API makes them
(`polls.service`: a question, a selection method, choices for single and
multi; results shown once the poll is closed), the survey as the native
``PUT …/survey`` replaces it (`surveys.service`: every question at once,
refused once someone answered), offers as the native offers API makes them
(`content.offers`: a title, a button's text and its URL; no image, as the
API takes none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.api.deps import ReadSession, Session
from webinarium.console.auth import (
    Console,
    ConsoleContext,
    ConsoleForm,
    ReadConsole,
    console_router,
    recorded,
    render_console,
)
from webinarium.console.content import FORM, attempt, checked, field_errors, sentence, text
from webinarium.console.presenters import Webinar
from webinarium.content import offers
from webinarium.kit.errors import DomainError, plain_message
from webinarium.models import Conference
from webinarium.polls import service as polls
from webinarium.polls.errors import PollNotFound
from webinarium.polls.schemas import WITH_CHOICES, PollChanges, PollDraft, PollStatus
from webinarium.surveys import service as surveys
from webinarium.surveys.schemas import SurveyInput

router = console_router()
POLL_TYPES = [
    ("single", "One choice"),
    ("multi", "Several choices"),
    ("score", "A score from 1 to 10"),
    ("short_answer", "A short text answer"),
]
SURVEY_KINDS = [("text", "Text answer"), ("single", "One of the choices"), ("rating", "Rating 1–5")]
# Blank question rows the survey form offers below the questions there are.
SURVEY_BLANK_ROWS = 3
_STATUS_LABELS = {"queue": "Not opened yet", "open": "Open", "reopened": "Open", "closed": "Closed"}


@dataclass(frozen=True)
class ChoiceResult:
    choice: str
    votes: int | None


@dataclass(frozen=True)
class PollRow:
    id: str
    question: str
    selection_method: str
    status: str
    choices: list[ChoiceResult]
    shows_results: bool
    # Once closed: how many voted, a score poll's average, a short-answer poll's answers.
    voters: int | None = None
    average: float | None = None
    answers: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return _STATUS_LABELS.get(self.status, self.status)

    @property
    def type_label(self) -> str:
        return dict(POLL_TYPES).get(self.selection_method, self.selection_method)


@dataclass(frozen=True)
class OfferRow:
    id: str
    title: str
    button_text: str
    url: str


@dataclass(frozen=True)
class _Page:
    """The page as read before a change: shown again when the change is refused."""

    webinar: Webinar
    polls: list[PollRow]
    offers: list[OfferRow]
    survey: list[dict[str, str]]
    survey_answered: bool


async def _poll_row(
    session: AsyncSession, console: ConsoleContext, details: polls.PollDetails
) -> PollRow:
    poll = details.poll
    closed = details.status == PollStatus.CLOSED
    results = await polls.results_data(session, console.account, details) if closed else None
    votes = {r["choice_id"]: r["votes"] for r in results["results"]} if results else {}
    return PollRow(
        id=poll.id,
        question=poll.question,
        selection_method=poll.selection_method,
        status=details.status.value,
        choices=[ChoiceResult(c.choice, votes.get(c.id)) for c in details.choices],
        shows_results=details.options.attendee_can_view_poll_results,
        voters=results["voters"] if results else None,
        average=(results["score"] or {}).get("average") if results else None,
        answers=[a["answer"] for a in (results["answers"] or [])] if results else [],
    )


async def _page(session: AsyncSession, console: ConsoleContext, conference: Conference) -> _Page:
    account = console.account
    poll_rows = [
        await _poll_row(session, console, details)
        for details in await polls.list_polls(session, account, conference.id)
    ]
    offer_rows = [
        OfferRow(o.id, o.title, o.button_text, o.url)
        for o in await offers.list_offers(session, account, conference)
    ]
    questions = await surveys.questions(session, account, conference)
    answered = bool(await surveys.answers(session, account, conference.id))
    survey = [{"text": q.text, "kind": q.kind, "choices": "\n".join(q.choices)} for q in questions]
    return _Page(Webinar.of(conference), poll_rows, offer_rows, survey, answered)


def _path(conference_id: str, suffix: str = "") -> str:
    return f"/console/webinars/{conference_id}/engagement{suffix}"


def _blank_poll() -> dict[str, Any]:
    return {"question": "", "selection_method": "single", "choices": "", "show_results": True}


def _blank_offer() -> dict[str, str]:
    return {"title": "", "button_text": "", "url": ""}


def _render(
    request: Request,
    console: ConsoleContext,
    page: _Page,
    *,
    poll: dict[str, Any] | None = None,
    offer: dict[str, str] | None = None,
    survey: list[dict[str, str]] | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    rows = survey if survey is not None else page.survey
    blank = {"text": "", "kind": "text", "choices": ""}
    return render_console(
        request,
        console,
        "console/content_engagement.html",
        {
            "conference": page.webinar,
            "polls": page.polls,
            "offers": page.offers,
            "survey_answered": page.survey_answered,
            "survey_rows": [*rows, *([blank] * SURVEY_BLANK_ROWS)],
            "poll": poll or _blank_poll(),
            "offer": offer or _blank_offer(),
            "errors": {"poll": {}, "offer": {}, "survey": {}, **(errors or {})},
            "poll_types": POLL_TYPES,
            "survey_kinds": SURVEY_KINDS,
        },
        status=status,
    )


def _form_again(
    request: Request, console: ConsoleContext, page: _Page, form: str, **typed: Any
) -> Callable[[dict[str, str]], HTMLResponse]:
    """The page again, status 400, with ``form`` (poll, survey or offer) as
    typed and its errors (`content.attempt`)."""

    def again(errors: dict[str, str]) -> HTMLResponse:
        return _render(request, console, page, errors={form: errors}, status=400, **typed)

    return again


@router.get("/webinars/{conference_id}/engagement", name="console_engagement")
async def engagement_page(
    conference_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    return _render(request, console, await _page(session, console, conference))


# -- polls -----------------------------------------------------------------------


def _typed_poll(form: ConsoleForm) -> dict[str, Any]:
    return {
        "question": text(form, "question"),
        "selection_method": text(form, "selection_method") or "single",
        "choices": text(form, "choices"),
        "show_results": checked(form, "show_results"),
    }


def _poll_input(values: dict[str, Any]) -> dict[str, Any]:
    """The form's poll as the polls service takes it: one choice a line;
    choices only for the methods that have them (a score poll's leftover
    lines are not an error of the organiser's)."""
    lines = [line.strip() for line in values["choices"].splitlines() if line.strip()]
    method = values["selection_method"]
    return {
        "question": values["question"],
        "selection_method": method,
        "choices": lines if method in WITH_CHOICES else [],
        "options": {"attendee_can_view_poll_results": values["show_results"]},
    }


def _poll_field(error: DomainError) -> str:
    message = error.message.lower()
    if "choice" in message:
        return "choices"
    if "question" in message:
        return "question"
    if "selection_method" in message:
        return "selection_method"
    return FORM


@router.post("/webinars/{conference_id}/engagement/polls", name="console_polls_add")
async def add_poll(
    conference_id: str, request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    conference = await console.conference(session, conference_id)
    page = await _page(session, console, conference)
    values = _typed_poll(form)
    again = _form_again(request, console, page, "poll", poll=values)

    try:
        draft = PollDraft.model_validate({**_poll_input(values), "conference_id": conference.id})
    except ValidationError as error:
        return again(field_errors(error))
    details = await attempt(
        request, polls.create_poll(session, console.account, draft), again, _poll_field
    )
    return await recorded(
        session,
        console,
        "poll.created",
        f"Created the poll “{details.poll.question}” of “{conference.title}”",
        subject=("poll", details.poll.id),
        then=_path(conference.id),
        notice="Poll created.",
    )


async def _poll(
    session: AsyncSession, console: ConsoleContext, conference: Conference, poll_id: str
) -> polls.PollDetails:
    """A poll of this webinar (another webinar's is not found here)."""
    details = await polls.get_poll(session, console.account, poll_id)
    if details.poll.conference_id != conference.id:
        raise PollNotFound(f"poll {poll_id} not found")
    return details


def _edit_poll_page(
    request: Request,
    console: ConsoleContext,
    webinar: Webinar,
    poll_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    status: int = 200,
) -> HTMLResponse:
    return render_console(
        request,
        console,
        "console/polls_edit.html",
        {
            "conference": webinar,
            "poll_id": poll_id,
            "poll": values,
            "errors": errors,
            "poll_types": POLL_TYPES,
        },
        status=status,
    )


@router.get("/webinars/{conference_id}/engagement/polls/{poll_id}/edit", name="console_polls_edit")
async def edit_poll_page(
    conference_id: str, poll_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    details = await _poll(session, console, conference, poll_id)
    values = {
        "question": details.poll.question,
        "selection_method": details.poll.selection_method,
        "choices": "\n".join(c.choice for c in details.choices),
        "show_results": details.options.attendee_can_view_poll_results,
    }
    return _edit_poll_page(request, console, Webinar.of(conference), details.poll.id, values, {})


@router.post("/webinars/{conference_id}/engagement/polls/{poll_id}", name="console_polls_save")
async def save_poll(
    conference_id: str,
    poll_id: str,
    request: Request,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> Response:
    conference = await console.conference(session, conference_id)
    details = await _poll(session, console, conference, poll_id)
    webinar = Webinar.of(conference)
    values = _typed_poll(form)

    def again(errors: dict[str, str]) -> HTMLResponse:
        return _edit_poll_page(
            request, console, webinar, details.poll.id, values, errors, status=400
        )

    try:
        changes = PollChanges.model_validate(_poll_input(values))
    except ValidationError as error:
        return again(field_errors(error))
    saved = await attempt(
        request,
        polls.update_poll(session, console.account, details.poll.id, changes),
        again,
        _poll_field,
    )
    return await recorded(
        session,
        console,
        "poll.updated",
        f"Changed the poll “{saved.poll.question}” of “{conference.title}”",
        subject=("poll", saved.poll.id),
        then=_path(conference.id),
        notice="Poll saved.",
    )


@router.post(
    "/webinars/{conference_id}/engagement/polls/{poll_id}/delete", name="console_polls_delete"
)
async def delete_poll(
    conference_id: str, poll_id: str, console: Console, session: Session, form: ConsoleForm
) -> RedirectResponse:
    conference = await console.conference(session, conference_id)
    details = await _poll(session, console, conference, poll_id)
    question = details.poll.question
    await polls.delete_poll(session, console.account, details.poll.id)
    return await recorded(
        session,
        console,
        "poll.deleted",
        f"Deleted the poll “{question}” of “{conference.title}”",
        subject=("poll", poll_id),
        then=_path(conference.id),
        notice="Poll deleted.",
    )


# -- the survey ------------------------------------------------------------------


def _typed_survey(form: ConsoleForm) -> list[dict[str, str]]:
    """The survey form's question rows, in order, blank ones left out. Rows are
    numbered ``q-<n>-text``, ``q-<n>-kind``, ``q-<n>-choices`` from 1."""
    rows = []
    number = 1
    while f"q-{number}-text" in form:
        row = {name: text(form, f"q-{number}-{name}") for name in ("text", "kind", "choices")}
        if row["text"].strip() or row["choices"].strip():
            rows.append(row)
        number += 1
    return rows


def _survey_errors(error: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for problem in error.errors(include_url=False):
        location = problem["loc"]
        if len(location) >= 2 and location[0] == "questions" and isinstance(location[1], int):
            # A question's own check (its choices against its kind) has no field.
            name = str(location[2]) if len(location) >= 3 else "choices"
            where = f"q-{location[1] + 1}-{name if name in ('text', 'kind') else 'choices'}"
        else:
            where = FORM
        errors.setdefault(where, sentence(plain_message(problem)))
    return errors


@router.post("/webinars/{conference_id}/engagement/survey", name="console_survey_save")
async def save_survey(
    conference_id: str, request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    conference = await console.conference(session, conference_id)
    page = await _page(session, console, conference)
    rows = _typed_survey(form)
    again = _form_again(request, console, page, "survey", survey=rows)

    questions = [
        {
            "text": row["text"],
            "kind": row["kind"],
            "choices": [line.strip() for line in row["choices"].splitlines() if line.strip()]
            if row["kind"] == "single"
            else [],
        }
        for row in rows
    ]
    try:
        survey = SurveyInput.model_validate({"questions": questions})
    except ValidationError as error:
        return again(_survey_errors(error))
    await attempt(
        request, surveys.replace_questions(session, console.account, conference.id, survey), again
    )
    return await recorded(
        session,
        console,
        "survey.saved",
        f"Saved the survey of “{conference.title}” ({len(rows)} questions)",
        subject=("conference", conference.id),
        then=_path(conference.id),
        notice="Survey saved.",
    )


# -- offers ----------------------------------------------------------------------


def _typed_offer(form: ConsoleForm) -> dict[str, str]:
    return {name: text(form, name) for name in ("title", "button_text", "url")}


def _offer_field(error: DomainError) -> str:
    message = error.message.lower()
    for name in ("button_text", "title", "url"):
        if name in message:
            return name
    return FORM


@router.post("/webinars/{conference_id}/engagement/offers", name="console_offers_add")
async def add_offer(
    conference_id: str, request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    conference = await console.conference(session, conference_id)
    page = await _page(session, console, conference)
    values = _typed_offer(form)
    again = _form_again(request, console, page, "offer", offer=values)

    offer = await attempt(
        request,
        offers.add_offer(session, console.account, conference, **values),
        again,
        _offer_field,
    )
    return await recorded(
        session,
        console,
        "offer.created",
        f"Created the offer “{offer.title}” of “{conference.title}”",
        subject=("offer", offer.id),
        then=_path(conference.id),
        notice="Offer created.",
    )


def _edit_offer_page(
    request: Request,
    console: ConsoleContext,
    webinar: Webinar,
    offer_id: str,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    status: int = 200,
) -> HTMLResponse:
    return render_console(
        request,
        console,
        "console/offers_edit.html",
        {"conference": webinar, "offer_id": offer_id, "offer": values, "errors": errors},
        status=status,
    )


@router.get(
    "/webinars/{conference_id}/engagement/offers/{offer_id}/edit", name="console_offers_edit"
)
async def edit_offer_page(
    conference_id: str, offer_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    offer = await offers.get_offer(session, console.account, conference, offer_id)
    values = {"title": offer.title, "button_text": offer.button_text, "url": offer.url}
    return _edit_offer_page(request, console, Webinar.of(conference), offer.id, values, {})


@router.post("/webinars/{conference_id}/engagement/offers/{offer_id}", name="console_offers_save")
async def save_offer(
    conference_id: str,
    offer_id: str,
    request: Request,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> Response:
    conference = await console.conference(session, conference_id)
    offer = await offers.get_offer(session, console.account, conference, offer_id)
    webinar, kept_id = Webinar.of(conference), offer.id
    values = _typed_offer(form)

    def again(errors: dict[str, str]) -> HTMLResponse:
        return _edit_offer_page(request, console, webinar, kept_id, values, errors, status=400)

    saved = await attempt(
        request,
        offers.update_offer(session, console.account, conference, kept_id, **values),
        again,
        _offer_field,
    )
    return await recorded(
        session,
        console,
        "offer.updated",
        f"Changed the offer “{saved.title}” of “{conference.title}”",
        subject=("offer", saved.id),
        then=_path(conference.id),
        notice="Offer saved.",
    )


@router.post(
    "/webinars/{conference_id}/engagement/offers/{offer_id}/delete", name="console_offers_delete"
)
async def delete_offer(
    conference_id: str, offer_id: str, console: Console, session: Session, form: ConsoleForm
) -> RedirectResponse:
    conference = await console.conference(session, conference_id)
    offer = await offers.get_offer(session, console.account, conference, offer_id)
    title = offer.title
    await offers.delete_offer(session, console.account, conference, offer.id)
    return await recorded(
        session,
        console,
        "offer.deleted",
        f"Deleted the offer “{title}” of “{conference.title}”",
        subject=("offer", offer_id),
        then=_path(conference.id),
        notice="Offer deleted.",
    )
