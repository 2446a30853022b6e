from __future__ import annotations

from webinarium.kit.errors import NotFound


class RecordingNotFound(NotFound):
    """No such recording in the caller's account (another account's included)."""

    code = "recording_not_found"
