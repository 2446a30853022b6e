"""Registrations. Services flush; the caller commits.

Registering for a recurring webinar's parent registers for every session; for
one child, that session only. Registering for a series registers for the
series as a whole (all its sessions). `status` answers "registered" for a
session when the person is registered for it, its recurring parent or its series.

Removing a registrant revokes the registration, whatever dialect asks
(BigMarker's unregister, MyOwnConference's attendeesRemoveFromWebinar and
attendeesDelete, Boomstream's client/delete): the record stays, marked, but it
no longer counts as a registration anywhere and its enter link and invite
tokens stop working. Each dialect decides in its renderer whether it shows
revoked records (only Boomstream's client list does, with ``is_deleted``).
Registering the person again re-activates the record, with a new enter link.
Only erasing the person, or deleting the conference, deletes registrations.

A webinar with ``registration_approval`` takes every new (or re-activated)
registration as ``pending``: in force (listed, counted) but its enter link does
not open the room and no confirmation is mailed until the organiser approves it
(`registrations.approval`).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.service import Venue, ensure_may_register, venue
from webinarium.accounts.service import row_of_link_token
from webinarium.channels.service import get_channel
from webinarium.conferences.schemas import settings_of
from webinarium.conferences.service import custom_fields_of, get_conference
from webinarium.events.outbox import emit
from webinarium.events.types import (
    RegistrationCancelled,
    RegistrationCreated,
    RegistrationEvent,
    RegistrationUpdated,
)
from webinarium.kit.errors import Conflict
from webinarium.kit.pagination import Page, PageRequest
from webinarium.kit.security import link_token
from webinarium.kit.time import utcnow
from webinarium.models import Account, Channel, Conference, Person, Registration
from webinarium.people.errors import PersonNotFound
from webinarium.people.service import (
    find_person,
    mark_participant,
    normalize_email,
    people_by_id,
    upsert_person,
)
from webinarium.registrations.errors import (
    RegistrationClosed,
    RegistrationFull,
    RegistrationNotFound,
)
from webinarium.registrations.repository import RegistrationRepository
from webinarium.registrations.schemas import (
    RegistrantInput,
    RegistrationApproval,
    RegistrationQuery,
)


@dataclass(frozen=True)
class Registered:
    registration: Registration
    person: Person
    venue: Venue
    created: bool

    @property
    def conference(self) -> Conference:
        return self.venue.conference


ENTER_LINK = "enter-link"


def new_enter_seed() -> str:
    """The seed of a personal enter link (``Registration.enter_seed``): 256
    random bits. The link's token is derived from it (`enter_token`)."""
    return secrets.token_urlsafe(32)


def enter_token(secret_key: str, registration: Registration) -> str:
    """The token of the registrant's enter link (`kit.security.link_token`):
    the database does not hold it, and a new seed (re-activation, transfer)
    ends the old one."""
    return link_token(
        secret_key,
        ENTER_LINK,
        registration.account_id,
        registration.id,
        registration.enter_seed,
    )


def enter_link(secret_key: str, conference_address: str, registration: Registration) -> str:
    """The registrant's personal link into the conference (see `conference_address`)."""
    return f"{conference_address}?token={enter_token(secret_key, registration)}"


async def registration_for_enter_token(
    session: AsyncSession, secret_key: str, token: str, *, revoked_too: bool = False
) -> Registration:
    """The registration whose enter link carries ``token``, in force (or also
    revoked with ``revoked_too``, for a caller that refuses it in its own
    words), or `RegistrationNotFound`."""

    def token_of(registration: Registration) -> str | None:
        if registration.revoked_at is not None and not revoked_too:
            return None
        return enter_token(secret_key, registration)

    _, registration = await row_of_link_token(
        session,
        token,
        lambda account, registration_id: get_registration(session, account, registration_id),
        token_of,
        RegistrationNotFound("this enter link is not valid"),
    )
    return registration


def _approval_of_new(conference: Conference) -> RegistrationApproval:
    """A new registration waits for the organiser when the webinar asks for approval."""
    if settings_of(conference).registration_approval:
        return RegistrationApproval.PENDING
    return RegistrationApproval.APPROVED


async def _answers(
    session: AsyncSession, account: Account, conference: Conference, given: dict[str, Any]
) -> dict[str, Any]:
    """Answers keyed by the custom field's id, whether sent by id or by api name;
    a key that names no field of the conference is kept as sent, so nothing a
    registrant wrote is lost."""
    if not given:
        return {}
    fields = (await custom_fields_of(session, account, [conference]))[conference.id]
    by_key = {f.id: f.id for f in fields} | {f.api_name: f.id for f in fields}
    return {by_key.get(key, key): value for key, value in given.items()}


async def register(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    registrant: RegistrantInput,
    *,
    update_existing: bool,
) -> Registered:
    """Registers the person (created if new). An existing registration is kept as
    it is, or, with ``update_existing``, gets the new answers and tracking data."""
    found = await venue(session, account, conference_id)
    return await register_at(session, account, found, registrant, update_existing=update_existing)


async def register_at(
    session: AsyncSession,
    account: Account,
    venue: Venue,
    registrant: RegistrantInput,
    *,
    update_existing: bool,
) -> Registered:
    """`register` for a conference already found (`access.service.venue`): for
    a path that registers several people at once."""
    conference = venue.conference
    await ensure_may_register(session, account, venue, registrant.email)
    answers = await _answers(session, account, conference, registrant.answers)
    person = await upsert_person(
        session,
        account,
        email=registrant.email,
        first_name=registrant.first_name,
        last_name=registrant.last_name,
        custom_user_id=registrant.custom_user_id,
        join="registered",
    )
    repository = RegistrationRepository(session, account.id)
    await _ensure_open(repository, conference, person)
    registration = await repository.add_unless_held(
        {
            "conference_id": conference.id,
            "person_id": person.id,
            "enter_seed": new_enter_seed(),
            "answers": answers,
            "source": registrant.source,
            "referral_domain": registrant.referral_domain,
            "tracking_code": registrant.tracking_code,
            "approval": _approval_of_new(conference),
            "consented_at": registrant.consented_at,
        }
    )
    quiet = {} if registrant.send_confirmation else {"send_confirmation": False}
    if registration is not None:
        await _announce(session, RegistrationCreated, registration, person, **quiet)
        return Registered(registration, person, venue, created=True)
    registration = await repository.of_person(conference.id, person.id, include_revoked=True)
    if registration is None:  # deleted (with its conference or person) since the insert met it
        raise Conflict("the registration could not be stored: send it again")
    if registration.revoked_at is not None:
        # Registering again after a revocation: a new registration in all but
        # its record (and Boomstream client code); the old link stays dead.
        registration.revoked_at = None
        registration.enter_seed = new_enter_seed()
        registration.registered_at = utcnow()
        registration.answers = answers
        registration.approval = _approval_of_new(conference)
        for attribute in ("source", "referral_domain", "tracking_code", "consented_at"):
            setattr(registration, attribute, getattr(registrant, attribute))
        await session.flush()
        await _announce(session, RegistrationCreated, registration, person, **quiet)
        return Registered(registration, person, venue, created=True)
    if update_existing:
        changed = []
        merged = {**registration.answers, **answers}
        if merged != registration.answers:
            registration.answers = merged
            changed.append("answers")
        for attribute in ("source", "referral_domain", "tracking_code"):
            value = getattr(registrant, attribute)
            if value is not None and value != getattr(registration, attribute):
                setattr(registration, attribute, value)
                changed.append("tracking")
        if changed:
            await session.flush()
            await _announce(session, RegistrationUpdated, registration, person, changed=changed)
    return Registered(registration, person, venue, created=False)


async def seats_left(session: AsyncSession, account: Account, conference: Conference) -> int | None:
    """How many registrations the conference still takes (None: no limit)."""
    limit = settings_of(conference).registration_limit
    if limit is None:
        return None
    counts = await RegistrationRepository(session, account.id).counts([conference.id])
    return max(0, limit - counts.get(conference.id, 0))


async def _ensure_open(
    repository: RegistrationRepository, conference: Conference, person: Person
) -> None:
    """Refuses a new registration when the organiser closed registration or
    every seat (``registration_limit``) is taken; someone who holds a
    registration in force keeps it. The seats are counted with the conference's
    row locked, so two visitors racing for the last one on PostgreSQL are
    counted one after the other: exactly one gets it."""
    settings = settings_of(conference)
    if not settings.registration_closed and settings.registration_limit is None:
        return
    if settings.registration_limit is not None:
        await repository.lock_conference(conference.id)
    if await repository.of_person(conference.id, person.id) is not None:
        return
    if settings.registration_closed:
        raise RegistrationClosed("registration for this webinar is closed")
    assert settings.registration_limit is not None
    taken = (await repository.counts([conference.id])).get(conference.id, 0)
    if taken >= settings.registration_limit:
        raise RegistrationFull("this webinar is full: every seat is taken")


async def _announce(
    session: AsyncSession,
    event: type[RegistrationEvent],
    registration: Registration,
    person: Person,
    **details: Any,
) -> None:
    if "changed" in details:
        details["changed"] = list(dict.fromkeys(details["changed"]))
    await emit(
        session,
        event(
            account_id=registration.account_id,
            registration_id=registration.id,
            conference_id=registration.conference_id,
            person_id=person.id,
            email=person.email,
            **details,
        ),
    )


async def unregister(
    session: AsyncSession, account: Account, conference_id: str, email: str
) -> None:
    """Revokes the person's registration (see the module doc); one already
    revoked is not a registration."""
    conference = await get_conference(session, account, conference_id)
    repository = RegistrationRepository(session, account.id)
    person = await find_person(session, account, email=email)
    registration = await repository.of_person(conference.id, person.id)
    if registration is None:
        raise RegistrationNotFound(f"{person.email} is not registered for this conference")
    await _revoke(session, registration, person)


async def unregister_everywhere(
    session: AsyncSession, account: Account, person_ids: Sequence[str]
) -> None:
    """Revokes every registration of these people, at every conference."""
    revoked = await RegistrationRepository(session, account.id).revoke_all_of(person_ids, utcnow())
    people = await people_by_id(session, account, {r.person_id for r in revoked})
    for registration in revoked:
        await _announce(
            session, RegistrationCancelled, registration, people[registration.person_id]
        )


async def get_registration(
    session: AsyncSession, account: Account, registration_id: str
) -> Registration:
    """A registration record by id, revoked or not."""
    registration = await RegistrationRepository(session, account.id).get(registration_id)
    if registration is None:
        raise RegistrationNotFound(f"registration {registration_id} not found")
    return registration


async def registration_at(
    session: AsyncSession, account: Account, conference: Conference, registration_id: str
) -> tuple[Registration, Person]:
    """A registration record of this conference by id, revoked or not, with its
    person; one of another conference is not found."""
    row = await RegistrationRepository(session, account.id).with_person(registration_id)
    if row is None or row[0].conference_id != conference.id:
        raise RegistrationNotFound(f"registration {registration_id} not found")
    return row


async def registration_in_force(
    session: AsyncSession, account: Account, conference: Conference, person: Person
) -> Registration | None:
    """The person's registration for the conference, unless revoked (or none)."""
    return await RegistrationRepository(session, account.id).of_person(conference.id, person.id)


async def get_by_client_code(
    session: AsyncSession, account: Account, client_code: str
) -> tuple[Registration, Person]:
    """A registration record by its Boomstream client code, revoked or not."""
    row = await RegistrationRepository(session, account.id).by_client_code(client_code.strip())
    if row is None:
        raise RegistrationNotFound(f"client {client_code.strip()} not found")
    return row


async def registration_records(
    session: AsyncSession, account: Account, conference_id: str
) -> tuple[Conference, list[tuple[Registration, Person]]]:
    """Every registration record of the conference, revoked ones included, oldest first."""
    conference = await get_conference(session, account, conference_id)
    rows = await RegistrationRepository(session, account.id).of_conference(conference.id)
    return conference, rows


async def revoke(session: AsyncSession, account: Account, registration: Registration) -> None:
    """Withdraws the registration but keeps its record (see the module doc);
    revoking twice keeps the first time."""
    if registration.account_id != account.id:
        raise RegistrationNotFound(f"registration {registration.id} not found")
    if registration.revoked_at is None:
        person = await find_person(session, account, person_id=registration.person_id)
        await _revoke(session, registration, person)


async def _revoke(session: AsyncSession, registration: Registration, person: Person) -> None:
    registration.revoked_at = utcnow()
    await session.flush()
    await _announce(session, RegistrationCancelled, registration, person)


async def transfer(
    session: AsyncSession, account: Account, registration: Registration, email: str
) -> Person:
    """Gives the registration (the seat, with its record and client code) to the
    account's person with ``email``, created if new. The enter link is renewed:
    the previous person's link and invite tokens stop working. The block and
    allow lists apply; a person already holding a registration record for the
    conference is a conflict."""
    if registration.account_id != account.id:
        raise RegistrationNotFound(f"registration {registration.id} not found")
    place = await venue(session, account, registration.conference_id)
    conference = place.conference
    address = normalize_email(email)
    current = await find_person(session, account, person_id=registration.person_id)
    if current.email == address:
        return current
    await ensure_may_register(session, account, place, address)
    person = await upsert_person(session, account, email=address)
    repository = RegistrationRepository(session, account.id)
    held = await repository.of_person(conference.id, person.id, include_revoked=True)
    if held is not None:
        removed = " (removed: register them again instead)" if held.revoked_at else ""
        raise Conflict(f"{address} already has a registration for this conference{removed}")
    mark_participant(person)
    registration.person_id = person.id
    registration.enter_seed = new_enter_seed()
    await session.flush()
    await _announce(session, RegistrationUpdated, registration, person, changed=["person"])
    return person


async def status(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    *,
    email: str | None = None,
    person_id: str | None = None,
) -> bool:
    """Whether the person is registered for the conference (see the module doc)."""
    conference = await get_conference(session, account, conference_id)
    person = await find_person(session, account, email=email, person_id=person_id)
    covering = [c for c in (conference.id, conference.parent_id, conference.series_id) if c]
    found = await RegistrationRepository(session, account.id).any_of(covering, person.id)
    return found is not None


async def list_registrations(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    query: RegistrationQuery,
    page: PageRequest,
) -> tuple[Conference, Page[tuple[Registration, Person]]]:
    conference = await get_conference(session, account, conference_id)
    if query.email is not None:
        query = query.model_copy(update={"email": normalize_email(query.email)})
    rows, total = await RegistrationRepository(session, account.id).search(
        conference.id, query, page
    )
    return conference, Page(items=rows, request=page, total=total)


async def list_channel_registrations(
    session: AsyncSession,
    account: Account,
    channel_id: str,
    query: RegistrationQuery,
    page: PageRequest,
) -> tuple[Channel, Page[tuple[Registration, Person, Conference]]]:
    """Registrations for every conference of a channel (id or URL), by registration time."""
    channel = await get_channel(session, account, channel_id)
    if query.email is not None:
        query = query.model_copy(update={"email": normalize_email(query.email)})
    rows, total = await RegistrationRepository(session, account.id).search_channel(
        channel.id, query, page
    )
    return channel, Page(items=rows, request=page, total=total)


async def registered_conference_ids(
    session: AsyncSession, account: Account, channel_id: str, email: str, page: PageRequest
) -> Page[str]:
    """Ids of the channel's conferences the person registered for; none for an
    address the account does not know."""
    channel = await get_channel(session, account, channel_id)
    try:
        person = await find_person(session, account, email=email)
    except PersonNotFound:
        return Page(items=[], request=page, total=0)
    ids, total = await RegistrationRepository(session, account.id).conference_ids_of(
        person.id, channel.id, page
    )
    return Page(items=ids, request=page, total=total)
