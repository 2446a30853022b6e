"""Moderators of an account. Services flush; the caller commits.

A moderator is a person of the account (one row per person) who may be attached
to webinars. Attaching makes them a presenter of the conference with moderator
rights (``is_moderator`` and ``can_manage``), through the presenters service, so
every dialect sees the same presenter. The account's own address is the primary
moderator: it has access to every webinar, is listed first and is not managed
here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.channels.service import channels_by_id
from webinarium.conferences.service import get_conference
from webinarium.files.store import FileStore
from webinarium.models import Account, Channel, Conference, Moderator, Person, Presenter
from webinarium.moderators.errors import (
    ModeratorExists,
    ModeratorNotFound,
    NotAttached,
    PrimaryModerator,
)
from webinarium.moderators.repository import ModeratorRepository
from webinarium.moderators.rights import ConferenceModerators, is_primary
from webinarium.people.errors import PersonNotFound
from webinarium.people.names import full_name
from webinarium.people.service import (
    find_person,
    normalize_email,
    readdress_person,
    set_avatar,
    upsert_person,
)
from webinarium.presenters.schemas import PresenterChanges, PresenterDraft
from webinarium.presenters.service import (
    add_presenter,
    list_presenters,
    presenters_of,
    remove_presenter,
    update_presenter,
)


@dataclass(frozen=True)
class ModeratorEntry:
    """One line of the list of moderators."""

    name: str
    email: str
    registered_at: datetime
    primary: bool
    has_avatar: bool


@dataclass(frozen=True)
class ModeratorRoom:
    """A conference a moderator is attached to, with their presenter role there."""

    conference: Conference
    channel: Channel
    presenter: Presenter


def _addresses(emails: Iterable[str]) -> list[str]:
    """Valid, normalised, each once, in the order given."""
    return list(dict.fromkeys(normalize_email(email) for email in emails))


def _check_not_primary(account: Account, address: str) -> None:
    if address == account.email.strip().lower():
        raise PrimaryModerator(
            f"{address} is the primary moderator (the account administrator): it has "
            "access to every webinar and is not managed through the moderators' actions"
        )


async def _moderator(
    session: AsyncSession, account: Account, address: str
) -> tuple[Moderator, Person]:
    _check_not_primary(account, address)
    not_found = ModeratorNotFound(f"{address} is not a moderator")
    try:
        person = await find_person(session, account, email=address)
    except PersonNotFound:
        raise not_found from None
    moderator = await ModeratorRepository(session, account.id).of_person(person.id)
    if moderator is None:
        raise not_found
    return moderator, person


async def create_moderator(
    session: AsyncSession, account: Account, *, email: str, first_name: str, last_name: str
) -> Person:
    """Makes the account's person with ``email`` a moderator (the person is
    created if new; their names become the ones given)."""
    address = normalize_email(email)
    _check_not_primary(account, address)
    person = await upsert_person(
        session, account, email=address, first_name=first_name, last_name=last_name
    )
    repository = ModeratorRepository(session, account.id)
    if await repository.of_person(person.id) is not None:
        raise ModeratorExists(f"{address} already is a moderator")
    await repository.add(Moderator(account_id=account.id, person_id=person.id))
    return person


async def delete_moderators(session: AsyncSession, account: Account, emails: Iterable[str]) -> int:
    """Removes the moderators and their moderator roles at every conference; the
    people stay (they may be registrants too). All or nothing: an address that is
    not a moderator refuses the whole call."""
    addresses = _addresses(emails)
    repository = ModeratorRepository(session, account.id)
    found = [await _moderator(session, account, address) for address in addresses]
    for moderator, person in found:
        for _, presenter in await repository.rooms(person.id):
            await remove_presenter(session, account, presenter.id)
        await repository.delete(moderator)
    return len(found)


async def update_moderator(
    session: AsyncSession,
    account: Account,
    files: FileStore,
    email: str,
    *,
    new_email: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    avatar: bytes | None = None,
    remove_avatar: bool = False,
) -> Person:
    """Renames, re-addresses and gives an avatar to a moderator. A new name is
    also the display name of their moderator roles."""
    _, person = await _moderator(session, account, normalize_email(email))
    if new_email is not None:
        _check_not_primary(account, normalize_email(new_email))
        await readdress_person(session, account, person, new_email)
    if first_name is not None or last_name is not None:
        await upsert_person(
            session, account, email=person.email, first_name=first_name, last_name=last_name
        )
        for _, presenter in await ModeratorRepository(session, account.id).rooms(person.id):
            await update_presenter(
                session, account, presenter.id, PresenterChanges(display_name=full_name(person))
            )
    if avatar is not None or remove_avatar:
        await set_avatar(session, account, files, person, avatar)
    return person


async def list_moderators(
    session: AsyncSession,
    account: Account,
    *,
    search: str | None = None,
    conference_id: str | None = None,
) -> list[ModeratorEntry]:
    """The primary moderator, then the moderators in the order they were made;
    those whose name or e-mail contains ``search``; only the ones attached to
    ``conference_id`` when given (the primary moderator is in every conference)."""
    search = (search or "").strip() or None
    if conference_id is not None:
        conference_id = (await get_conference(session, account, conference_id)).id
    entries: list[ModeratorEntry] = []
    needle = (search or "").lower()
    if needle in account.name.lower() or needle in account.email.lower():
        entries.append(
            ModeratorEntry(
                name=account.name,
                email=account.email,
                registered_at=account.created_at,
                primary=True,
                has_avatar=False,
            )
        )
    rows = await ModeratorRepository(session, account.id).search(search, conference_id)
    entries.extend(
        ModeratorEntry(
            name=full_name(person),
            email=person.email,
            registered_at=moderator.created_at,
            primary=False,
            has_avatar=person.avatar_file_id is not None,
        )
        for moderator, person in rows
    )
    return entries


async def attach_moderators(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    emails: Iterable[str],
    *,
    send_invite: bool,
) -> None:
    """Makes each moderator a presenter of the conference with moderator rights.
    One who already presents there gets the rights; one already attached stays
    as is. ``send_invite`` is the presenter's ``send_email_invite``: invite now,
    rather than with the conference's scheduled reminders."""
    addresses = _addresses(emails)
    conference, current = await list_presenters(session, account, conference_id)
    by_person = {details.person.id: details for details in current}
    found = [await _moderator(session, account, address) for address in addresses]
    for _, person in found:
        existing = by_person.get(person.id)
        if existing is None:
            await add_presenter(
                session,
                account,
                PresenterDraft(
                    conference_id=conference.id,
                    email=person.email,
                    is_moderator=True,
                    can_manage=True,
                    send_email_invite=send_invite,
                    add_to_channel_subscriber_list=False,
                ),
            )
        elif not (existing.presenter.is_moderator and existing.presenter.can_manage):
            await update_presenter(
                session,
                account,
                existing.presenter.id,
                PresenterChanges(is_moderator=True, can_manage=True),
            )


async def detach_moderators(
    session: AsyncSession, account: Account, conference_id: str, emails: Iterable[str]
) -> None:
    """Removes the moderators' presenter roles at the conference. All or nothing:
    an address that is not a moderator, or not attached there, refuses the call."""
    addresses = _addresses(emails)
    _, current = await list_presenters(session, account, conference_id)
    by_person = {details.person.id: details for details in current}
    roles: list[Presenter] = []
    for address in addresses:
        _, person = await _moderator(session, account, address)
        existing = by_person.get(person.id)
        if existing is None or not existing.presenter.is_moderator:
            raise NotAttached(f"{address} is not attached to this webinar")
        roles.append(existing.presenter)
    for presenter in roles:
        await remove_presenter(session, account, presenter.id)


async def moderator_rooms(
    session: AsyncSession, account: Account, email: str
) -> list[ModeratorRoom]:
    """The conferences the moderator is attached to, by start time."""
    _, person = await _moderator(session, account, normalize_email(email))
    rows = await ModeratorRepository(session, account.id).rooms(person.id)
    channels = await channels_by_id(session, account, {c.channel_id for c, _ in rows})
    return [
        ModeratorRoom(conference=c, channel=channels[c.channel_id], presenter=p) for c, p in rows
    ]


async def make_conference_moderator(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    person: Person,
    *,
    send_invite: bool,
    photo_url: str | None = None,
) -> None:
    """Makes the account's person a moderator of the conference: a moderator of
    the account (made one if they are not) attached to it as `attach_moderators`
    does. ``photo_url`` (given: "" removes) is their presenter photo there. The
    primary moderator moderates every conference already."""
    if person.account_id != account.id:
        raise PersonNotFound("no such person in this account")
    if is_primary(account, person):
        return
    await ModeratorRepository(session, account.id).ensure(person.id)
    await attach_moderators(
        session, account, conference_id, [person.email], send_invite=send_invite
    )
    if photo_url is not None:
        _, current = await list_presenters(session, account, conference_id)
        for details in current:
            if details.person.id == person.id:
                await update_presenter(
                    session, account, details.presenter.id, PresenterChanges(photo_url=photo_url)
                )


async def release_conference_moderator(
    session: AsyncSession, account: Account, conference_id: str, person: Person
) -> None:
    """Takes the person's moderator role at the conference away (the presenter
    role goes, as `detach_moderators` does); nothing when they have none. They
    stay a moderator of the account, for their other webinars."""
    _, current = await list_presenters(session, account, conference_id)
    for details in current:
        if details.person.id == person.id and details.presenter.is_moderator:
            await remove_presenter(session, account, details.presenter.id)


async def conference_moderators(
    session: AsyncSession, account: Account, conference_id: str
) -> ConferenceModerators:
    """Who has moderator rights at the conference (see `moderators.rights`)."""
    _, current = await list_presenters(session, account, conference_id)
    return ConferenceModerators.of(account, current)


async def moderators_of(
    session: AsyncSession, account: Account, conference: Conference
) -> ConferenceModerators:
    """`conference_moderators` of a conference the caller has loaded."""
    return ConferenceModerators.of(account, await presenters_of(session, account, conference))
