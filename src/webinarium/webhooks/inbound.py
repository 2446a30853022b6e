"""The registration webhook: an incoming URL that registers people posted to it,
open while the conference's ``enable_create_webinar_reg_webhook`` is on
(BigMarker's "whether the webinar can accept new registrations via webhook").

The URL carries a link token (`kit.security.link_token`) naming the account
and the conference, signed under a key derived from the server's secret key
for this purpose alone: it needs no API key, cannot be made without the
secret, and opens no other conference. The conference's id is the token's
seed, so the URL stays the same while the server's secret key does; switching
the hook off refuses it (docs/webhooks-bigmarker.md).
"""

from __future__ import annotations

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
    return link_token(
        secret_key, REGISTRATION_WEBHOOK, conference.account_id, conference.id, conference.id
    )


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
