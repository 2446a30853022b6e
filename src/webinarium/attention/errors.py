from __future__ import annotations

from webinarium.kit.errors import InvalidInput, NotFound


class CheckNotFound(NotFound):
    """No such check, another room's, or one this member was not asked."""

    code = "attention_check_not_found"


class CheckExpired(InvalidInput):
    """An answer after the check's answer time: it was counted as missed."""

    code = "attention_expired"
