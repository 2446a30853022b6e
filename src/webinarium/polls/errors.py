from __future__ import annotations

from webinarium.kit.errors import InvalidInput, NotFound


class PollNotFound(NotFound):
    """No such poll in the caller's account (another account's included)."""

    code = "poll_not_found"


class StatusChangeRefused(InvalidInput):
    """An action that does not apply to the poll's status (closing a queued poll…)."""

    code = "poll_status_change_refused"


class PollNotOpen(InvalidInput):
    """A vote on a poll that is queued, closed, or past its close time."""

    code = "poll_not_open"


class PollClosed(PollNotOpen):
    """A vote on a poll that was closed (or is past its close time)."""

    code = "poll_closed"


class AlreadyVoted(InvalidInput):
    """A second vote of one person on one poll: each votes once."""

    code = "already_voted"


class InvalidVote(InvalidInput):
    """A vote that does not fit the poll's selection method."""

    code = "invalid_vote"
