"""Passwords (argon2) and API keys (random, stored as SHA-256).

API keys carry 256 bits of randomness, so a fast hash is enough to store them
and keeps the per-request lookup a single indexed query; passwords are low
entropy and get argon2.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

API_KEY_PREFIX = "wbn_"
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def derived_key(secret_key: str, label: bytes) -> bytes:
    """A full-length key of its own for one use of the server's secret key
    (HMAC-SHA256 of a fixed ``label`` under it): invite tokens and room tickets
    each sign with theirs, so one kind of token can never pass for another."""
    return hmac.new(secret_key.encode(), label, hashlib.sha256).digest()
