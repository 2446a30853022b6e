"""Signed, expiring links that work without an API key: a report's download,
an admin's way into the room. The token is a JWT (HS256) under a key derived
for its purpose from the server's secret key (`kit.security.derived_key`), so
a link made for one purpose never passes for another, nor for a room ticket.

Claims: ``iss`` "webinarium", ``aud`` "webinarium:<purpose>", ``iat``, ``exp``,
``jti`` (random: a single-use link is spent by storing it) and the caller's
own claims, which name what the link opens (account, conference, ...)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

import jwt

from webinarium.kit.errors import DomainError
from webinarium.kit.security import derived_key
from webinarium.kit.time import utcnow

ISSUER = "webinarium"
ALGORITHM = "HS256"
_RESERVED = frozenset({"iss", "aud", "iat", "exp", "nbf", "jti"})


class LinkRefused(DomainError):
    """Unknown, expired, tampered or made for something else."""

    code = "link_refused"


def _key(secret_key: str, purpose: str) -> bytes:
    return derived_key(secret_key, f"webinarium/signed-link/{purpose}/v1".encode())


def sign_link(
    secret_key: str,
    purpose: str,
    claims: dict[str, str],
    *,
    lifetime: timedelta,
    now: datetime | None = None,
) -> str:
    """A token for a link to ``purpose`` carrying ``claims``, valid for ``lifetime``."""
    clash = _RESERVED & claims.keys()
    if clash:
        raise ValueError(f"reserved claim names: {sorted(clash)}")
    moment = (now or utcnow()).replace(microsecond=0)
    payload: dict[str, Any] = {
        **claims,
        "iss": ISSUER,
        "aud": f"{ISSUER}:{purpose}",
        "iat": int(moment.timestamp()),
        "exp": int((moment + lifetime).timestamp()),
        "jti": secrets.token_urlsafe(12),
    }
    return jwt.encode(payload, _key(secret_key, purpose), algorithm=ALGORITHM)


def read_link(
    secret_key: str, purpose: str, token: str, *, now: datetime | None = None
) -> dict[str, Any]:
    """The claims of a valid token for ``purpose``, or `LinkRefused`."""
    moment = now or utcnow()
    try:
        claims: dict[str, Any] = jwt.decode(
            token.strip(),
            _key(secret_key, purpose),
            algorithms=[ALGORITHM],
            audience=f"{ISSUER}:{purpose}",
            issuer=ISSUER,
            options={"require": ["exp", "iat", "aud", "iss", "jti"], "verify_exp": False},
        )
    except jwt.InvalidTokenError:
        raise LinkRefused("this link is not valid") from None
    # Expiry is checked against ``moment`` so that tests can move the clock.
    if not isinstance(claims.get("exp"), int) or claims["exp"] <= moment.timestamp():
        raise LinkRefused("this link has expired")
    return claims
