from __future__ import annotations

from webinarium.kit.errors import NotFound


class RegistrationNotFound(NotFound):
    code = "registration_not_found"
