from __future__ import annotations

from webinarium.kit.errors import Conflict, InvalidInput, NotFound


class HandoutNotFound(NotFound):
    code = "handout_not_found"


class FileNotFound(NotFound):
    code = "file_not_found"


class FileNotReady(Conflict):
    """A stored file still fetching, or whose fetch failed, cannot be shown."""

    code = "file_not_ready"


class HandoutTargetMissing(InvalidInput):
    """A handout needs a file URL or a link; it got neither."""

    code = "handout_target_missing"


class InvalidFileUrl(InvalidInput):
    code = "invalid_file_url"


class OfferNotFound(NotFound):
    code = "offer_not_found"


class OfferNotShown(InvalidInput):
    """A click or view of an offer that the room does not show now."""

    code = "offer_not_shown"
