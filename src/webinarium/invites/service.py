"""Invitations: a person registered for a conference and given a signed,
expiring link into it (Boomstream's ``invite``), and the check the room makes
when the link is used.

The token is a JWT (HS256) with the claims

    iss "webinarium", aud "webinarium:invite", iat, exp,
    sub  the registration's id,   acc  the account's id,
    cnf  the conference's id,     pid  the person's id,
    fpr  a fingerprint of the registration's enter seed,
    mod  whether the person was invited as a moderator.

It is signed with a key derived from the server's secret key
(`signing_key`), so it cannot be made or changed without it. `verify` accepts
a token only while it is unexpired *and* its registration is still in force
for that person and conference: revoking the registration, deleting it (or its
conference) or giving it to someone else ends every token issued for it, and a
re-activated registration has a new enter token, so tokens of before the
revocation stay dead.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.service import Venue
from webinarium.accounts.errors import AccountNotFound
from webinarium.accounts.service import get_account
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.schemas import settings_of
from webinarium.conferences.service import get_conference
from webinarium.invites.errors import InviteExpired, InviteInvalid, InviteRevoked
from webinarium.invites.schemas import InviteInput
from webinarium.kit.security import derived_key
from webinarium.kit.time import utcnow
from webinarium.kit.urls import web_url
from webinarium.messaging.compose import letter_facts, mail_language
from webinarium.messaging.service import Letter, queue_mail
from webinarium.models import Account, Conference, Person, Registration
from webinarium.moderators.service import (
    make_conference_moderator,
    moderators_of,
    release_conference_moderator,
)
from webinarium.people.errors import PersonNotFound
from webinarium.people.names import split_full_name
from webinarium.people.service import fetch_avatar, find_person, upsert_person
from webinarium.registrations.errors import RegistrationNotFound
from webinarium.registrations.schemas import RegistrantInput
from webinarium.registrations.service import get_registration, register_at, revoke, transfer
from webinarium.settings import Settings

ISSUER = "webinarium"
AUDIENCE = "webinarium:invite"
ALGORITHM = "HS256"
_KEY_LABEL = b"webinarium/invite-token/v1"


@dataclass(frozen=True)
class Invitation:
    registration: Registration
    person: Person
    conference: Conference
    moderator: bool
    token: str
    expires_at: datetime
    # Asked to tell the person by e-mail: the invitation mail with the invite
    # link was queued (`mail_invitation`).
    notify: bool


@dataclass(frozen=True)
class InviteGrant:
    """A token that `verify` accepted: who may enter where, until when."""

    account: Account
    conference: Conference
    registration: Registration
    person: Person
    moderator: bool
    expires_at: datetime


def signing_key(secret_key: str) -> bytes:
    """The HS256 key of invite tokens (`kit.security.derived_key`)."""
    return derived_key(secret_key, _KEY_LABEL)


def _fingerprint(registration: Registration) -> str:
    return hashlib.sha256(registration.enter_seed.encode()).hexdigest()[:16]


def issue_token(
    secret_key: str, registration: Registration, *, moderator: bool, lifetime_seconds: int
) -> tuple[str, datetime]:
    """A token for the registration's person and conference, and when it expires."""
    now = utcnow().replace(microsecond=0)
    expires_at = now + timedelta(seconds=lifetime_seconds)
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
        "sub": registration.id,
        "acc": registration.account_id,
        "cnf": registration.conference_id,
        "pid": registration.person_id,
        "fpr": _fingerprint(registration),
        "mod": moderator,
    }
    return jwt.encode(claims, signing_key(secret_key), algorithm=ALGORITHM), expires_at


def invite_link(base_url: str, token: str) -> str:
    """The page a token opens (``GET /invite?jwt=…``, see api/invites.py)."""
    return f"{base_url}/invite?jwt={token}"


async def invite(
    session: AsyncSession,
    account: Account,
    settings: Settings,
    place: Venue,
    draft: InviteInput,
) -> Invitation:
    """Registers the person for the conference (``place``, see
    `access.service.venue_by_code`) (or updates their registration;
    a revoked one is re-activated), applies the name and the moderator role,
    and issues a token; with ``notify``, mails the invite link after the
    commit. Every registration rule applies (block and allow lists)."""
    avatar = web_url(draft.avatar_url, "avatarUrl")
    first = last = None
    if draft.name is not None and draft.name.strip():
        first, last = split_full_name(draft.name)
    registered = await register_at(
        session,
        account,
        place,
        RegistrantInput(email=draft.email, first_name=first, last_name=last),
        update_existing=True,
    )
    conference, person = registered.conference, registered.person
    if avatar is not None:
        await fetch_avatar(session, account, person, avatar)
    if draft.moderator is True:
        await make_conference_moderator(
            session,
            account,
            conference.id,
            person,
            # The invitation mail below carries the invite link, which opens
            # the room as moderator: a presenter-link invitation too would be
            # a second mail for one invitation.
            send_invite=False,
            photo_url=avatar,
        )
    elif draft.moderator is False:
        await release_conference_moderator(session, account, conference.id, person)
    moderator = await is_moderator(session, account, conference, person)
    token, expires_at = issue_token(
        settings.secret_key,
        registered.registration,
        moderator=moderator,
        lifetime_seconds=draft.lifetime_seconds,
    )
    invitation = Invitation(
        registration=registered.registration,
        person=person,
        conference=conference,
        moderator=moderator,
        token=token,
        expires_at=expires_at,
        notify=bool(draft.notify),
    )
    if invitation.notify:
        await mail_invitation(session, account, settings, invitation)
    return invitation


async def mail_invitation(
    session: AsyncSession, account: Account, settings: Settings, invitation: Invitation
) -> None:
    """The invitation by e-mail, sent after the commit (`messaging.queue_mail`).
    Queued here, not from an event: its link carries the token, which no event
    (the feed, webhooks) may carry, and which cannot be issued again the same."""
    conference, person = invitation.conference, invitation.person
    language = mail_language(settings_of(conference).display_language)
    role = "moderator" if invitation.moderator else "participant"
    link = invite_link(settings.base_url, invitation.token)
    letter = Letter(
        kind="invitation",
        language=language,
        to_address=person.email,
        facts=letter_facts(account, conference, person, language, enter_url=link, role=role),
        conference_id=conference.id,
        person_id=person.id,
        registration_id=invitation.registration.id,
    )
    await queue_mail(session, account, settings, letter, utcnow())


async def is_moderator(
    session: AsyncSession, account: Account, conference: Conference, person: Person
) -> bool:
    return person in await moderators_of(session, account, conference)


async def verify(session: AsyncSession, secret_key: str, token: str) -> InviteGrant:
    """The grant a token gives, or `InviteInvalid` (not a genuine token),
    `InviteExpired`, `InviteRevoked` (no longer in force)."""
    try:
        claims = jwt.decode(
            token.strip(),
            signing_key(secret_key),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise InviteExpired("this invitation has expired") from None
    except jwt.InvalidTokenError:
        raise InviteInvalid("this is not a valid invitation") from None
    withdrawn = InviteRevoked("this invitation has been withdrawn")
    try:
        account = await get_account(session, str(claims.get("acc", "")))
        registration = await get_registration(session, account, str(claims["sub"]))
        conference = await get_conference(session, account, registration.conference_id)
        person = await find_person(session, account, person_id=registration.person_id)
    except (AccountNotFound, RegistrationNotFound, ConferenceNotFound, PersonNotFound):
        raise withdrawn from None
    if (
        registration.revoked_at is not None
        or registration.conference_id != claims.get("cnf")
        or registration.person_id != claims.get("pid")
        or not hmac.compare_digest(_fingerprint(registration), str(claims.get("fpr", "")))
    ):
        raise withdrawn
    return InviteGrant(
        account=account,
        conference=conference,
        registration=registration,
        person=person,
        moderator=await is_moderator(session, account, conference, person),
        expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=utcnow().tzinfo),
    )


async def update_invitee(
    session: AsyncSession,
    account: Account,
    registration: Registration,
    *,
    email: str | None = None,
    name: str | None = None,
    moderator: bool | None = None,
) -> Person:
    """Changes an invitation: ``email`` gives it to the account's person with
    that address (see `registrations.service.transfer`; their moderator role at
    the conference goes with it unless ``moderator`` says otherwise), ``name``
    renames the person, ``moderator`` grants or takes the role. A revoked
    invitation is refused: invite the person again instead."""
    if registration.revoked_at is not None:
        raise InviteRevoked("this client was deleted: invite them again to restore access")
    conference = await get_conference(session, account, registration.conference_id)
    person = await find_person(session, account, person_id=registration.person_id)
    if email is not None and email.strip():
        was_moderator = await is_moderator(session, account, conference, person)
        previous = person
        person = await transfer(session, account, registration, email)
        if person.id != previous.id:
            await release_conference_moderator(session, account, conference.id, previous)
            if moderator is None and was_moderator:
                moderator = True
    if name is not None and name.strip():
        first, last = split_full_name(name)
        person = await upsert_person(
            session, account, email=person.email, first_name=first, last_name=last
        )
    if moderator is True:
        await make_conference_moderator(session, account, conference.id, person, send_invite=False)
    elif moderator is False:
        await release_conference_moderator(session, account, conference.id, person)
    return person


async def withdraw(session: AsyncSession, account: Account, registration: Registration) -> None:
    """Ends the invitation but keeps its record: the registration is revoked
    (every token and the enter link stop working) and the person's moderator
    role at the conference goes."""
    person = await find_person(session, account, person_id=registration.person_id)
    await revoke(session, account, registration)
    await release_conference_moderator(session, account, registration.conference_id, person)
