from __future__ import annotations

from webinarium.kit.errors import DomainError


class RegistrationBlocked(DomainError):
    """The e-mail is on a block list, or off an allow list in force."""

    code = "registration_blocked"
