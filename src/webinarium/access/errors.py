from __future__ import annotations

from webinarium.kit.errors import DomainError


class RegistrationBlocked(DomainError):
    """The e-mail is on a block list, or off an allow list in force."""

    code = "registration_blocked"


class NotAdmitted(DomainError):
    """Someone the room does not let in (`access.admission`): banned, their
    registration revoked, their e-mail blocked, or not of this conference."""

    code = "not_admitted"


class RoomNotOpen(NotAdmitted):
    """Too early: the room opens to them a set time before the start."""

    code = "room_not_open"


class RoomClosed(NotAdmitted):
    """The conference has ended (or was cancelled): nobody enters any more."""

    code = "room_ended"
