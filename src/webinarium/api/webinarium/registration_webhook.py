"""``GET /api/webinarium/v1/conferences/{id}/registration-webhook``: the
conference's registration webhook URL (BigMarker's Show Conference has no field
for it) and whether it takes registrations; ``POST`` replaces the URL. See
docs/webhooks.md, "The registration webhook"."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.deps import ReadSession, Session
from webinarium.api.webinarium.errors import NativeRoute
from webinarium.conferences.service import get_conference
from webinarium.models import Account, Conference
from webinarium.webhooks import inbound

router = APIRouter(route_class=NativeRoute, tags=["Webinarium: Webhooks"])


class RegistrationWebhookRead(BaseModel):
    # POST a registrant here (BigMarker's register body) to register them.
    url: str
    # BigMarker's enable_create_webinar_reg_webhook: false, the URL is refused (403).
    enabled: bool


def _read(request: Request, account: Account, conference: Conference) -> RegistrationWebhookRead:
    settings = request.app.state.settings
    token = inbound.registration_webhook_token(settings.secret_key, conference)
    # The path of the route that serves it (the BigMarker dialect's).
    path = request.app.url_path_for("registrations_webhook", token=token)
    return RegistrationWebhookRead(
        url=f"{settings.base_url}{path}",
        enabled=inbound.accepts_registration_webhook(account, conference),
    )


@router.get("/conferences/{conference_id}/registration-webhook", name="native_registration_webhook")
async def registration_webhook(
    conference_id: str, request: Request, session: ReadSession, account: ReadAccount
) -> RegistrationWebhookRead:
    conference = await get_conference(session, account, conference_id)
    return _read(request, account, conference)


@router.post(
    "/conferences/{conference_id}/registration-webhook",
    name="native_registration_webhook_replace",
)
async def replace_registration_webhook(
    conference_id: str, request: Request, session: Session, account: CurrentAccount
) -> RegistrationWebhookRead:
    """A new URL; the old one is refused from now on (404, as any URL that is not one)."""
    conference = await get_conference(session, account, conference_id)
    await inbound.replace_registration_webhook(session, account, conference)
    return _read(request, account, conference)
