from __future__ import annotations

from webinarium.kit.errors import Conflict, NotFound


class ChannelAdminNotFound(NotFound):
    """No such channel admin in the caller's account (another account's included)."""

    code = "channel_admin_not_found"


class ChannelAdminExists(Conflict):
    """The person already administers the channel."""

    code = "channel_admin_exists"
