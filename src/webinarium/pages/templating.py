"""Rendering the pages: one Jinja2 environment (autoescaped), the static files
they load, and the route class that shows a refused link as a page."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from webinarium.kit.errors import DomainError, InvalidInput, NotFound, Throttled
from webinarium.pages import i18n

_HERE = Path(__file__).parent
templates = Jinja2Templates(directory=_HERE / "templates")
i18n.install(templates.env)
STATIC_PATH = "/static"
PrivateResponse = TypeVar("PrivateResponse", bound=Response)


def static_files() -> StaticFiles:
    """The pages' CSS and JavaScript, served by the app (mounted at `STATIC_PATH`)."""
    return StaticFiles(directory=_HERE / "static")


def render(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status)


def keep_private(response: PrivateResponse) -> PrivateResponse:
    """A page that carries a token or a personal link: neither kept by a cache
    nor sent on as a referrer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def message_page(
    request: Request, title: str | None, message: str, *, status: int, code: str = ""
) -> HTMLResponse:
    """A page that says in a sentence why there is nothing else to show, in
    the request's language (`i18n.language_of`). Without ``title``,
    message.html titles it by the refusal's ``code``, and words it in that
    language where it has a sentence for the code (the English is ``message``)."""
    context = {"title": title, "message": message, "code": code, "lang": i18n.language_of(request)}
    return render(request, "message.html", context, status=status)


def not_found_page(request: Request) -> HTMLResponse:
    """An address with nothing behind it (a webinar's address has two segments)."""
    return message_page(
        request, None, "There is no page at this address.", status=404, code="not_found"
    )


# What a refusal on a page means to the browser; other domain errors are 400
# (not found: 404).
_STATUSES = {
    "ticket_refused": 401,
    "invite_invalid": 401,
    "invite_expired": 401,
    "invite_revoked": 403,
    "not_admitted": 403,
    "not_staff": 403,
    "awaiting_approval": 403,
    "closed_webinar": 403,
    "staff_address": 403,
    "room_not_open": 403,
    "room_ended": 410,
    "link_refused": 403,
    "link_spent": 410,
    "throttled": 429,
    "recording_unpublished": 410,
    "recording_processing": 503,
    "recording_refused": 401,
    "recording_registration_required": 401,
    "registration_closed": 403,
    "registration_full": 409,
    "too_large": 413,
}


def status_of(error: DomainError) -> int:
    return 404 if isinstance(error, NotFound) else _STATUSES.get(error.code, 400)


# Every refusal code a page shows (`PageRoute`): those with a status of their
# own, anything not found (one code whatever was missing) and what cannot be
# read (a parameter, a form). message.html words each in every language; any
# other code is worded in general, never in English on another language's page.
PAGE_REFUSALS = frozenset({*_STATUSES, "not_found", InvalidInput.code})


def page_code(error: DomainError) -> str:
    """The code a page shows ``error`` by."""
    return "not_found" if isinstance(error, NotFound) else error.code


# A page showing a form keeps here (request.state) how it shows a refusal:
# the form again, with the reason.
FORM_PAGE = "form_page"


class PageRoute(APIRoute):
    """A page's domain errors are pages too, after the request rolled back
    (`api.errors`)."""

    def error_response(self, request: Request, error: DomainError) -> Response:
        form_page = getattr(request.state, FORM_PAGE, None)
        response: Response
        if form_page is not None:
            response = form_page(error)
        else:
            response = message_page(
                request, None, error.message, status=status_of(error), code=page_code(error)
            )
        if isinstance(error, Throttled):
            response.headers["Retry-After"] = str(error.retry_after)
        return response
