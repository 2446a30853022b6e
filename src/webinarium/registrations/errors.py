from __future__ import annotations

from webinarium.kit.errors import Conflict, DomainError, NotFound


class RegistrationNotFound(NotFound):
    code = "registration_not_found"


class CheckInRefused(Conflict):
    """A registration that may not be checked in: withdrawn (a removed registrant)."""

    code = "check_in_refused"


class RegistrationClosed(DomainError):
    """The organiser closed registration (``registration_closed``)."""

    code = "registration_closed"


class RegistrationFull(Conflict):
    """Every seat is taken: ``registration_limit`` registrations are in force."""

    code = "registration_full"
