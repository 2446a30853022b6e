from __future__ import annotations

from webinarium.kit.errors import Conflict, NotFound


class RegistrationNotFound(NotFound):
    code = "registration_not_found"


class CheckInRefused(Conflict):
    """A registration that may not be checked in: withdrawn (a removed registrant)."""

    code = "check_in_refused"
