"""How large a request may be, refused in the envelope of the dialect asked.

Two limits: the whole body (``Settings.max_body_bytes``, 10 MiB by default) and
one field of a form (Starlette's form parser: 1 MiB, 1000 fields). Both are
`TooLarge` domain errors, so each dialect answers them as it answers any error:
BigMarker ``{"error": …}`` with 413, MyOwnConference its HTTP 200 envelope,
Boomstream ``Status: Failed``.

A body that announces a length over the limit is refused before any route is
matched, in the envelope of the dialect its path belongs to
(`api.dialects.error_renderer_of_path`); a body that does not announce it
(chunked) is refused when the limit is crossed while the route reads it, by the
route's own error handling.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi.responses import JSONResponse
from starlette.datastructures import FormData, Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webinarium.kit.errors import DomainError, InvalidInput

MEBIBYTE = 1024 * 1024
# Starlette's defaults, named here because the messages below state them.
MAX_FORM_FIELD_BYTES = MEBIBYTE
MAX_FORM_FIELDS = 1000


class TooLarge(InvalidInput):
    code = "too_large"


def _mebibytes(size: int) -> str:
    return f"{size / MEBIBYTE:g} MiB"


def body_too_large(limit: int) -> TooLarge:
    return TooLarge(f"the request body is over the limit of {_mebibytes(limit)}")


async def read_form(request: Request) -> FormData:
    """The request's form; Starlette's refusals (an HTTPException, answered
    ``{"detail": …}`` outside any dialect) become domain errors."""
    try:
        return await request.form(max_fields=MAX_FORM_FIELDS, max_part_size=MAX_FORM_FIELD_BYTES)
    except HTTPException as error:
        detail = str(error.detail)
        if detail.startswith(("Field exceeded", "Part exceeded")):
            raise TooLarge(
                f"a form field is over the limit of {_mebibytes(MAX_FORM_FIELD_BYTES)};"
                " send a big value in a JSON body"
            ) from None
        if detail.startswith("Too many"):
            raise TooLarge(f"a form may have at most {MAX_FORM_FIELDS} fields") from None
        raise InvalidInput(f"the form cannot be read: {detail}") from None


RendersError = Callable[[Request, DomainError], Response]


class BodyLimit:
    """Refuses a request body over ``limit`` bytes. ``renderer_of_path`` says
    who renders the refusal of a body announced too large, before any route is
    matched: the dialect the path belongs to (None: a plain ``{"error": …}``)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        renderer_of_path: Callable[[str], RendersError | None],
    ) -> None:
        self.app = app
        self.limit = limit
        self.renderer_of_path = renderer_of_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            response = self._refusal(scope)
            await response(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise body_too_large(self.limit)
            return message

        await self.app(scope, receive_within_limit, send)

    def _refusal(self, scope: Scope) -> Response:
        error = body_too_large(self.limit)
        render = self.renderer_of_path(scope["path"])
        if render is not None:
            return render(Request(scope), error)
        return JSONResponse({"error": error.message}, status_code=413)
