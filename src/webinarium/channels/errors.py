from __future__ import annotations

from webinarium.kit.errors import Conflict, InvalidInput, NotFound


class ChannelNotFound(NotFound):
    """No such channel in the caller's account (another account's channel included)."""

    code = "channel_not_found"


class ChannelUrlTaken(Conflict):
    """Channel URLs are unique on the server."""

    code = "channel_url_taken"


class NotASubchannel(InvalidInput):
    """Only sub-channels can be removed; an account keeps its top-level channels."""

    code = "not_a_subchannel"


class SubscriberNotFound(NotFound):
    code = "subscriber_not_found"


class CategoryNotFound(NotFound):
    code = "category_not_found"


class CategoryConferenceNotFound(NotFound):
    """The conference is not in the category (or the category does not exist)."""

    code = "category_conference_not_found"
