"""The domain error base class.

Services raise subclasses with a stable ``code``; they never raise HTTP errors.
Each dialect decides how a code is rendered (status, envelope, message), so the
same ``ConferenceNotFound`` becomes BigMarker's ``{"error": …}`` with the
operation's documented status, or another dialect's own envelope.

    DomainError
    ├── NotFound            code "<thing>_not_found" — also what another tenant's object looks like
    ├── InvalidInput        code "invalid_input"     — a value the domain rejects, with a message
    ├── Conflict            code "conflict"          — a unique value already taken
    ├── Unavailable         code "unavailable"       — the database cannot be reached in time
    ├── Throttled           code "throttled"         — too many attempts; ``retry_after`` seconds
    └── AuthenticationFailed, ApiAccessDisabled      — see accounts.errors

pydantic's refusals become ``InvalidInput`` in one place, `invalid_input_from`
(and `validated`, which builds a model with it), whatever dialect or service
validated; the application's handler uses it too for one that escapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

M = TypeVar("M", bound=BaseModel)


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    code = "not_found"


class InvalidInput(DomainError):
    """``field`` names the input the value was given in, where the domain knows
    it (the model field's path, "custom_fields.0.options"): a form shows the
    message next to that field."""

    code = "invalid_input"
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Conflict(DomainError):
    code = "conflict"


class Unavailable(DomainError):
    """The database did not answer in time (SQLite's file locked by another
    process, PostgreSQL stopped or out of connections): the request's work was
    rolled back (unless PostgreSQL's connection was lost during the COMMIT
    itself, when the server may have kept it), and the same request may succeed
    later (`kit.db.unavailable_from` says which errors mean this)."""

    code = "unavailable"


class Throttled(DomainError):
    """Too many attempts (`kit.throttle`): the client may try again after
    ``retry_after`` seconds (each dialect says so in a ``Retry-After`` header)."""

    code = "throttled"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# pydantic's own wording starts a validator's ValueError with this; a client
# needs only what follows.
_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")


def plain_message(problem: ErrorDetails) -> str:
    """pydantic's message for one problem, without its "Value error, " prefix."""
    message = problem["msg"]
    for prefix in _PYDANTIC_PREFIXES:
        message = message.removeprefix(prefix)
    return message


def invalid_input_from(
    error: ValidationError, names: Mapping[str, str] | None = None, within: str = ""
) -> InvalidInput:
    """The one translation of a pydantic refusal into ``InvalidInput``.

    The first problem becomes ``"<where>: <what>"``: ``where`` is the field's
    path (its first part renamed through ``names``, so the client reads the
    parameter it sent, under ``within`` when the model is a part of a larger
    input). Never ``str(error)``: that text carries pydantic's documentation link,
    which no client may see."""
    problem = error.errors(include_url=False)[0]
    path = [str(part) for part in problem["loc"]]
    field = ".".join(path) or None
    if path and names:
        path[0] = names.get(path[0], path[0])
    where = ".".join([within, *path] if within else path)
    message = plain_message(problem)
    return InvalidInput(f"{where}: {message}" if where else message, field=field)


def validated(
    model: type[M], values: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> M:
    """``model`` built from ``values``, or the `invalid_input_from` refusal."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise invalid_input_from(error, names) from None
