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

from webinarium.kit.errors import DomainError, NotFound, Throttled

_HERE = Path(__file__).parent
templates = Jinja2Templates(directory=_HERE / "templates")
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


def message_page(request: Request, title: str, message: str, *, status: int) -> HTMLResponse:
    """A page that says in a sentence why there is nothing else to show."""
    return render(request, "message.html", {"title": title, "message": message}, status=status)


def not_found_page(request: Request) -> HTMLResponse:
    """An address with nothing behind it (a webinar's address has two segments)."""
    return message_page(request, "Nothing is here", "There is no page at this address.", status=404)


# What a refusal on a page means to the browser; other domain errors are 400
# (not found: 404).
_STATUSES = {
    "ticket_refused": 401,
    "invite_invalid": 401,
    "invite_expired": 401,
    "invite_revoked": 403,
    "not_admitted": 403,
    "not_staff": 403,
    "closed_webinar": 403,
    "staff_address": 403,
    "room_not_open": 403,
    "room_ended": 410,
    "link_refused": 403,
    "link_spent": 410,
    "throttled": 429,
    "recording_unpublished": 410,
    "recording_refused": 401,
}
_TITLES = {
    "room_ended": "This webinar has ended",
    "link_refused": "This link does not work",
    "link_spent": "This link has been used",
    "recording_unpublished": "This recording is not published",
    "recording_refused": "This recording is not yours to watch",
}


def status_of(error: DomainError) -> int:
    return 404 if isinstance(error, NotFound) else _STATUSES.get(error.code, 400)


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
            title = _TITLES.get(error.code, "This link does not open a webinar")
            response = message_page(request, title, error.message, status=status_of(error))
        if isinstance(error, Throttled):
            response.headers["Retry-After"] = str(error.retry_after)
        return response
