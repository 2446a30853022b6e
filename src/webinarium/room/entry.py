"""Letting someone into a conference's room on the organiser's word (BigMarker's
``POST /conferences/enter``): who they are, whether `access.admission.admit`
lets them in now, and the ticket (`room.tickets`) they enter with.

- an ``attendee`` who registers knocks as their registration (they appear among
  the registrants; revoking it closes the ticket);
- an ``attendee`` who does not is a person of the account (created if new, on no
  list) knocking as ``attendee``: bans and the block and allow lists apply;
- a ``presenter`` or ``moderator`` must be one in this conference already
  (`access.admission.NotStaff` otherwise): the key opens the room, it does not
  make presenters. The account's own address enters as the organiser (the
  ``host`` knock, a moderator).

The ticket lives until the webinar's scheduled end and the usual ticket
lifetime after it, so a link made ahead of the webinar still opens it;
admission is asked again at every connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import get_args

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Admission, Knock, Role, admit
from webinarium.access.errors import NotStaff
from webinarium.access.service import Venue, venue
from webinarium.kit.errors import InvalidInput, validated
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference
from webinarium.people.errors import PersonNotFound
from webinarium.people.service import find_person, normalize_email, upsert_person
from webinarium.registrations.schemas import RegistrantInput
from webinarium.registrations.service import register_at
from webinarium.room.tickets import issue_ticket

ROLES: tuple[str, ...] = get_args(Role)


@dataclass(frozen=True)
class Visitor:
    """Who the organiser sends in, as they asked."""

    email: str
    name: str
    role: Role
    register: bool = False
    first_name: str | None = None
    last_name: str | None = None
    custom_user_id: str | None = None
    # Where they go when the room ends, in place of the conference's exit_url.
    exit_url: str | None = None


@dataclass(frozen=True)
class Entry:
    conference: Conference
    channel_url: str
    admission: Admission
    ticket: str


def role_named(value: str) -> Role:
    if value not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}, not {value[:40]!r}")
    return value  # type: ignore[return-value]


async def enter(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    visitor: Visitor,
    *,
    secret_key: str,
    ticket_seconds: int,
) -> Entry:
    """The visitor's ticket into the conference's room, once admitted; the
    caller's unit of work rolls back a registration made for a refused one."""
    found = await venue(session, account, conference_id)
    conference = found.conference
    knock = await _knock(session, account, found, visitor)
    admission = await admit(session, account, conference, knock)
    until_end = max(timedelta(0), conference.end_at - utcnow())
    ticket = issue_ticket(
        secret_key,
        account.id,
        conference.id,
        knock,
        lifetime_seconds=ticket_seconds + int(until_end.total_seconds()),
        exit_url=visitor.exit_url,
    )
    return Entry(conference, found.channel_url, admission, ticket)


def _names(visitor: Visitor) -> tuple[str | None, str | None]:
    """First and last name: as given, else the display name split at its first space."""
    if visitor.first_name or visitor.last_name:
        return visitor.first_name, visitor.last_name
    first, _, last = visitor.name.strip().partition(" ")
    return first or None, last.strip() or None


async def _knock(session: AsyncSession, account: Account, found: Venue, visitor: Visitor) -> Knock:
    if visitor.role != "attendee":
        if normalize_email(visitor.email) == normalize_email(account.email):
            return Knock("host")
        try:
            person = await find_person(session, account, email=visitor.email)
        except PersonNotFound:
            raise NotStaff(f"{visitor.email} is not a {visitor.role} of this webinar") from None
        return Knock(visitor.role, person.id)
    first, last = _names(visitor)
    # Checked as a registrant's, registering or not: e-mail, names, the external id's length.
    registrant = validated(
        RegistrantInput,
        {
            "email": visitor.email,
            "first_name": first,
            "last_name": last,
            "custom_user_id": visitor.custom_user_id,
        },
    )
    if visitor.register:
        registered = await register_at(session, account, found, registrant, update_existing=False)
        return Knock("registration", registered.registration.id)
    person = await upsert_person(
        session,
        account,
        email=registrant.email,
        first_name=registrant.first_name,
        last_name=registrant.last_name,
        custom_user_id=registrant.custom_user_id,
    )
    return Knock("attendee", person.id)
