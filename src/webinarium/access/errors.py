from __future__ import annotations

from dataclasses import dataclass

from webinarium.kit.errors import DomainError, InvalidInput


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


class AwaitingApproval(NotAdmitted):
    """A registration the organiser has not approved yet (``registration_approval``)."""

    code = "awaiting_approval"


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


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one answer of the join form (or of a registration
    question: `registrations.answers`): a stable ``code`` (``required``,
    ``email``, ``choice``, ``number``, ``date``, ``yes_no``, ``too_long``,
    ``consent``) a page words in its language, and the English ``message``."""

    code: str
    message: str


class FormInvalid(InvalidInput):
    """Answers of the join form that are missing or wrong, by the form's input
    name (``email``, ``first_name``, ``phone``, ``answer.<api name>``, ``consent``)."""

    def __init__(self, problems: dict[str, FieldProblem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems.values()))
        self.problems = problems
