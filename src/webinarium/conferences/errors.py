from __future__ import annotations

from webinarium.kit.errors import Conflict, InvalidInput, NotFound


class ConferenceNotFound(NotFound):
    """No such conference in the caller's account (another account's included)."""

    code = "conference_not_found"


class NotRecurring(InvalidInput):
    code = "not_recurring"


class SubUrlTaken(Conflict):
    code = "sub_url_taken"


class InvalidSessions(InvalidInput):
    """Session ids that are missing, unknown, or not sessions that can join a series."""

    code = "invalid_sessions"


class TransitionRefused(InvalidInput):
    """A lifecycle step the conference's status does not allow."""

    code = "transition_refused"


class NotStarted(TransitionRefused):
    code = "conference_not_started"


class AlreadyEnded(TransitionRefused):
    code = "conference_ended"


class Cancelled(TransitionRefused):
    code = "conference_cancelled"
