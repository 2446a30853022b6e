from __future__ import annotations

from webinarium.kit.errors import Conflict, InvalidInput, NotFound


class ModeratorNotFound(NotFound):
    """Not a moderator of the caller's account (another account's included)."""

    code = "moderator_not_found"


class ModeratorExists(Conflict):
    """The person already is a moderator of the account."""

    code = "moderator_exists"


class NotAttached(NotFound):
    """The moderator is not attached to the webinar."""

    code = "moderator_not_attached"


class PrimaryModerator(InvalidInput):
    """The account's own address: the primary moderator, who has access to every
    webinar and is not on the list of moderators one manages."""

    code = "primary_moderator"
