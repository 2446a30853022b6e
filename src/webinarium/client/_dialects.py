"""Each API's way of taking the key and of saying that a call failed.

BigMarker and the native API answer a refusal with its HTTP status and
``{"error": "<message>"}`` (BigMarker) or ``{"error": {"code", "message"}}``
(native). MyOwnConference (``{"request": …, "response": {"error": …}}``) and
Boomstream (``{"Status": "Failed", "Message": …}``) answer every refusal with
HTTP 200, so the body says that it failed and the message says which kind of
failure it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from webinarium.client._boomstream import fields_of
from webinarium.client._exceptions import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    class_for_status,
)

# Reads a failed call's (message, code) from its parsed body; None when the
# body does not say the call failed.
ErrorReader = Callable[[Any], "tuple[str, str | None] | None"]


@dataclass(frozen=True)
class Dialect:
    name: str
    # Where its calls live under the server's base URL.
    prefix: str
    # The key goes in this header, or this query parameter (MyOwnConference:
    # neither; its key is in the request's own JSON).
    key_header: str | None
    key_param: str | None
    read_error: ErrorReader
    # Whether a refusal may come with HTTP 200 (the class then follows the message).
    refuses_with_200: bool = False

    def error_of(self, response: httpx.Response, body: Any) -> APIStatusError | None:
        """The exception for a failed call; None for a success."""
        said = self.read_error(body)
        if response.is_success and not (self.refuses_with_200 and said is not None):
            return None
        message, code = said or (_text_of(response), None)
        if response.is_success:
            kind = _class_for_message(message)
        else:
            kind = class_for_status(response.status_code)
        return kind(message, response=response, body=body, code=code)


def _text_of(response: httpx.Response) -> str:
    return response.text.strip() or response.reason_phrase or f"HTTP {response.status_code}"


def _class_for_message(message: str) -> type[APIStatusError]:
    """For the dialects that refuse with 200: their messages for a key
    ("Invalid apikey", "unknown or revoked API key", "missing API key") and
    for what does not exist ("Conference not found", "webinar not found")."""
    lowered = message.lower()
    if "apikey" in lowered or "api key" in lowered:
        return AuthenticationError
    if "not found" in lowered:
        return NotFoundError
    return BadRequestError


def _bigmarker_error(body: Any) -> tuple[str, str | None] | None:
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"], None
    return None


def _native_error(body: Any) -> tuple[str, str | None] | None:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        code = error.get("code")
        return error["message"], code if isinstance(code, str) else None
    return None


def _myownconference_error(body: Any) -> tuple[str, str | None] | None:
    answer = body.get("response") if isinstance(body, dict) else None
    if isinstance(answer, dict) and "error" in answer:
        return str(answer["error"]), None
    return None


def _boomstream_error(body: Any) -> tuple[str, str | None] | None:
    if isinstance(body, str) and body.lstrip().startswith("<"):
        # An XML answer (``format=xml``, Boomstream's default): its fields.
        try:
            body = fields_of(body)
        except APIError:
            return None
    if isinstance(body, dict) and body.get("Status") == "Failed":
        return str(body.get("Message") or "Failed"), None
    return None


BIGMARKER = Dialect("bigmarker", "/api/v1", "API-KEY", None, _bigmarker_error)
NATIVE = Dialect("webinarium", "/api/webinarium/v1", "API-KEY", None, _native_error)
# The vendor's own endpoint is the server's root (Webinarium answers there too).
MYOWNCONFERENCE = Dialect(
    "myownconference", "", None, None, _myownconference_error, refuses_with_200=True
)
BOOMSTREAM = Dialect(
    "boomstream", "/api/conference", None, "apikey", _boomstream_error, refuses_with_200=True
)
