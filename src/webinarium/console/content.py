"""What the pages of a webinar's content share (presenters, files, engagement):
reading a console form and showing a refusal next to the field it is about.

A change is one service call. When the service refuses it (anything but "not
found"), the form is shown again with the reason, status 400: the page is
rendered at once, from what was read before the change was tried, and sent
after the request's unit has rolled back (`pages.templating.FORM_PAGE`), so
nothing of a refused change is kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from webinarium.kit.errors import DomainError, NotFound, plain_message
from webinarium.pages.templating import FORM_PAGE

T = TypeVar("T")

# The form's own name for what a refusal is not about a field of.
FORM = "_form"


def text(form: FormData, name: str) -> str:
    """A text field as typed (a file sent under that name reads as nothing)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def checked(form: FormData, name: str) -> bool:
    """A checkbox: sent (with any value) when it is ticked."""
    return bool(text(form, name))


def upload_of(form: FormData, name: str) -> UploadFile | None:
    """The file chosen in a file input; None when none was (browsers send an
    empty part without a file name)."""
    value = form.get(name)
    if isinstance(value, UploadFile) and value.filename:
        return value
    return None


def field_errors(error: ValidationError, names: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each refused field's first problem, by the form's name for it
    (``names`` maps a model's field to the form's input where they differ)."""
    errors: dict[str, str] = {}
    for problem in error.errors(include_url=False):
        location = [str(part) for part in problem["loc"]]
        field = (names or {}).get(location[0], location[0]) if location else FORM
        errors.setdefault(field, sentence(plain_message(problem)))
    return errors


async def attempt(
    request: Request,
    change: Awaitable[T],
    form_again: Callable[[dict[str, str]], HTMLResponse],
    field_of: Callable[[DomainError], str] = lambda _: FORM,
) -> T:
    """``change`` (a service call); refused, the form again with the reason
    next to ``field_of(error)``, after the rollback. Not found is not a form's
    problem: the console's 404 page."""
    try:
        return await change
    except DomainError as error:
        if not isinstance(error, NotFound):
            page: Response = form_again({field_of(error): sentence(error.message)})
            setattr(request.state, FORM_PAGE, lambda _error: page)
        raise


def sentence(message: str) -> str:
    """A service's message as a sentence of the page: capitalised."""
    return message[:1].upper() + message[1:]


def mebibytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"
