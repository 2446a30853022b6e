"""Who may enter a conference's room, as whom, and when: the one decision every
way in asks — the room's socket at every connection, the pages every personal
link and the landing page's form lead to (`pages.entry`), the invite page and
the enter API.

``admit`` takes the conference and who knocks (`Knock`: a registration, a
person the organiser lets in without registering (BigMarker's enter API), a
presenter, a moderator or the organiser's host link) and returns the `Member`
they are in the room, or refuses:

- `RoomClosed` — the conference has ended or was cancelled (or its time is over
  without anyone starting it): nobody enters;
- `NotAdmitted` — a revoked registration, one of another conference, one
  waiting for the organiser's approval (`AwaitingApproval`), a room ban
  (`access.bans`), an e-mail the block or allow list in force keeps out
  (attendees only: the staff are the organiser's choice); `NotStaff`: a
  presenter link of someone who no longer presents here, a moderator link of
  someone without moderator rights here;
- `RoomNotOpen` — too early: attendees enter ``attendee_early_entry_minutes``
  (or ``attendee_advanced_enter_time``) before the start, presenters and
  moderators ``presenter_advanced_enter_time`` before it; an opened waiting
  room (status ``open``) lets attendees in at once. It carries the minutes, so
  a dialect can word it as its document does.

Admitted before the start, a member ``waits``: the room is in its waiting state
until someone starts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.bans import is_banned
from webinarium.access.errors import (
    AwaitingApproval,
    NotAdmitted,
    NotStaff,
    RegistrationBlocked,
    RoomClosed,
    RoomNotOpen,
)
from webinarium.access.service import ensure_may_register, venue
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import ConferencePhase, ConferenceStatus, settings_of
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference, Person
from webinarium.moderators.rights import is_primary
from webinarium.people.errors import PersonNotFound
from webinarium.people.names import full_name
from webinarium.people.service import find_person
from webinarium.presenters.service import presenters_of
from webinarium.registrations.errors import RegistrationNotFound
from webinarium.registrations.schemas import RegistrationApproval
from webinarium.registrations.service import get_registration

Role = Literal["attendee", "presenter", "moderator"]
KnockKind = Literal["registration", "attendee", "presenter", "moderator", "host"]
STAFF: frozenset[str] = frozenset({"presenter", "moderator"})
# The organiser through the host link: one per conference, not a person row.
HOST_MEMBER_ID = "host"


@dataclass(frozen=True)
class Knock:
    """Who asks to enter: ``registration`` (``ref`` the registration's id),
    ``attendee`` (``ref`` the person's id: someone the organiser lets in
    without registering), ``presenter`` or ``moderator`` (``ref`` the person's
    id), ``host`` (the organiser's link; no ``ref``)."""

    kind: KnockKind
    ref: str | None = None


@dataclass(frozen=True)
class Member:
    """Someone in the room. ``member_id`` is the person's id (``host`` for the
    organiser's link): one member however many sockets they open."""

    member_id: str
    name: str
    role: Role
    person_id: str | None

    @property
    def staff(self) -> bool:
        return self.role in STAFF


@dataclass(frozen=True)
class Admission:
    member: Member
    # Admitted before the start: the room waits for someone to start it.
    waits: bool


async def admit(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    knock: Knock,
    now: datetime | None = None,
) -> Admission:
    """The member ``knock`` enters as, or `RoomClosed` / `NotAdmitted` / `RoomNotOpen`."""
    ensure_owned(account, conference)
    moment = now or utcnow()
    phase = lifecycle.phase_of(conference, moment)
    if phase == ConferencePhase.OVER:
        raise RoomClosed(f"webinar {conference.title!r} has ended")
    member = await _member(session, account, conference, knock)
    if member.person_id is not None:
        if await is_banned(session, account, conference, member.person_id):
            raise NotAdmitted("you have been removed from this room")
        if not member.staff:
            person = await find_person(session, account, person_id=member.person_id)
            try:
                await ensure_may_register(
                    session, account, await venue(session, account, conference.id), person.email
                )
            except RegistrationBlocked:
                raise NotAdmitted("your e-mail may not enter this webinar") from None
    waits = phase == ConferencePhase.UPCOMING
    if waits:
        opens_at = conference.start_at - _early(conference, member)
        open_waiting_room = conference.status == ConferenceStatus.OPEN and not member.staff
        if moment < opens_at and not open_waiting_room:
            raise RoomNotOpen(
                f"the room opens at {opens_at:%Y-%m-%d %H:%M} UTC",
                staff=member.staff,
                minutes=int(_early(conference, member).total_seconds() // 60),
            )
    return Admission(member, waits)


def _early(conference: Conference, member: Member) -> timedelta:
    if member.staff:
        return timedelta(minutes=settings_of(conference).presenter_advanced_enter_time)
    return attendee_early_entry(conference)


def attendee_early_entry(conference: Conference) -> timedelta:
    """How long before the start attendees may enter: when the scheduler opens
    the waiting room (`scheduler.rules`)."""
    settings = settings_of(conference)
    minutes = settings.attendee_early_entry_minutes or settings.attendee_advanced_enter_time
    return timedelta(minutes=minutes)


def _name(person: Person) -> str:
    return full_name(person) or person.email.split("@", 1)[0]


async def _member(
    session: AsyncSession, account: Account, conference: Conference, knock: Knock
) -> Member:
    if knock.kind == "host":
        return Member(HOST_MEMBER_ID, account.name, "moderator", None)
    refused = NotAdmitted("this link does not open this room")
    person_id = knock.ref or ""
    if knock.kind == "registration":
        try:
            registration = await get_registration(session, account, knock.ref or "")
        except RegistrationNotFound:
            raise refused from None
        if registration.conference_id != conference.id:
            raise refused
        if registration.revoked_at is not None:
            raise NotAdmitted("this registration has been withdrawn")
        if registration.approval != RegistrationApproval.APPROVED:
            raise AwaitingApproval(
                "your registration is waiting for the organiser's approval:"
                " you will get an e-mail with your link once it is approved"
            )
        person_id = registration.person_id
    try:
        person = await find_person(session, account, person_id=person_id)
    except PersonNotFound:
        raise refused from None
    role = await role_of(session, account, conference, person)
    if (knock.kind == "presenter" and role == "attendee") or (
        knock.kind == "moderator" and role != "moderator"
    ):
        raise NotStaff(f"you are not a {knock.kind} of this webinar")
    return Member(person.id, _name(person), role, person.id)


async def role_of(
    session: AsyncSession, account: Account, conference: Conference, person: Person
) -> Role:
    """The person's role in the conference's room: ``moderator`` with moderator
    rights (`moderators.rights`), ``presenter`` when presenting, else ``attendee``."""
    presenters = {
        p.person.id: p.presenter for p in await presenters_of(session, account, conference)
    }
    presenter = presenters.get(person.id)
    if is_primary(account, person) or (presenter is not None and presenter.is_moderator):
        return "moderator"
    if presenter is not None:
        return "presenter"
    return "attendee"
