"""How the native API answers errors: ``{"error": {"code": …, "message": …}}``,
the domain error's own stable code and message, with the HTTP status that says
what kind of error it is."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from webinarium.accounts.errors import ApiAccessDisabled, AuthenticationFailed
from webinarium.api.limits import TooLarge
from webinarium.events.errors import EventsExpired
from webinarium.files.errors import FileTooLarge, UnsupportedFileType
from webinarium.kit.errors import Conflict, DomainError, NotFound, Throttled

PREFIX = "/api/webinarium/v1"

# The first class an error is an instance of gives its status; 400 otherwise.
_STATUSES: tuple[tuple[type[DomainError], int], ...] = (
    (AuthenticationFailed, 401),
    (ApiAccessDisabled, 403),
    (NotFound, 404),
    (Conflict, 409),
    (EventsExpired, 410),
    (FileTooLarge, 413),
    (TooLarge, 413),
    (UnsupportedFileType, 415),
    (Throttled, 429),
)


def status_of(error: DomainError) -> int:
    return next((status for kind, status in _STATUSES if isinstance(error, kind)), 400)


def error_reply(request: Request, error: DomainError) -> Response:
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Throttled) else None
    return envelope(error.code, error.message, status_of(error), headers)


def envelope(
    code: str, message: str, status: int, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


class NativeRoute(APIRoute):
    """Marks a route as the native API's: `api.errors` renders its domain
    errors with `error_reply`."""

    def error_response(self, request: Request, error: DomainError) -> Response:
        return error_reply(request, error)
