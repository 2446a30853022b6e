from __future__ import annotations

from webinarium.kit.errors import NotFound


class ChannelNotFound(NotFound):
    """No such channel in the caller's account (another account's channel included)."""

    code = "channel_not_found"
