from __future__ import annotations

from webinarium.kit.errors import InvalidInput, NotFound


class PersonNotFound(NotFound):
    code = "person_not_found"


class InvalidEmail(InvalidInput):
    code = "invalid_email"
