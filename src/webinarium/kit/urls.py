"""Web addresses given by clients (photos, images, files, links)."""

from __future__ import annotations

from urllib.parse import urlsplit

from webinarium.kit.errors import InvalidInput

# The length of every URL column.
URL_MAX = 2048


def web_url(value: str | None, name: str, error: type[InvalidInput] = InvalidInput) -> str | None:
    """``value`` stripped, or None when blank (which clears it); anything but an
    absolute http(s) URL of at most 2048 characters is refused with ``error``."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(text) > URL_MAX:
        raise error(f"{name} must be an absolute http(s) URL, not {text[:100]!r}")
    return text
