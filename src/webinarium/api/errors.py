"""Domain errors → responses, in the envelope of the dialect that served the route.

The handler is registered on the application, outside the request's unit of
work, so a domain error first rolls the transaction back (nothing half-done is
kept) and is rendered afterwards. A dialect's route class says how it renders
(`error_response`); routes of no dialect get a plain ``{"error": …}``. A pydantic
refusal that escapes an endpoint is answered as the ``InvalidInput`` it means.

A database that cannot be reached in time (`kit.errors.Unavailable`) is
answered in the dialect's envelope too, with 503 and ``Retry-After`` in every
dialect, those that answer their errors with 200 included: nothing was done,
and the status is what tells a client, a proxy or a retrying library that the
same request may succeed later.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from webinarium.kit.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    Unavailable,
    invalid_input_from,
    plain_message,
)
from webinarium.pages.templating import PageRoute

# Seconds a client is asked to wait before sending again after a 503: the time
# SQLite's lock holder or a restarting PostgreSQL needs is unknown, and a few
# seconds spread the retries of many clients without keeping them long.
RETRY_AFTER_SECONDS = 5


@runtime_checkable
class RendersErrors(Protocol):
    def error_response(self, request: Request, error: DomainError) -> Response: ...


async def _domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, DomainError)
    route = request.scope.get("route")
    if isinstance(route, RendersErrors):
        response = route.error_response(request, error)
    else:
        status = 404 if isinstance(error, NotFound) else 400
        response = JSONResponse({"error": error.message}, status_code=status)
    if isinstance(error, Unavailable):
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def _integrity_error(request: Request, error: Exception) -> Response:
    """Services check uniqueness before they write, so a constraint only fails
    when two requests raced to create the same thing; the loser was rolled back
    and may simply send again."""
    return await _domain_error(
        request,
        Conflict("the request clashed with another one made at the same time; send it again"),
    )


async def _validation_error(request: Request, error: Exception) -> Response:
    """A domain input built without `kit.errors.validated` is refused like one
    built with it: the dialect's envelope, a clear message, never a 500."""
    assert isinstance(error, ValidationError)
    return await _domain_error(request, invalid_input_from(error))


async def _request_validation_error(request: Request, error: Exception) -> Response:
    """A path, query or form parameter FastAPI refused. On a page (the console's
    or a public one) it is the `InvalidInput` it means, a page like the route's
    other refusals; the APIs keep the answer they have always given."""
    assert isinstance(error, RequestValidationError)
    if not isinstance(request.scope.get("route"), PageRoute):
        return await request_validation_exception_handler(request, error)
    problem = error.errors()[0]
    # ("query", "page") → "page": the name the browser sent.
    where = ".".join(str(part) for part in problem["loc"][1:])
    message = plain_message(problem)
    return await _domain_error(
        request, InvalidInput(f"{where}: {message}" if where else message, field=where or None)
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _request_validation_error)
    app.add_exception_handler(ValidationError, _validation_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
