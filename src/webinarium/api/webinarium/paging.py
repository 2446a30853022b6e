"""The native API's pages: one rule for ``?limit=``."""

from __future__ import annotations

from webinarium.kit.errors import InvalidInput


def page_limit(limit: str, default: int, maximum: int) -> int:
    """``?limit=`` as given (a whole number from 1 to ``maximum``), or ``default``."""
    limit = limit.strip()
    if not limit:
        return default
    if not limit.isdigit() or not 1 <= int(limit) <= maximum:
        raise InvalidInput(f"limit must be a whole number from 1 to {maximum}")
    return int(limit)
