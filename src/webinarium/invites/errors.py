from __future__ import annotations

from webinarium.kit.errors import DomainError


class InviteInvalid(DomainError):
    """Not an invite token of this server: malformed, tampered with, or signed
    with another key."""

    code = "invite_invalid"


class InviteExpired(DomainError):
    """A genuine invite token whose lifetime is over."""

    code = "invite_expired"


class InviteRevoked(DomainError):
    """A genuine, unexpired token whose registration was revoked, deleted (with
    its conference, or its account) or given to someone else since."""

    code = "invite_revoked"
