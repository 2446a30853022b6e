"""Tickets: the room page's short-lived pass to the socket (``/room/ws?ticket=…``).

A ticket is a JWT (HS256) signed with a key of its own derived from the
server's secret key (`kit.security.derived_key`), with the claims

    iss "webinarium", aud "webinarium:room", iat, exp,
    acc  the account's id,   cnf  the conference's id,
    knk  who knocks (`access.admission.Knock`: registration, attendee,
         presenter, moderator, host),   ref  the registration's or person's id,
    ext  (optional) where this member goes when the room ends, in place of the
         conference's ``exit_url`` (BigMarker's enter API ``exit_uri``).

It says who knocks, not what they may do: the gateway asks
`access.admission.admit` at every connection, so a ban, a revoked
registration or an ended webinar applies to tickets already issued.
`issue_ticket` is the one way to make one (the room page, the enter API and
the invite links call it). A BigMarker ``enter_token`` is accepted in place of
a ticket: its registration knocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast, get_args

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock, KnockKind
from webinarium.kit.errors import DomainError
from webinarium.kit.security import derived_key
from webinarium.kit.time import utcnow
from webinarium.registrations.errors import RegistrationNotFound
from webinarium.registrations.service import registration_for_enter_token

ISSUER = "webinarium"
AUDIENCE = "webinarium:room"
ALGORITHM = "HS256"
_KEY_LABEL = b"webinarium/room-ticket/v1"
# An enter token is `<account id>.<registration id>.<HMAC>` (kit.security.link_token).
_ENTER_TOKEN_MAX = 128
_JWT_START = "eyJ"


class TicketRefused(DomainError):
    """Unknown, expired or tampered: the socket closes with 4401."""

    code = "ticket_refused"


@dataclass(frozen=True)
class Ticket:
    account_id: str
    conference_id: str
    knock: Knock
    exit_url: str | None = None


def issue_ticket(
    secret_key: str,
    account_id: str,
    conference_id: str,
    knock: Knock,
    *,
    lifetime_seconds: int,
    exit_url: str | None = None,
) -> str:
    now = utcnow().replace(microsecond=0)
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=lifetime_seconds)).timestamp()),
        "acc": account_id,
        "cnf": conference_id,
        "knk": knock.kind,
        "ref": knock.ref,
    }
    if exit_url is not None:
        claims["ext"] = exit_url
    return jwt.encode(claims, derived_key(secret_key, _KEY_LABEL), algorithm=ALGORITHM)


async def read_ticket(session: AsyncSession, secret_key: str, token: str) -> Ticket:
    """The ticket ``token`` is (or the enter token's registration), or `TicketRefused`."""
    text = token.strip()
    # A JWT starts with its encoded header, '{"'; an enter token with an id.
    if not text.startswith(_JWT_START):
        return await _enter_token(session, secret_key, text)
    try:
        claims = jwt.decode(
            text,
            derived_key(secret_key, _KEY_LABEL),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise TicketRefused("this ticket has expired") from None
    except jwt.InvalidTokenError:
        raise TicketRefused("this is not a valid ticket") from None
    kind = claims.get("knk")
    account_id, conference_id, ref = claims.get("acc"), claims.get("cnf"), claims.get("ref")
    exit_url = claims.get("ext")
    if (
        kind not in get_args(KnockKind)
        or not isinstance(account_id, str)
        or not isinstance(conference_id, str)
        or not (ref is None or isinstance(ref, str))
        or not (exit_url is None or isinstance(exit_url, str))
    ):
        raise TicketRefused("this is not a valid ticket")
    return Ticket(account_id, conference_id, Knock(cast(KnockKind, kind), ref), exit_url)


async def _enter_token(session: AsyncSession, secret_key: str, token: str) -> Ticket:
    if not token or len(token) > _ENTER_TOKEN_MAX:
        raise TicketRefused("unknown ticket")
    try:
        # Revoked too: admission refuses it in the protocol's words (4403).
        registration = await registration_for_enter_token(
            session, secret_key, token, revoked_too=True
        )
    except RegistrationNotFound:
        raise TicketRefused("unknown ticket") from None
    return Ticket(
        registration.account_id,
        registration.conference_id,
        Knock("registration", registration.id),
    )
