from __future__ import annotations

from webinarium.kit.errors import DomainError


class RegistrationBlocked(DomainError):
    """The e-mail is on a block list, or off an allow list in force."""

    code = "registration_blocked"


class NotAdmitted(DomainError):
    """Someone the room does not let in (`access.admission`): banned, their
    registration revoked, their e-mail blocked, or not of this conference."""

    code = "not_admitted"


class NotStaff(NotAdmitted):
    """A presenter's or moderator's way in for someone who is not one (or no
    longer) in this conference."""

    code = "not_staff"


class RoomNotOpen(NotAdmitted):
    """Too early: the room opens to them ``minutes`` before the start
    (``staff``: the presenters' and moderators' minutes)."""

    code = "room_not_open"

    def __init__(self, message: str, *, staff: bool, minutes: int) -> None:
        super().__init__(message)
        self.staff = staff
        self.minutes = minutes


class RoomClosed(NotAdmitted):
    """The conference has ended (or was cancelled): nobody enters any more."""

    code = "room_ended"


class ClosedWebinar(NotAdmitted):
    """A closed webinar (privacy ``private``, MyOwnConference's ``close``) lets in
    only the participants on its list; this e-mail is not one of them."""

    code = "closed_webinar"


class StaffAddress(NotAdmitted):
    """The e-mail of someone who presents or moderates this webinar, given on its
    public page: the staff enter by their own links, never by typing an address."""

    code = "staff_address"
