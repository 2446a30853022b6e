from __future__ import annotations

from webinarium.kit.errors import DomainError


class EventsExpired(DomainError):
    """The events right after the ``after`` asked for are no longer kept
    (retention, docs/operations.md): the feed does not skip them silently."""

    code = "events_expired"

    def __init__(self, after: int, resume_after: int) -> None:
        super().__init__(
            f"the events after seq {after} up to seq {resume_after} are no longer kept"
            f" (older than the server's retention): read on with after={resume_after},"
            " and catch up on what they said from the API's current state"
        )
