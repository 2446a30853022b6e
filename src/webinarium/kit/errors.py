"""The domain error base class.

Services raise subclasses with a stable ``code``; they never raise HTTP errors.
Each dialect decides how a code is rendered (status, envelope, message), so the
same ``ConferenceNotFound`` becomes BigMarker's ``{"error": …}`` with the
operation's documented status, or another dialect's own envelope.

    DomainError
    ├── NotFound            code "<thing>_not_found" — also what another tenant's object looks like
    ├── InvalidInput        code "invalid_input"     — a value the domain rejects, with a message
    ├── Conflict            code "conflict"          — a unique value already taken
    └── AuthenticationFailed, ApiAccessDisabled      — see accounts.errors
"""

from __future__ import annotations


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    code = "not_found"


class InvalidInput(DomainError):
    code = "invalid_input"


class Conflict(DomainError):
    code = "conflict"
