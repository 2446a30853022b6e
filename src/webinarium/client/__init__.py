"""Webinarium's SDK: clients for the native API and the three vendors' APIs.

``Webinarium`` / ``AsyncWebinarium`` (native), ``BigMarker`` /
``AsyncBigMarker``, ``MyOwnConference`` / ``AsyncMyOwnConference``,
``Boomstream`` / ``AsyncBoomstream``: sync and async over one core (httpx),
each made with ``api_key=…, base_url=…`` and optionally ``timeout``,
``max_retries``, ``default_headers`` and ``transport`` (an httpx transport:
``httpx.ASGITransport(app)`` runs an async client against the app in-process).
It imports only httpx, pydantic and the standard library (docs/sdk.md).

The exceptions::

    APIError                      any failure of a call
    ├── APIConnectionError        no answer (the server unreachable, the connection broken)
    │   └── APITimeoutError       no answer within the timeout
    └── APIStatusError            an answer saying the call failed: status_code,
        │                         message (the vendor's), code (native), body, response
        ├── BadRequestError           400 (or a refusal of the call as sent)
        ├── AuthenticationError       401 (or a missing, unknown or revoked key)
        ├── PermissionDeniedError     403
        ├── NotFoundError             404 (or the vendor's "not found")
        ├── ConflictError             409
        ├── GoneError                 410 (events no longer kept: events_expired)
        ├── UnprocessableEntityError  422
        ├── RateLimitError            429
        └── InternalServerError       5xx

    WebhookVerificationError      a webhook not proved to be the sender's (webhooks.verify)

MyOwnConference and Boomstream refuse with HTTP 200 and say so in the body:
the class then follows the message (a key → AuthenticationError, "not found"
→ NotFoundError, anything else → BadRequestError).
"""

from webinarium.client._async.bigmarker import AsyncBigMarker
from webinarium.client._async.boomstream import AsyncBoomstream
from webinarium.client._async.myownconference import AsyncMyOwnConference
from webinarium.client._async.native import AsyncWebinarium
from webinarium.client._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    GoneError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from webinarium.client._sync.bigmarker import BigMarker
from webinarium.client._sync.boomstream import Boomstream
from webinarium.client._sync.myownconference import MyOwnConference
from webinarium.client._sync.native import Webinarium
from webinarium.client.models.native import Event, EventPage, WebhookEndpoint, WebhookEndpointPage
from webinarium.client.webhooks import WebhookVerificationError

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncBigMarker",
    "AsyncBoomstream",
    "AsyncMyOwnConference",
    "AsyncWebinarium",
    "AuthenticationError",
    "BadRequestError",
    "BigMarker",
    "Boomstream",
    "ConflictError",
    "Event",
    "EventPage",
    "GoneError",
    "InternalServerError",
    "MyOwnConference",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "WebhookEndpoint",
    "WebhookEndpointPage",
    "WebhookVerificationError",
    "Webinarium",
]
