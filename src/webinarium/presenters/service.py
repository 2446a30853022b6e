"""Presenters. Services flush; the caller commits.

A presenter is a person of the account (found by e-mail, or created when the
names are given) presenting at one conference. Presenters belong to the
conference they were added to: a recurring webinar's parent and its sessions,
or a series and its sessions, each have their own.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import row_of_link_token
from webinarium.channels.service import get_channel, subscribe
from webinarium.conferences.service import get_conference
from webinarium.events.outbox import emit
from webinarium.events.types import PresenterAdded, PresenterEvent, PresenterRemoved
from webinarium.kit.pagination import PageRequest
from webinarium.kit.security import link_token
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.urls import web_url
from webinarium.models import Account, Conference, Presenter
from webinarium.moderators.repository import ModeratorRepository
from webinarium.moderators.rights import is_primary
from webinarium.people.errors import PersonNotFound
from webinarium.people.names import full_name
from webinarium.people.service import find_person, normalize_email, upsert_person
from webinarium.presenters.errors import (
    PresenterExists,
    PresenterNamesRequired,
    PresenterNotFound,
)
from webinarium.presenters.repository import PresenterRepository
from webinarium.presenters.schemas import (
    OPTION_NAMES,
    PresenterChanges,
    PresenterDetails,
    PresenterDraft,
    PresenterOptions,
)

_COLUMNS = ("display_name", "title", "bio", "can_manage", "is_moderator", "display_on_landing_page")


def _apply(presenter: Presenter, changes: PresenterChanges) -> None:
    for name in _COLUMNS:
        value = getattr(changes, name)
        if isinstance(value, str):
            value = value.strip()
            if name == "display_name" and not value:
                continue  # a blank display name keeps the one there is
        if value is not None:
            setattr(presenter, name, value)
    if changes.photo_url is not None:
        presenter.photo_url = web_url(changes.photo_url, "photo_url")
    options = PresenterOptions.model_validate(presenter.options or {}).model_dump()
    for name in OPTION_NAMES:
        value = getattr(changes, name, None)
        if value is not None:
            options[name] = value
    presenter.options = options


async def _moderator_of_account(
    session: AsyncSession, account: Account, details: PresenterDetails
) -> None:
    """Moderator rights at a conference make the person a moderator of the
    account, whichever dialect gave them (see `moderators.rights`)."""
    if details.presenter.is_moderator and not is_primary(account, details.person):
        await ModeratorRepository(session, account.id).ensure(details.person.id)


async def add_presenter(
    session: AsyncSession, account: Account, draft: PresenterDraft
) -> PresenterDetails:
    conference = await get_conference(session, account, draft.conference_id)
    email = normalize_email(draft.email)
    first = (draft.first_name or "").strip() or None
    last = (draft.last_name or "").strip() or None
    try:
        person = await find_person(session, account, email=email)
    except PersonNotFound:
        if first is None or last is None:
            raise PresenterNamesRequired(
                f"{email} is not known: a new presenter needs a first and a last name"
            ) from None
    repository = PresenterRepository(session, account.id)
    person = await upsert_person(session, account, email=email, first_name=first, last_name=last)
    if await repository.exists(conference.id, person.id):
        raise PresenterExists(f"{email} already presents at this conference")
    presenter = Presenter(
        account_id=account.id,
        conference_id=conference.id,
        person_id=person.id,
        display_name=full_name(person) or person.email,
        can_manage=False,
        is_moderator=False,
        display_on_landing_page=True,
        options={},
    )
    _apply(presenter, draft)
    await repository.add(presenter)
    details = PresenterDetails(presenter, person)
    await _announce(session, PresenterAdded, details)
    await _moderator_of_account(session, account, details)
    if details.options.add_to_channel_subscriber_list:
        channel = await get_channel(session, account, conference.channel_id)
        await subscribe(session, account, channel, person)
    return details


# The presenter's personal link

PRESENTER_LINK = "presenter-link"


def presenter_token(secret_key: str, presenter: Presenter) -> str:
    """The token of the presenter's personal link (`kit.security.link_token`),
    derived from the presenter's seed: the database does not hold it."""
    return link_token(
        secret_key, PRESENTER_LINK, presenter.account_id, presenter.id, presenter.link_seed
    )


def presenter_link(secret_key: str, conference_address: str, presenter: Presenter) -> str:
    """The presenter's personal link into the room: the conference's address
    with ``?presenter=<token>`` (BigMarker's ``presenter_url``, MyOwnConference's
    ``moderatorLink``). Removing the presenter ends it."""
    return f"{conference_address}?presenter={presenter_token(secret_key, presenter)}"


async def presenter_for_token(
    session: AsyncSession, secret_key: str, token: str
) -> tuple[Account, PresenterDetails]:
    """The presenter whose personal link carries ``token`` (and their account),
    or `PresenterNotFound`."""
    return await row_of_link_token(
        session,
        token,
        lambda account, presenter_id: get_presenter(session, account, presenter_id),
        lambda details: presenter_token(secret_key, details.presenter),
        PresenterNotFound("this presenter's link is not valid"),
    )


async def get_presenter(
    session: AsyncSession, account: Account, presenter_id: str
) -> PresenterDetails:
    details = await PresenterRepository(session, account.id).details(presenter_id.strip())
    if details is None:
        raise PresenterNotFound(f"presenter {presenter_id} not found")
    return details


async def update_presenter(
    session: AsyncSession, account: Account, presenter_id: str, changes: PresenterChanges
) -> PresenterDetails:
    details = await get_presenter(session, account, presenter_id)
    if changes.email is not None and normalize_email(changes.email) != details.person.email:
        # The e-mail names the presenter to update; another one's is not this presenter.
        raise PresenterNotFound(f"presenter {presenter_id} is not {changes.email.strip()}")
    _apply(details.presenter, changes)
    await session.flush()
    await _moderator_of_account(session, account, details)
    return details


async def remove_presenter(session: AsyncSession, account: Account, presenter_id: str) -> None:
    details = await get_presenter(session, account, presenter_id)
    await PresenterRepository(session, account.id).delete(details.presenter)
    await _announce(session, PresenterRemoved, details)


async def _announce(
    session: AsyncSession, event: type[PresenterEvent], details: PresenterDetails
) -> None:
    presenter = details.presenter
    await emit(
        session,
        event(
            account_id=presenter.account_id,
            presenter_id=presenter.id,
            conference_id=presenter.conference_id,
            person_id=details.person.id,
            email=details.person.email,
        ),
    )


async def list_presenters(
    session: AsyncSession, account: Account, conference_id: str
) -> tuple[Conference, list[PresenterDetails]]:
    conference = await get_conference(session, account, conference_id)
    return conference, await presenters_of(session, account, conference)


async def presenters_of(
    session: AsyncSession, account: Account, conference: Conference
) -> list[PresenterDetails]:
    """`list_presenters` of a conference the caller has loaded."""
    ensure_owned(account, conference)
    grouped = await PresenterRepository(session, account.id).of_conferences([conference.id])
    return grouped.get(conference.id, [])


async def conferences_of_presenter(
    session: AsyncSession,
    account: Account,
    person_id: str,
    channel_id: str | None,
    page: PageRequest,
) -> list[Conference]:
    """The conferences a person of the account presents at, in one channel when
    ``channel_id`` (an id or URL) is given, by start time."""
    person = await find_person(session, account, person_id=person_id)
    channel = await get_channel(session, account, channel_id) if channel_id else None
    return await PresenterRepository(session, account.id).conferences_of(
        person.id, channel.id if channel else None, page
    )
