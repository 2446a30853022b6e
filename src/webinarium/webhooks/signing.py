"""Signing as Standard Webhooks says (https://www.standardwebhooks.com/).

A secret is ``whsec_`` + the base64 of its key bytes. A message is signed by
HMAC-SHA256 over ``{webhook-id}.{webhook-timestamp}.{body}``; the
``webhook-signature`` header holds ``v1,`` + the base64 of that digest, one per
secret that signs (two during a rotation), separated by spaces.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
# 24 random bytes, as Standard Webhooks' own libraries make them.
KEY_BYTES = 24


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """``v1,<base64 HMAC-SHA256>`` of one message with one secret."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(secrets_: list[str], message_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` header: a signature per secret."""
    return " ".join(sign(secret, message_id, timestamp, body) for secret in secrets_)


def verify(secret: str, message_id: str, timestamp: int, body: str, header: str) -> bool:
    """True when one of the header's signatures is ``secret``'s (what a
    receiver does; the tests and docs/webhooks.md use it)."""
    expected = sign(secret, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in header.split())


def headers(secrets_: list[str], message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(secrets_, message_id, timestamp, body),
    }
