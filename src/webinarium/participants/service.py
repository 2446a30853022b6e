"""Participants: the account's attendee list, groups of participants, and
attaching participants to webinars (a registration, so every rule of
registering applies: block and allow lists, one personal enter link each).

A participant is a `Person` with ``participant_since`` set: created as one, or
registered for any conference through any dialect. Services flush; the caller
commits. Every list of e-mails is checked whole before anything changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.bans import lift_bans
from webinarium.access.service import Venue
from webinarium.conferences.service import ConferenceDetails, describe, get_conference
from webinarium.kit.errors import InvalidInput
from webinarium.kit.time import utcnow
from webinarium.models import (
    Account,
    Conference,
    ParticipantGroup,
    ParticipantGroupMember,
    Person,
    Registration,
)
from webinarium.participants.errors import ConferenceOver, GroupNotFound
from webinarium.participants.repository import ParticipantRepository
from webinarium.participants.schemas import ParticipantQuery
from webinarium.people.service import (
    find_participant,
    set_participant_status,
    withdraw_participant,
)
from webinarium.registrations.errors import RegistrationNotFound
from webinarium.registrations.schemas import RegistrantInput
from webinarium.registrations.service import register_at, unregister, unregister_everywhere

GROUP_NAME_MAX = 200


@dataclass(frozen=True)
class ParticipantRow:
    person: Person
    # The registration for the conference the list was narrowed to, if any.
    registration: Registration | None


@dataclass(frozen=True)
class Room:
    """A conference a participant is registered for."""

    details: ConferenceDetails
    registration: Registration


async def participants(
    session: AsyncSession, account: Account, emails: Sequence[str]
) -> list[Person]:
    """The account's participants with these e-mails, each once, in the order
    given; any unknown address fails the whole call."""
    if not emails:
        raise InvalidInput("name at least one participant's e-mail")
    found: dict[str, Person] = {}
    for email in emails:
        person = await find_participant(session, account, email)
        found.setdefault(person.id, person)
    return list(found.values())


async def list_participants(
    session: AsyncSession,
    account: Account,
    query: ParticipantQuery,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[ParticipantRow], int]:
    """A page of participants (everyone from ``offset`` when ``limit`` is None)
    and how many match in all."""
    repository = ParticipantRepository(session, account.id)
    if query.group_id is not None:
        await get_group(session, account, query.group_id)
    if query.conference_id is not None:
        query = query.model_copy(
            update={
                "conference_id": (await get_conference(session, account, query.conference_id)).id
            }
        )
    people, total = await repository.search(query, offset, limit)
    registrations = (
        await repository.registrations(query.conference_id, [p.id for p in people])
        if query.conference_id is not None and people
        else {}
    )
    return [ParticipantRow(p, registrations.get(p.id)) for p in people], total


def _ensure_not_over(conference: Conference) -> None:
    if conference.end_at <= utcnow():
        raise ConferenceOver("the webinar is over: participants join upcoming webinars only")


async def attach(
    session: AsyncSession, account: Account, place: Venue, emails: Sequence[str]
) -> list[Registration]:
    """Registers the participants for an upcoming conference (found with
    `access.service.venue_by_alias`; an existing registration is kept, with its link)."""
    _ensure_not_over(place.conference)
    people = await participants(session, account, emails)
    registered = [
        await register_at(
            session, account, place, RegistrantInput(email=p.email), update_existing=False
        )
        for p in people
    ]
    return [r.registration for r in registered]


async def detach(
    session: AsyncSession, account: Account, conference_id: str, emails: Sequence[str]
) -> None:
    """Unregisters the participants from an upcoming conference; one who was
    not registered is left as they are."""
    conference = await get_conference(session, account, conference_id)
    _ensure_not_over(conference)
    for person in await participants(session, account, emails):
        with suppress(RegistrationNotFound):
            await unregister(session, account, conference.id, person.email)


async def rooms(session: AsyncSession, account: Account, email: str) -> list[Room]:
    """The conferences the participant is registered for, by start time."""
    person = await find_participant(session, account, email)
    rows = await ParticipantRepository(session, account.id).registered_conferences(person.id)
    details = await describe(session, account, [conference for _, conference in rows])
    return [Room(d, registration) for d, (registration, _) in zip(details, rows, strict=True)]


async def delete_participants(
    session: AsyncSession, account: Account, emails: Sequence[str]
) -> None:
    """Takes the participants off the list, off every conference they were
    registered for and out of every group. The person stays: they may present,
    moderate or administer a channel too."""
    people = await participants(session, account, emails)
    ids = [p.id for p in people]
    await unregister_everywhere(session, account, ids)
    await ParticipantRepository(session, account.id).leave_groups(ids)
    for person in people:
        withdraw_participant(person)
    await session.flush()


async def unban(session: AsyncSession, account: Account, emails: Sequence[str]) -> None:
    """Banned participants become active again, and every room ban of theirs is
    lifted (`access.bans`): they may come back. Others are left as they are."""
    people = await participants(session, account, emails)
    for person in people:
        if person.participant_status == "banned":
            set_participant_status(person, "active")
    await lift_bans(session, account, [person.id for person in people])
    await session.flush()


# Groups


def _group_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= GROUP_NAME_MAX:
        raise InvalidInput(f"a group name must be 1 to {GROUP_NAME_MAX} characters long")
    return name


async def get_group(session: AsyncSession, account: Account, group_id: str) -> ParticipantGroup:
    group = await ParticipantRepository(session, account.id).get(str(group_id).strip())
    if group is None:
        raise GroupNotFound(f"group {group_id} not found")
    return group


async def list_groups(session: AsyncSession, account: Account) -> list[ParticipantGroup]:
    """Every group of the account, oldest first."""
    return await ParticipantRepository(session, account.id).groups()


async def create_group(session: AsyncSession, account: Account, name: str) -> ParticipantGroup:
    group = ParticipantGroup(account_id=account.id, name=_group_name(name))
    await ParticipantRepository(session, account.id).add(group)
    return group


async def rename_group(
    session: AsyncSession, account: Account, group_id: str, name: str
) -> ParticipantGroup:
    new_name = _group_name(name)
    group = await get_group(session, account, group_id)
    group.name = new_name
    await session.flush()
    return group


async def delete_group(session: AsyncSession, account: Account, group_id: str) -> None:
    """Deletes the group; its participants stay."""
    group = await get_group(session, account, group_id)
    await ParticipantRepository(session, account.id).delete_group(group)


async def add_to_group(
    session: AsyncSession, account: Account, group_id: str, emails: Sequence[str]
) -> None:
    """Adds the participants not already in the group."""
    group = await get_group(session, account, group_id)
    people = await participants(session, account, emails)
    repository = ParticipantRepository(session, account.id)
    present = await repository.member_ids(group.id)
    for person in people:
        if person.id not in present:
            await repository.add(
                ParticipantGroupMember(
                    account_id=account.id, group_id=group.id, person_id=person.id
                )
            )


async def remove_from_group(
    session: AsyncSession, account: Account, group_id: str, emails: Sequence[str]
) -> None:
    """Takes the participants out of the group; one not in it is left as is."""
    group = await get_group(session, account, group_id)
    people = await participants(session, account, emails)
    await ParticipantRepository(session, account.id).remove_members(
        group.id, [p.id for p in people]
    )


async def common_groups(
    session: AsyncSession, account: Account, emails: Sequence[str]
) -> list[ParticipantGroup]:
    """The groups that every one of the participants is in."""
    people = await participants(session, account, emails)
    return await ParticipantRepository(session, account.id).groups_of_all([p.id for p in people])
