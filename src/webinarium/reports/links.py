"""Signed links an API hands out for a conference (`kit.signed_links`): the
transcript's download and an admin's way into the room.

Both name an admin (``bmid``): the account's own person, a presenter with
moderator rights or an admin of the conference's channel. A transcript link
may be used until it expires; an admin link once (its ``jti`` is stored in
``spent_links`` when used) and for a few minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock, admit, role_of
from webinarium.accounts.service import get_account
from webinarium.channel_admins.service import is_active_admin
from webinarium.conferences.service import get_conference
from webinarium.kit.errors import DomainError, NotFound
from webinarium.kit.signed_links import LinkRefused, read_link, sign_link
from webinarium.models import Account, Conference, Person, SpentLink
from webinarium.people.errors import PersonNotFound
from webinarium.people.service import find_person

TRANSCRIPT = "transcript"
ADMIN = "admin"
TRANSCRIPT_LIFETIME = timedelta(hours=24)
ADMIN_LIFETIME = timedelta(minutes=5)


class AdminNotFound(NotFound):
    """The ``bmid`` is no admin of the conference (or no one of the account)."""

    code = "admin_not_found"


class LinkSpent(DomainError):
    """A single-use link used a second time."""

    code = "link_spent"


@dataclass(frozen=True)
class Linked:
    """What a valid link opens."""

    account: Account
    conference: Conference
    claims: dict[str, str]


async def transcript_link(
    session: AsyncSession, account: Account, secret_key: str, conference_id: str, admin_id: str
) -> str:
    """The token of the conference's transcript download, for admin ``admin_id``."""
    conference = await get_conference(session, account, conference_id)
    await _admin(session, account, conference, admin_id)
    claims = {"acc": account.id, "cnf": conference.id}
    return sign_link(secret_key, TRANSCRIPT, claims, lifetime=TRANSCRIPT_LIFETIME)


async def admin_link(
    session: AsyncSession, account: Account, secret_key: str, conference_id: str, admin_id: str
) -> str:
    """The token of a single-use link that lets admin ``admin_id`` into the room as a host."""
    conference = await get_conference(session, account, conference_id)
    admin, _ = await _admin(session, account, conference, admin_id)
    claims = {"acc": account.id, "cnf": conference.id, "adm": admin.id}
    return sign_link(secret_key, ADMIN, claims, lifetime=ADMIN_LIFETIME)


async def open_transcript_link(session: AsyncSession, secret_key: str, token: str) -> Linked:
    return await _open(session, secret_key, TRANSCRIPT, token)


async def spend_admin_link(
    session: AsyncSession, secret_key: str, token: str
) -> tuple[Linked, Knock]:
    """What the admin link opens and who knocks, the link spent in the
    caller's transaction; a link used before is `LinkSpent`. Of two clicks at
    once, the primary key of ``spent_links`` lets one through."""
    linked = await _open(session, secret_key, ADMIN, token)
    jti = str(linked.claims["jti"])
    if await session.get(SpentLink, jti) is not None:
        raise LinkSpent("this link has been used already: ask for a new one")
    admin, moderator = await _admin(
        session, linked.account, linked.conference, str(linked.claims["adm"])
    )
    # A moderator of the webinar enters as themselves; a channel admin as the host.
    knock = Knock("moderator", admin.id) if moderator else Knock("host")
    # Spent only when it lets them in: too early or ended, the refusal's page
    # rolls the request back and the link still works while it lasts.
    await admit(session, linked.account, linked.conference, knock)
    session.add(SpentLink(jti=jti, purpose=ADMIN))
    await session.flush()
    return linked, knock


async def _open(session: AsyncSession, secret_key: str, purpose: str, token: str) -> Linked:
    claims = read_link(secret_key, purpose, token)
    account_id, conference_id = claims.get("acc"), claims.get("cnf")
    if not isinstance(account_id, str) or not isinstance(conference_id, str):
        raise LinkRefused("this link is not valid")
    try:
        account = await get_account(session, account_id)
        conference = await get_conference(session, account, conference_id)
    except NotFound:
        raise LinkRefused("this link's webinar no longer exists") from None
    return Linked(account, conference, claims)


async def _admin(
    session: AsyncSession, account: Account, conference: Conference, person_id: str
) -> tuple[Person, bool]:
    """The person ``person_id`` if they administer ``conference`` (and whether
    as one of its moderators), else `AdminNotFound`."""
    refused = AdminNotFound(f"{person_id.strip()[:40]} is not an admin of this conference")
    try:
        person = await find_person(session, account, person_id=person_id.strip())
    except PersonNotFound:
        raise refused from None
    if await role_of(session, account, conference, person) == "moderator":
        return person, True
    if not await is_active_admin(session, account, conference.channel_id, person.id):
        raise refused
    return person, False
