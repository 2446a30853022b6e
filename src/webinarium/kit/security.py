"""Passwords (argon2) and API keys (random, stored as SHA-256).

API keys carry 256 bits of randomness, so a fast hash is enough to store them
and keeps the per-request lookup a single indexed query; passwords are low
entropy and get argon2, which is slow on purpose (tens of milliseconds of CPU):
`password_matches` runs it on a worker thread, never on the event loop.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

API_KEY_PREFIX = "wbn_"
_hasher = PasswordHasher()
# argon2 takes 64 MiB per hash: a few at once, not one per thread of the pool.
_hashing = anyio.CapacityLimiter(4)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _hash_of_no_password() -> str:
    """A real hash of a random password: what an unknown e-mail is checked
    against, so it costs the time a known one does."""
    return hash_password(secrets.token_urlsafe(16))


async def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``password_hash`` was made from, checked
    off the event loop. None (no such user) is checked against a hash of no
    one's password and never matches, in the same time."""
    return await anyio.to_thread.run_sync(_matches, password_hash, password, limiter=_hashing)


def _matches(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        verify_password(_hash_of_no_password(), password)
        return False
    return verify_password(password_hash, password)


def generate_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
