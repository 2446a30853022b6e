"""Receiving webhooks: `verify` a Standard Webhooks signature
(https://www.standardwebhooks.com/) and `parse_event` into its typed `Event`.

A secret is ``whsec_`` + the base64 of its key. The sender signs
``{webhook-id}.{webhook-timestamp}.{body}`` with HMAC-SHA256; the
``webhook-signature`` header holds ``v1,<base64 digest>``, one per secret that
signs (two while a secret is rotated), separated by spaces.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping

from pydantic import ValidationError

from webinarium.client.models.native import Event

__all__ = ["Event", "WebhookVerificationError", "parse_event", "verify"]

SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE = 300


class WebhookVerificationError(Exception):
    """The message is not proved to come from the sender, or is not an event."""


def _header(headers: Mapping[str, str], name: str) -> str:
    # Any letter case (a framework's headers object, or a plain dict).
    for key, value in headers.items():
        if key.lower() == name:
            return value
    raise WebhookVerificationError(f"missing header {name}")


def _signature(secret: str, message_id: str, timestamp: str, payload: bytes) -> str:
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error:
        raise WebhookVerificationError("the secret is not whsec_ + base64") from None
    signed = f"{message_id}.{timestamp}.".encode() + payload
    return base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")


def verify(
    payload: str | bytes,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
) -> None:
    """Raises `WebhookVerificationError` unless one of the ``webhook-signature``
    header's signatures is ``secret``'s and ``webhook-timestamp`` is within
    ``tolerance`` seconds of now (an old message replayed is refused).
    ``payload``: the body exactly as received."""
    message_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise WebhookVerificationError("webhook-timestamp is not a Unix time") from None
    if abs(time.time() - sent_at) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is too old or in the future")
    body = payload.encode() if isinstance(payload, str) else payload
    expected = _signature(secret, message_id, timestamp, body)
    for given in signatures.split():
        version, _, signature = given.partition(",")
        if version == "v1" and hmac.compare_digest(expected, signature):
            return
    raise WebhookVerificationError("no signature matches the secret")


def parse_event(payload: str | bytes) -> Event:
    """The webhook's body as an `Event` ({seq, type, timestamp, data}); verify first."""
    try:
        return Event.model_validate_json(payload)
    except ValidationError as error:
        raise WebhookVerificationError(f"not an event: {error}") from None
