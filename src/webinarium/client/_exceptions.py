"""The SDK's exceptions (the tree is written out in the package's docstring).

Every error a call can raise is an `APIError`. An answer that says the call
failed is an `APIStatusError` carrying the HTTP status, the vendor's own
message (each dialect's envelope is read by `webinarium.client._dialects`), its
code where the dialect has one (the native API's), and the response itself.
"""

from __future__ import annotations

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "GoneError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]


class APIError(Exception):
    """Any failure of a call: no answer, or an answer that says it failed."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No answer: the server could not be reached or the connection broke."""


class APITimeoutError(APIConnectionError):
    """No answer within the client's timeout."""


class APIStatusError(APIError):
    """The server answered that the call failed.

    ``status_code`` is the HTTP status (MyOwnConference and Boomstream answer
    their refusals with 200 and say so in the body; the class then follows the
    message), ``message`` the vendor's words, ``code`` the native API's stable
    code (None for the vendors' dialects), ``body`` the parsed answer."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.code = code

    def __str__(self) -> str:
        return f"{self.status_code}: {self.message}"


class BadRequestError(APIStatusError):
    """400, or a refusal of the call as sent."""


class AuthenticationError(APIStatusError):
    """401, or a missing, unknown or revoked API key."""


class PermissionDeniedError(APIStatusError):
    """403."""


class NotFoundError(APIStatusError):
    """404, or the vendor's "not found"."""


class ConflictError(APIStatusError):
    """409."""


class GoneError(APIStatusError):
    """410: what was asked for is no longer kept (the native event feed's
    ``events_expired``: its message says from which ``after`` to read on)."""


class UnprocessableEntityError(APIStatusError):
    """422."""


class RateLimitError(APIStatusError):
    """429 (retried first, after its ``Retry-After``)."""


class InternalServerError(APIStatusError):
    """5xx (retried first, for idempotent calls)."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def class_for_status(status: int) -> type[APIStatusError]:
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)
