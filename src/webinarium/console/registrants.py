"""The console's registrants of a webinar (docs/console.md, "Registrants"):
the list with every question's answer, search, paging; add, remove, approve
or deny, resend the confirmation; import and export CSV; the webinar's block
and allow lists (`console.access_lists`). Thin: the rules are the
registrations, access and messaging services'."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from webinarium.access.service import EnforcedList, set_registration_list
from webinarium.access.service import venue as venue_of
from webinarium.api.bigmarker.report_lists import csv_response
from webinarium.api.deps import ReadSession, Session
from webinarium.conferences.schemas import ConferenceChanges, settings_of
from webinarium.conferences.service import list_custom_fields, update_conference
from webinarium.console.access_lists import LIST_LABELS, change_list, conference_lists
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
from webinarium.kit.errors import InvalidInput
from webinarium.kit.pagination import MAX_PER_PAGE, PageRequest
from webinarium.messaging.reactions import queue_confirmation
from webinarium.models import Conference, CustomField, Person, Registration
from webinarium.pages.times import ShownTime, shown_time
from webinarium.people.names import full_name
from webinarium.registrations import approval
from webinarium.registrations.adding import RegistrantRefused, TypedRegistrant, add_registrant
from webinarium.registrations.answers import stored_answer
from webinarium.registrations.csv_import import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportResult,
    import_registrants,
)
from webinarium.registrations.schemas import RegistrationQuery
from webinarium.registrations.service import list_registrations, registration_at, revoke

router = console_router()

PER_PAGE = 50
APPROVAL_LABELS = {"approved": "Approved", "pending": "Waiting for approval", "denied": "Denied"}
# The answer fields of the add form are named "answer.<api name>".
ANSWER_PREFIX = "answer."


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    email: str
    registered_at: ShownTime
    source: str
    answers: list[str]
    approval: str
    checked_in_at: ShownTime | None


def _row(
    console: ConsoleContext, registration: Registration, person: Person, fields: list[CustomField]
) -> Row:
    zone = console.account.time_zone
    return Row(
        id=registration.id,
        name=full_name(person),
        email=person.email,
        registered_at=shown_time(registration.registered_at, zone),
        source=registration.source or "",
        answers=[stored_answer(registration, f) for f in fields],
        approval=registration.approval.value,
        checked_in_at=(
            shown_time(registration.checked_in_at, zone) if registration.checked_in_at else None
        ),
    )


def _path(conference: Conference, suffix: str = "") -> str:
    return f"/console/webinars/{conference.id}/registrants{suffix}"


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def _registrants_page(
    request: Request,
    session: AsyncSession,
    console: ConsoleContext,
    conference: Conference,
    *,
    q: str = "",
    page: int = 1,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    fields = await list_custom_fields(session, console.account, conference.id)
    search = q.strip()[:200]
    _, found = await list_registrations(
        session,
        console.account,
        conference.id,
        RegistrationQuery(search=search or None),
        PageRequest(page=page, per_page=PER_PAGE),
    )
    return render_console(
        request,
        console,
        "console/registrants.html",
        {
            "conference": conference,
            "fields": fields,
            "rows": [_row(console, r, p, fields) for r, p in found.items],
            "page": found,
            "q": search,
            "approval_labels": APPROVAL_LABELS,
            "requires_approval": settings_of(conference).registration_approval,
            "lists": await conference_lists(session, console, conference),
            "errors": errors or {},
            "typed": typed or {},
        },
        status=400 if errors else 200,
    )


@router.get("/webinars/{conference_id}/registrants", name="console_registrants")
async def registrants(
    request: Request,
    conference_id: str,
    console: ReadConsole,
    session: ReadSession,
    q: str = "",
    page: int = 1,
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    return await _registrants_page(request, session, console, conference, q=q, page=page)


async def _change_list(
    request: Request,
    conference_id: str,
    console: ConsoleContext,
    session: AsyncSession,
    form: Any,
    *,
    adding: bool,
) -> Response:
    conference = await console.conference(session, conference_id)

    async def page_again(errors: dict[str, str], typed: dict[str, str]) -> HTMLResponse:
        return await _registrants_page(
            request, session, console, conference, errors=errors, typed=typed
        )

    return await change_list(
        session,
        console,
        conference,
        form,
        adding=adding,
        then=_path(conference, "#access-lists"),
        page_again=page_again,
    )


@router.post("/webinars/{conference_id}/registrants/access-lists/add")
async def add_to_list(
    request: Request, conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    return await _change_list(request, conference_id, console, session, form, adding=True)


@router.post("/webinars/{conference_id}/registrants/access-lists/remove")
async def remove_from_list(
    request: Request, conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    return await _change_list(request, conference_id, console, session, form, adding=False)


@router.post("/webinars/{conference_id}/registrants/access-lists/enforce")
async def enforce_list(
    request: Request, conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    """Which of the webinar's lists is in force: block, allow, or neither."""
    conference = await console.conference(session, conference_id)
    chosen = _text(form, "registration_list")
    if chosen not in ("", "block_list", "allow_list"):
        return await _registrants_page(
            request,
            session,
            console,
            conference,
            errors={"registration_list": "choose the block list, the allow list or neither"},
        )
    enforced: EnforcedList | None = None
    if chosen == "block_list":
        enforced = "block_list"
    elif chosen == "allow_list":
        enforced = "allow_list"
    await set_registration_list(session, console.account, conference, enforced)
    said = LIST_LABELS[chosen].lower() if enforced else "no list"
    return await recorded(
        session,
        console,
        "access_list.changed",
        f"Put {said} in force for “{conference.title}”",
        subject=("conference", conference.id),
        then=_path(conference, "#access-lists"),
        notice=f"Registrations now follow {said}",
    )


@router.get("/webinars/{conference_id}/registrants.csv", name="console_registrants_csv")
async def registrants_csv(
    conference_id: str, console: ReadConsole, session: ReadSession
) -> Response:
    """Every registrant in force, every page, a column per question."""
    conference = await console.conference(session, conference_id)
    fields = await list_custom_fields(session, console.account, conference.id)
    columns = [
        "email",
        "first_name",
        "last_name",
        "registered_at",
        "source",
        "approval",
        "checked_in_at",
        *[f.field_name for f in fields],
    ]
    rows: list[dict[str, Any]] = []
    number = 1
    while True:
        _, found = await list_registrations(
            session,
            console.account,
            conference.id,
            RegistrationQuery(),
            PageRequest(page=number, per_page=MAX_PER_PAGE),
        )
        for registration, person in found.items:
            row: dict[str, Any] = {
                "email": person.email,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "registered_at": registration.registered_at.isoformat(),
                "source": registration.source,
                "approval": registration.approval.value,
                "checked_in_at": (
                    registration.checked_in_at.isoformat() if registration.checked_in_at else None
                ),
            }
            row |= {f.field_name: stored_answer(registration, f) for f in fields}
            rows.append(row)
        if number >= found.total_pages:
            break
        number += 1
    response = csv_response(rows, columns, f"registrants-{conference.id}")
    response.headers["Cache-Control"] = "no-store"
    return response


def _add_page(
    request: Request,
    console: ConsoleContext,
    conference: Conference,
    fields: list[CustomField],
    typed: TypedRegistrant | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    return render_console(
        request,
        console,
        "console/registrant_add.html",
        {
            "conference": conference,
            "fields": fields,
            "typed": typed or TypedRegistrant(""),
            "errors": errors or {},
            "answer_prefix": ANSWER_PREFIX,
            "choices": {f.api_name: [("", "—"), *((o, o) for o in f.options)] for f in fields},
            "requires_approval": settings_of(conference).registration_approval,
        },
        status=400 if errors else 200,
    )


@router.get("/webinars/{conference_id}/registrants/add", name="console_registrant_add")
async def add_form(
    request: Request, conference_id: str, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    fields = await list_custom_fields(session, console.account, conference.id)
    return _add_page(request, console, conference, fields)


@router.post("/webinars/{conference_id}/registrants/add")
async def add(
    request: Request, conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    conference = await console.conference(session, conference_id)
    fields = await list_custom_fields(session, console.account, conference.id)
    typed = TypedRegistrant(
        email=_text(form, "email"),
        first_name=_text(form, "first_name"),
        last_name=_text(form, "last_name"),
        answers={f.api_name: _text(form, ANSWER_PREFIX + f.api_name) for f in fields},
    )
    place = await venue_of(session, console.account, conference.id)
    try:
        registered = await add_registrant(session, console.account, place, fields, typed)
    except RegistrantRefused as refusal:
        errors = {
            (k if k in ("email", "first_name", "last_name") else ANSWER_PREFIX + k): v
            for k, v in refusal.errors.items()
        }
        return _add_page(request, console, conference, fields, typed, errors)
    email = registered.person.email
    return await recorded(
        session,
        console,
        "registrant.added",
        f"Registered {email} for “{conference.title}”",
        subject=("registration", registered.registration.id),
        then=_path(conference),
        notice=f"{email} is registered",
    )


def _import_page(
    request: Request,
    console: ConsoleContext,
    conference: Conference,
    fields: list[CustomField],
    *,
    result: ImportResult | None = None,
    errors: dict[str, str] | None = None,
    send_confirmations: bool = True,
) -> HTMLResponse:
    return render_console(
        request,
        console,
        "console/registrant_import.html",
        {
            "conference": conference,
            "fields": fields,
            "result": result,
            "errors": errors or {},
            "send_confirmations": send_confirmations,
            "max_megabytes": MAX_IMPORT_BYTES // (1024 * 1024),
            "max_rows": MAX_IMPORT_ROWS,
        },
        status=400 if errors else 200,
    )


@router.get("/webinars/{conference_id}/registrants/import", name="console_registrants_import")
async def import_form(
    request: Request, conference_id: str, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    fields = await list_custom_fields(session, console.account, conference.id)
    return _import_page(request, console, conference, fields)


@router.post("/webinars/{conference_id}/registrants/import")
async def import_file(
    request: Request, conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    """One transaction: each valid row registered, the others listed with the reason."""
    conference = await console.conference(session, conference_id)
    fields = await list_custom_fields(session, console.account, conference.id)
    send_confirmations = bool(_text(form, "send_confirmations"))
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _import_page(
            request,
            console,
            conference,
            fields,
            errors={"file": "choose a CSV file to import"},
            send_confirmations=send_confirmations,
        )
    data = await upload.read(MAX_IMPORT_BYTES + 1)
    place = await venue_of(session, console.account, conference.id)
    try:
        result = await import_registrants(
            session, console.account, place, fields, data, send_confirmations=send_confirmations
        )
    except InvalidInput as error:
        return _import_page(
            request,
            console,
            conference,
            fields,
            errors={"file": error.message},
            send_confirmations=send_confirmations,
        )
    if result.registered:
        count = len(result.registered)
        await console.record(
            session,
            "registrants.imported",
            f"Imported {count} registrant{'s' if count != 1 else ''} into “{conference.title}”"
            f" from {upload.filename[:100]}",
            subject_type="conference",
            subject_id=conference.id,
        )
    return _import_page(
        request, console, conference, fields, result=result, send_confirmations=send_confirmations
    )


async def _registration(
    session: AsyncSession, console: ConsoleContext, conference_id: str, registration_id: str
) -> tuple[Conference, Registration, Person]:
    conference = await console.conference(session, conference_id)
    registration, person = await registration_at(
        session, console.account, conference, registration_id
    )
    return conference, registration, person


@router.post("/webinars/{conference_id}/registrants/{registration_id}/remove")
async def remove(
    conference_id: str,
    registration_id: str,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> RedirectResponse:
    conference, registration, person = await _registration(
        session, console, conference_id, registration_id
    )
    await revoke(session, console.account, registration)
    return await recorded(
        session,
        console,
        "registrant.removed",
        f"Removed {person.email} from “{conference.title}”",
        subject=("registration", registration.id),
        then=_path(conference),
        notice=f"{person.email} is no longer registered",
    )


@router.post("/webinars/{conference_id}/registrants/{registration_id}/resend")
async def resend(
    request: Request,
    conference_id: str,
    registration_id: str,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> RedirectResponse:
    conference, registration, person = await _registration(
        session, console, conference_id, registration_id
    )
    state = request.app.state
    await queue_confirmation(
        session, state.settings, console.account, registration, state.clock.now()
    )
    return await recorded(
        session,
        console,
        "confirmation.resent",
        f"Sent the confirmation of “{conference.title}” to {person.email} again",
        subject=("registration", registration.id),
        then=_path(conference),
        notice=f"The confirmation is on its way to {person.email}",
    )


@router.post("/webinars/{conference_id}/registrants/{registration_id}/approve")
async def approve(
    request: Request,
    conference_id: str,
    registration_id: str,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> RedirectResponse:
    conference, registration, person = await _registration(
        session, console, conference_id, registration_id
    )
    state = request.app.state
    await approval.approve(
        session, state.settings, console.account, registration, state.clock.now()
    )
    return await recorded(
        session,
        console,
        "registrant.approved",
        f"Approved {person.email} for “{conference.title}”",
        subject=("registration", registration.id),
        then=_path(conference),
        notice=f"{person.email} is approved: their link is on its way",
    )


@router.post("/webinars/{conference_id}/registrants/{registration_id}/deny")
async def deny(
    conference_id: str,
    registration_id: str,
    console: Console,
    session: Session,
    form: ConsoleForm,
) -> RedirectResponse:
    conference, registration, person = await _registration(
        session, console, conference_id, registration_id
    )
    await approval.deny(session, console.account, registration)
    return await recorded(
        session,
        console,
        "registrant.denied",
        f"Denied {person.email}'s registration for “{conference.title}”",
        subject=("registration", registration.id),
        then=_path(conference),
        notice=f"{person.email}'s registration is denied",
    )


@router.post("/webinars/{conference_id}/registrants/approval")
async def require_approval(
    conference_id: str, console: Console, session: Session, form: ConsoleForm
) -> RedirectResponse:
    """Switches ``registration_approval``: new registrations wait for the organiser."""
    conference = await console.conference(session, conference_id)
    wanted = _text(form, "registration_approval") == "on"
    await update_conference(
        session,
        console.account,
        conference.id,
        ConferenceChanges(settings={"registration_approval": wanted}),
    )
    said = "on" if wanted else "off"
    await console.record(
        session,
        "webinar.approval_changed",
        f"Turned approval of registrations {said} for “{conference.title}”",
        subject_type="conference",
        subject_id=conference.id,
    )
    notice = (
        "New registrations now wait for your approval"
        if wanted
        else "New registrations are approved at once"
    )
    return see_other(_path(conference), notice)
