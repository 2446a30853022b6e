from __future__ import annotations

from webinarium.kit.errors import Conflict, DomainError, NotFound


class AuthenticationFailed(DomainError):
    """Unknown e-mail, wrong password, or an unknown or revoked API key."""

    code = "authentication_failed"


class ApiAccessDisabled(DomainError):
    """Login refused a new key: every key of the account has been revoked."""

    code = "api_access_disabled"


class EmailTaken(Conflict):
    code = "email_taken"


class ApiKeyNotFound(NotFound):
    code = "api_key_not_found"


class AccountNotFound(NotFound):
    code = "account_not_found"
