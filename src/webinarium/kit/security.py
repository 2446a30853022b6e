"""Passwords (argon2), API keys (random, stored as SHA-256) and link tokens
(derived from a stored seed under the server's secret key).

API keys carry 256 bits of randomness, so a fast hash is enough to store them
and keeps the per-request lookup a single indexed query; passwords are low
entropy and get argon2, which is slow on purpose (tens of milliseconds of CPU):
`password_matches` runs it on a worker thread, never on the event loop.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
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


def link_token(secret_key: str, purpose: str, account_id: str, row_id: str, seed: str) -> str:
    """The token of a personal link (an enter link, the organiser's link):
    ``<account id>.<row id>.<HMAC-SHA256 of the ids and the row's random seed>``
    under a key derived from the server's secret key for ``purpose``. The
    database keeps only the seed, so it cannot make the token; changing the
    seed (or the secret key) ends every link made before."""
    key = derived_key(secret_key, f"webinarium/{purpose}/v1".encode())
    message = f"{account_id}.{row_id}.{seed}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return f"{account_id}.{row_id}.{base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"


def link_token_ids(token: str) -> tuple[str, str] | None:
    """The account and row ids a link token names (not yet checked), or None."""
    parts = token.strip().split(".")
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1]


def link_token_matches(expected: str, given: str) -> bool:
    """Compared in constant time: the time tells nothing of how much matched."""
    return hmac.compare_digest(expected.encode(), given.strip().encode())


def derived_key(secret_key: str, label: bytes) -> bytes:
    """A full-length key of its own for one use of the server's secret key
    (HMAC-SHA256 of a fixed ``label`` under it): invite tokens and room tickets
    each sign with theirs, so one kind of token can never pass for another."""
    return hmac.new(secret_key.encode(), label, hashlib.sha256).digest()
