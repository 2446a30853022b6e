"""A webinar's presenters and moderators in the console:
``/console/webinars/{conference_id}/presenters`` (list, add), ``…/{presenter_id}/edit``,
``POST …/{presenter_id}`` (save), ``…/remove`` and ``…/invite`` (the invitation again).

Over `presenters.service`, as BigMarker's presenters API: a moderator is a
presenter with moderator rights (``is_moderator`` and ``can_manage``, as
MyOwnConference's moderatorsAddToWebinar gives them), which makes the person a
moderator of the account too (`moderators.rights`). "E-mail the invitation"
is the presenter's ``send_email_invite``: the worker mails it with the
presenter's personal link after the commit (messaging/reactions.py).

Each presenter's personal link is shown on this page only, behind a "Copy":
it opens the room as that presenter, so the page is never cached and sends no
referrer to another site (docs/console.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.api.deps import ReadSession, Session
from webinarium.conferences.service import address_of
from webinarium.console.auth import (
    Console,
    ConsoleContext,
    ConsoleForm,
    ReadConsole,
    console_router,
    recorded,
    render_console,
    see_other,
)
from webinarium.console.content import FORM, attempt, checked, field_errors, text
from webinarium.kit.errors import DomainError
from webinarium.messaging.reactions import invite_presenter_again
from webinarium.models import Conference
from webinarium.people.errors import InvalidEmail
from webinarium.presenters import service
from webinarium.presenters.errors import PresenterExists, PresenterNamesRequired, PresenterNotFound
from webinarium.presenters.schemas import PresenterChanges, PresenterDetails, PresenterDraft

router = console_router()
ROLES = [("presenter", "Presenter"), ("moderator", "Moderator: runs the room")]
# The form's inputs; the models' names where they differ.
_NAMES = {"is_moderator": "role", "can_manage": "role"}
_PROFILE_FIELDS = ("display_name", "title", "bio", "photo_url")


@dataclass(frozen=True)
class Webinar:
    """What a content page shows of its webinar (read before any change)."""

    id: str
    title: str

    @classmethod
    def of(cls, conference: Conference) -> Webinar:
        return cls(conference.id, conference.title)


@dataclass(frozen=True)
class PresenterRow:
    id: str
    name: str
    email: str
    title: str
    bio: str
    photo_url: str
    is_moderator: bool
    on_landing_page: bool
    link: str


def _path(conference_id: str, suffix: str = "") -> str:
    return f"/console/webinars/{conference_id}/presenters{suffix}"


def _row(secret_key: str, address: str, details: PresenterDetails) -> PresenterRow:
    presenter = details.presenter
    return PresenterRow(
        id=presenter.id,
        name=presenter.display_name or details.person.email,
        email=details.person.email,
        title=presenter.title,
        bio=presenter.bio,
        photo_url=presenter.photo_url or "",
        is_moderator=presenter.is_moderator,
        on_landing_page=presenter.display_on_landing_page,
        link=service.presenter_link(secret_key, address, presenter),
    )


async def _rows(
    request: Request, session: AsyncSession, console: ConsoleContext, conference: Conference
) -> list[PresenterRow]:
    secret_key = request.app.state.settings.secret_key
    address = await address_of(
        session, console.account, request.app.state.settings.base_url, conference
    )
    presenters = await service.presenters_of(session, console.account, conference)
    return [_row(secret_key, address, details) for details in presenters]


def _blank() -> dict[str, Any]:
    return {
        "email": "",
        "first_name": "",
        "last_name": "",
        "display_name": "",
        "title": "",
        "bio": "",
        "photo_url": "",
        "role": "presenter",
        "display_on_landing_page": True,
        "send_email_invite": True,
    }


def _typed(form: ConsoleForm, names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {name: text(form, name) for name in names}
    values["role"] = "moderator" if text(form, "role") == "moderator" else "presenter"
    values["display_on_landing_page"] = checked(form, "display_on_landing_page")
    return values


def _list_page(
    request: Request,
    console: ConsoleContext,
    webinar: Webinar,
    rows: list[PresenterRow],
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    status: int = 200,
) -> HTMLResponse:
    response = render_console(
        request,
        console,
        "console/presenters.html",
        {
            "conference": webinar,
            "presenters": rows,
            "owner_email": console.account.email,
            "values": values,
            "errors": errors,
            "roles": ROLES,
        },
        status=status,
    )
    # The page carries every presenter's personal link: nothing of it leaves
    # for another site. Not "no-referrer": a browser then sends its forms with
    # "Origin: null", which the console's CSRF check refuses.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _field_of(error: DomainError) -> str:
    if isinstance(error, InvalidEmail | PresenterExists):
        return "email"
    if isinstance(error, PresenterNamesRequired):
        return "first_name"
    for name in (*_PROFILE_FIELDS, "first_name", "last_name"):
        if error.message.startswith(name):
            return name
    return FORM


async def _presenter(
    session: AsyncSession, console: ConsoleContext, conference: Conference, presenter_id: str
) -> PresenterDetails:
    """A presenter of this webinar (another webinar's is not found here)."""
    details = await service.get_presenter(session, console.account, presenter_id)
    if details.presenter.conference_id != conference.id:
        raise PresenterNotFound(f"presenter {presenter_id} not found")
    return details


@router.get("/webinars/{conference_id}/presenters", name="console_presenters")
async def presenters_page(
    conference_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    rows = await _rows(request, session, console, conference)
    return _list_page(request, console, Webinar.of(conference), rows, _blank(), {})


@router.post("/webinars/{conference_id}/presenters", name="console_presenters_add")
async def add_presenter(
    conference_id: str, request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    conference = await console.conference(session, conference_id)
    webinar = Webinar.of(conference)
    rows = await _rows(request, session, console, conference)
    values = _typed(form, ("email", "first_name", "last_name", *_PROFILE_FIELDS))
    values["send_email_invite"] = checked(form, "send_email_invite")

    def again(errors: dict[str, str]) -> HTMLResponse:
        return _list_page(request, console, webinar, rows, values, errors, status=400)

    if not values["email"].strip():
        return again({"email": "Enter the presenter's e-mail address."})
    moderator = values["role"] == "moderator"
    try:
        draft = PresenterDraft.model_validate(
            {
                **{name: values[name] for name in ("email", "first_name", "last_name")},
                **{name: values[name] for name in _PROFILE_FIELDS},
                "conference_id": conference.id,
                "is_moderator": moderator,
                "can_manage": moderator,
                "display_on_landing_page": values["display_on_landing_page"],
                "send_email_invite": values["send_email_invite"],
            }
        )
    except ValidationError as error:
        return again(field_errors(error, _NAMES))
    details = await attempt(
        request, service.add_presenter(session, console.account, draft), again, _field_of
    )
    role = "moderator" if moderator else "presenter"
    await console.record(
        session,
        "presenter.added",
        f"Added {details.person.email} as {role} of “{conference.title}”",
        subject_type="presenter",
        subject_id=details.presenter.id,
    )
    invited = " and invited by e-mail" if values["send_email_invite"] else ""
    return see_other(_path(conference.id), f"{details.person.email} added{invited}.")


def _edit_page(
    request: Request,
    console: ConsoleContext,
    webinar: Webinar,
    row: PresenterRow,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    status: int = 200,
) -> HTMLResponse:
    return render_console(
        request,
        console,
        "console/presenters_edit.html",
        {
            "conference": webinar,
            "presenter": row,
            "values": values,
            "errors": errors,
            "roles": ROLES,
        },
        status=status,
    )


async def _edit_row(
    request: Request,
    session: AsyncSession,
    console: ConsoleContext,
    conference: Conference,
    presenter_id: str,
) -> PresenterRow:
    details = await _presenter(session, console, conference, presenter_id)
    address = await address_of(
        session, console.account, request.app.state.settings.base_url, conference
    )
    return _row(request.app.state.settings.secret_key, address, details)


@router.get(
    "/webinars/{conference_id}/presenters/{presenter_id}/edit", name="console_presenters_edit"
)
async def edit_page(
    conference_id: str,
    presenter_id: str,
    request: Request,
    console: ReadConsole,
    session: ReadSession,
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    row = await _edit_row(request, session, console, conference, presenter_id)
    values = {
        "display_name": row.name,
        "title": row.title,
        "bio": row.bio,
        "photo_url": row.photo_url,
        "role": "moderator" if row.is_moderator else "presenter",
        "display_on_landing_page": row.on_landing_page,
    }
    return _edit_page(request, console, Webinar.of(conference), row, values, {})


@router.post("/webinars/{conference_id}/presenters/{presenter_id}", name="console_presenters_save")
async def save_presenter(
    conference_id: str,
    presenter_id: str,
    request: Request,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> Response:
    conference = await console.conference(session, conference_id)
    webinar = Webinar.of(conference)
    row = await _edit_row(request, session, console, conference, presenter_id)
    values = _typed(form, _PROFILE_FIELDS)

    def again(errors: dict[str, str]) -> HTMLResponse:
        return _edit_page(request, console, webinar, row, values, errors, status=400)

    changes: dict[str, Any] = {name: values[name] for name in _PROFILE_FIELDS}
    changes["display_on_landing_page"] = values["display_on_landing_page"]
    moderator = values["role"] == "moderator"
    # Rights change with the role only: a presenter given can_manage alone
    # (BigMarker's switch) keeps it while their role stays.
    if moderator != row.is_moderator:
        changes.update(is_moderator=moderator, can_manage=moderator)
    try:
        parsed = PresenterChanges.model_validate(changes)
    except ValidationError as error:
        return again(field_errors(error, _NAMES))
    await attempt(
        request,
        service.update_presenter(session, console.account, row.id, parsed),
        again,
        _field_of,
    )
    return await recorded(
        session,
        console,
        "presenter.updated",
        f"Changed presenter {row.email} of “{conference.title}”",
        subject=("presenter", row.id),
        then=_path(conference.id),
        notice=f"{row.email} saved.",
    )


@router.post(
    "/webinars/{conference_id}/presenters/{presenter_id}/remove", name="console_presenters_remove"
)
async def remove_presenter(
    conference_id: str,
    presenter_id: str,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> RedirectResponse:
    conference = await console.conference(session, conference_id)
    details = await _presenter(session, console, conference, presenter_id)
    await service.remove_presenter(session, console.account, details.presenter.id)
    return await recorded(
        session,
        console,
        "presenter.removed",
        f"Removed {details.person.email} from “{conference.title}”",
        subject=("presenter", details.presenter.id),
        then=_path(conference.id),
        notice=f"{details.person.email} removed.",
    )


@router.post(
    "/webinars/{conference_id}/presenters/{presenter_id}/invite", name="console_presenters_invite"
)
async def invite_again(
    conference_id: str,
    presenter_id: str,
    request: Request,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> RedirectResponse:
    conference = await console.conference(session, conference_id)
    details = await _presenter(session, console, conference, presenter_id)
    await invite_presenter_again(
        session,
        request.app.state.settings,
        console.account,
        conference,
        details,
        request.app.state.clock.now(),
    )
    return await recorded(
        session,
        console,
        "presenter.invited",
        f"Sent the invitation to {details.person.email} again (“{conference.title}”)",
        subject=("presenter", details.presenter.id),
        then=_path(conference.id),
        notice=f"Invitation sent to {details.person.email}.",
    )
