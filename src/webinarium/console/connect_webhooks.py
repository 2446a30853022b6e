"""Connect: webhook endpoints (owner and admin only), over `webhooks.endpoints`
and `webhooks.deliveries`, the same rules as the native API's.

An endpoint's secret is shown on the page answering its creation and each
rotation only (never in a redirect or a notice)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from webinarium.api.deps import ReadSession, Session
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.console.auth import (
    AdminConsole,
    ConsoleContext,
    ConsoleForm,
    ReadAdminConsole,
    admin_console_router,
    recorded,
    render_console,
    see_other,
)
from webinarium.console.connect import now_of
from webinarium.events.types import EVENT_TYPES
from webinarium.models import WebhookEndpoint
from webinarium.webhooks import deliveries, endpoints
from webinarium.webhooks.errors import InvalidWebhookUrl, UnknownEventType
from webinarium.webhooks.schemas import EndpointChange, EndpointInput

router = admin_console_router()
BASE = "/console/connect/webhooks"
# Deliveries shown on an endpoint's page (newest first).
DELIVERIES_SHOWN = 50
# What of a response body the page shows.
RESPONSE_SHOWN = 500
EVENT_NAMES = sorted(EVENT_TYPES)


def _typed(form: FormData) -> dict[str, object]:
    """The endpoint form as typed: url, "all" or the checked event types, conference."""
    return {
        "url": str(form.get("url") or "").strip(),
        "all_events": form.get("all_events") == "1",
        "event_types": [str(name) for name in form.getlist("event_types")],
        "conference_id": str(form.get("conference_id") or "").strip(),
    }


def _change(typed: dict[str, object], model: type[EndpointChange]) -> EndpointChange:
    event_types = typed["event_types"]
    return model.model_validate(
        {
            "url": typed["url"],
            "event_types": "all" if typed["all_events"] else event_types,
            "conference_id": typed["conference_id"] or None,
        }
    )


def _form_errors(error: Exception) -> dict[str, str]:
    if isinstance(error, ValidationError):
        return {"url": "The URL is too long"}
    if isinstance(error, InvalidWebhookUrl):
        return {"url": "Enter an http:// or https:// URL"}
    if isinstance(error, UnknownEventType):
        return {"event_types": "Choose “All events” or at least one event type"}
    return {"conference_id": "No webinar of this account has this ID"}


_REFUSALS = (ValidationError, InvalidWebhookUrl, UnknownEventType, ConferenceNotFound)


async def _list_page(
    request: Request,
    console: ConsoleContext,
    session: ReadSession | Session,
    typed: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    account = console.account
    page = await endpoints.list_endpoints(session, account, None, 200)
    attempts = await endpoints.last_attempts(session, account, page.items)
    rows = [(endpoint, attempts.get(endpoint.id)) for endpoint in page.items]
    context = {
        "rows": rows,
        "event_names": EVENT_NAMES,
        "typed": typed or {"url": "", "all_events": True, "event_types": [], "conference_id": ""},
        "errors": errors or {},
    }
    status = 400 if errors else 200
    return render_console(request, console, "console/connect_webhooks.html", context, status=status)


@router.get("/connect/webhooks", name="console_webhooks")
async def webhooks(
    request: Request, console: ReadAdminConsole, session: ReadSession
) -> HTMLResponse:
    return await _list_page(request, console, session)


@router.post("/connect/webhooks", name="console_webhooks_create")
async def create_webhook(
    request: Request, console: AdminConsole, session: Session, form: ConsoleForm
) -> HTMLResponse:
    typed = _typed(form)
    try:
        given = _change(typed, EndpointInput)
        assert isinstance(given, EndpointInput)
        endpoint = await endpoints.create_endpoint(session, console.account, given)
    except _REFUSALS as error:
        return await _list_page(request, console, session, typed, _form_errors(error))
    await console.record(
        session,
        "webhook_endpoint.created",
        f"Added the webhook endpoint {endpoint.url}",
        subject_type="webhook_endpoint",
        subject_id=endpoint.id,
    )
    return await _endpoint_page(request, console, session, endpoint, secret=endpoint.secret)


async def _endpoint_page(
    request: Request,
    console: ConsoleContext,
    session: ReadSession | Session,
    endpoint: WebhookEndpoint,
    *,
    secret: str | None = None,
    typed: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    page = await deliveries.list_deliveries(
        session, console.account, endpoint, None, DELIVERIES_SHOWN
    )
    context = {
        "endpoint": endpoint,
        "deliveries": page.items,
        "more_deliveries": page.next_after is not None,
        "secret": secret,
        "event_names": EVENT_NAMES,
        "response_shown": RESPONSE_SHOWN,
        "typed": typed
        or {
            "url": endpoint.url,
            "all_events": endpoint.event_types is None,
            "event_types": endpoint.event_types or [],
            "conference_id": endpoint.conference_id or "",
        },
        "errors": errors or {},
    }
    status = 400 if errors else 200
    return render_console(request, console, "console/connect_webhook.html", context, status=status)


@router.get("/connect/webhooks/{endpoint_id}", name="console_webhook")
async def webhook(
    endpoint_id: str, request: Request, console: ReadAdminConsole, session: ReadSession
) -> HTMLResponse:
    endpoint = await endpoints.get_endpoint(session, console.account, endpoint_id)
    return await _endpoint_page(request, console, session, endpoint)


@router.post("/connect/webhooks/{endpoint_id}", name="console_webhook_update")
async def update_webhook(
    endpoint_id: str, request: Request, console: AdminConsole, session: Session, form: ConsoleForm
) -> Response:
    endpoint = await endpoints.get_endpoint(session, console.account, endpoint_id)
    typed = _typed(form)
    try:
        change = _change(typed, EndpointChange)
        # Checked before anything changes, so a refusal leaves the row as it was.
        await endpoints.update_endpoint(session, console.account, endpoint, change, now_of(request))
    except _REFUSALS as error:
        await session.refresh(endpoint)
        return await _endpoint_page(
            request, console, session, endpoint, typed=typed, errors=_form_errors(error)
        )
    return await recorded(
        session,
        console,
        "webhook_endpoint.updated",
        f"Changed the webhook endpoint {endpoint.url}",
        subject=("webhook_endpoint", endpoint.id),
        then=f"{BASE}/{endpoint.id}",
        notice="Endpoint saved",
    )


async def _changed(
    console: ConsoleContext, session: Session, endpoint: WebhookEndpoint, action: str, summary: str
) -> None:
    await console.record(
        session,
        f"webhook_endpoint.{action}",
        f"{summary} {endpoint.url}",
        subject_type="webhook_endpoint",
        subject_id=endpoint.id,
    )


@router.post("/connect/webhooks/{endpoint_id}/test", name="console_webhook_test")
async def test_webhook(
    endpoint_id: str, request: Request, console: AdminConsole, session: Session, form: ConsoleForm
) -> RedirectResponse:
    endpoint = await endpoints.get_endpoint(session, console.account, endpoint_id)
    deliveries.queue_test(session, endpoint, now_of(request))
    await session.flush()
    await _changed(console, session, endpoint, "tested", "Sent a test message to")
    return see_other(f"{BASE}/{endpoint.id}", "Test message queued")


@router.post(
    "/connect/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    name="console_webhook_redeliver",
)
async def redeliver(
    endpoint_id: str, delivery_id: str, console: AdminConsole, session: Session, form: ConsoleForm
) -> RedirectResponse:
    endpoint = await endpoints.get_endpoint(session, console.account, endpoint_id)
    await deliveries.redeliver(session, console.account, delivery_id, endpoint)
    await _changed(console, session, endpoint, "redelivered", "Sent a delivery again to")
    return see_other(f"{BASE}/{endpoint.id}", "Delivery queued again")


@router.post("/connect/webhooks/{endpoint_id}/rotate", name="console_webhook_rotate")
async def rotate(
    endpoint_id: str, request: Request, console: AdminConsole, session: Session, form: ConsoleForm
) -> HTMLResponse:
    endpoint = await endpoints.get_endpoint(session, console.account, endpoint_id)
    await endpoints.rotate_secret(session, console.account, endpoint, now_of(request))
    await _changed(console, session, endpoint, "secret_rotated", "Rotated the secret of")
    return await _endpoint_page(request, console, session, endpoint, secret=endpoint.secret)


@router.post("/connect/webhooks/{endpoint_id}/enabled", name="console_webhook_enabled")
async def set_enabled(
    endpoint_id: str, request: Request, console: AdminConsole, session: Session, form: ConsoleForm
) -> RedirectResponse:
    endpoint = await endpoints.get_endpoint(session, console.account, endpoint_id)
    enabled = form.get("enabled") == "1"
    change = EndpointChange(enabled=enabled)
    await endpoints.update_endpoint(session, console.account, endpoint, change, now_of(request))
    action, summary = ("enabled", "Enabled") if enabled else ("disabled", "Disabled")
    await _changed(console, session, endpoint, action, summary)
    return see_other(f"{BASE}/{endpoint.id}", f"Endpoint {action}")


@router.post("/connect/webhooks/{endpoint_id}/delete", name="console_webhook_delete")
async def delete(
    endpoint_id: str, console: AdminConsole, session: Session, form: ConsoleForm
) -> RedirectResponse:
    endpoint = await endpoints.get_endpoint(session, console.account, endpoint_id)
    await _changed(console, session, endpoint, "deleted", "Deleted the webhook endpoint")
    await endpoints.delete_endpoint(session, console.account, endpoint)
    return see_other(BASE, "Endpoint deleted")
