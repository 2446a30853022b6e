"""The registration webhook: an incoming URL that registers people posted to it,
open while the conference's ``enable_create_webinar_reg_webhook`` is on
(BigMarker's "whether the webinar can accept new registrations via webhook").

The URL carries a link token (`kit.security.link_token`) naming the account
and the conference, signed under a key derived from the server's secret key
for this purpose alone: it needs no API key, cannot be made without the
secret, and opens no other conference. Its seed is the conference's id until
the organiser replaces the URL (`replace_registration_webhook`: a random seed,
the old URL stops); switching the hook off refuses it (docs/webhooks.md).
"""

from __future__ import annotations

import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import row_of_link_token
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.schemas import settings_of
from webinarium.conferences.service import get_conference
from webinarium.kit.errors import DomainError
from webinarium.kit.security import link_token
from webinarium.kit.tenancy import ensure_owned
from webinarium.models import Account, Conference

REGISTRATION_WEBHOOK = "registration-webhook"


class RegistrationWebhookOff(DomainError):
    """The conference does not accept registrations by webhook (its switch is off)."""

    code = "registration_webhook_off"


def registration_webhook_token(secret_key: str, conference: Conference) -> str:
    """The token of the conference's registration webhook URL (the BigMarker
    dialect serves it: ``registrations_webhook``), whether its switch is on or not."""
    seed = conference.registration_webhook_seed or conference.id
    return link_token(secret_key, REGISTRATION_WEBHOOK, conference.account_id, conference.id, seed)


async def replace_registration_webhook(
    session: AsyncSession, account: Account, conference: Conference
) -> None:
    """Gives the conference a new registration webhook URL; the old one is refused
    from then on (a URL that leaked)."""
    ensure_owned(account, conference)
    conference.registration_webhook_seed = secrets.token_urlsafe(32)
    await session.flush()


def accepts_registration_webhook(account: Account, conference: Conference) -> bool:
    ensure_owned(account, conference)
    return settings_of(conference).enable_create_webinar_reg_webhook


async def conference_for_registration_webhook(
    session: AsyncSession, secret_key: str, token: str
) -> tuple[Account, Conference]:
    """The account and conference a registration webhook URL's token names,
    `ConferenceNotFound` for a token that is not one (altered, another
    conference's, its conference deleted), `RegistrationWebhookOff` while the
    conference does not accept registrations by webhook."""
    account, conference = await row_of_link_token(
        session,
        token,
        lambda account, conference_id: get_conference(session, account, conference_id),
        lambda conference: registration_webhook_token(secret_key, conference),
        ConferenceNotFound("this registration webhook URL is not valid"),
    )
    if not accepts_registration_webhook(account, conference):
        raise RegistrationWebhookOff(
            "This webinar does not accept registrations by webhook"
            " (enable_create_webinar_reg_webhook is off)."
        )
    return account, conference
