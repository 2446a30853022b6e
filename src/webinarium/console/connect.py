"""Connect (owner and admin only): the index, API keys and the SMTP status.
Webhook endpoints are in `connect_webhooks`, e-mail templates in
`connect_emails`.

A new API key's plain text is shown once, on the page that answers its POST
(never in a redirect or a notice): it is stored hashed and cannot be shown
again."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from webinarium.accounts import service as accounts
from webinarium.api.deps import ReadSession, Session
from webinarium.console.auth import (
    AdminConsole,
    ConsoleContext,
    ConsoleForm,
    ReadAdminConsole,
    admin_console_router,
    recorded,
    render_console,
)
from webinarium.messaging import service as messaging
from webinarium.messaging import smtp, templates_store
from webinarium.models import MailState
from webinarium.settings import Settings
from webinarium.webhooks import endpoints

router = admin_console_router()
KEY_NAME_MAX = 200


def now_of(request: Request) -> datetime:
    """The app's clock (the worker's too), so tests can move it."""
    now: datetime = request.app.state.clock.now()
    return now


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("/connect", name="console_connect")
async def connect_index(
    request: Request, console: ReadAdminConsole, session: ReadSession
) -> HTMLResponse:
    account = console.account
    keys = await accounts.list_api_keys(session, account)
    page = await endpoints.list_endpoints(session, account, None, 200)
    overrides = await templates_store.list_overrides(session, account)
    context = {
        "active_keys": sum(1 for key in keys if key.revoked_at is None),
        "endpoints": len(page.items),
        "overrides": len(overrides),
        "smtp_configured": bool(settings_of(request).smtp_url),
    }
    return render_console(request, console, "console/connect.html", context)


async def _keys_page(
    request: Request,
    console: ConsoleContext,
    session: ReadSession | Session,
    *,
    issued: accounts.IssuedKey | None = None,
    name: str = "",
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    keys = await accounts.list_api_keys(session, console.account)
    context = {"keys": keys, "issued": issued, "name": name, "errors": errors or {}}
    status = 400 if errors else 200
    return render_console(request, console, "console/connect_api_keys.html", context, status=status)


@router.get("/connect/api-keys", name="console_api_keys")
async def api_keys(
    request: Request, console: ReadAdminConsole, session: ReadSession
) -> HTMLResponse:
    return await _keys_page(request, console, session)


@router.post("/connect/api-keys", name="console_api_keys_create")
async def create_api_key(
    request: Request, console: AdminConsole, session: Session, form: ConsoleForm
) -> HTMLResponse:
    name = str(form.get("name") or "").strip()
    if not name or len(name) > KEY_NAME_MAX:
        error = "Give the key a name" if not name else f"At most {KEY_NAME_MAX} characters"
        return await _keys_page(request, console, session, name=name, errors={"name": error})
    issued = await accounts.create_api_key(session, console.account, name=name)
    await console.record(
        session,
        "api_key.created",
        f"Created the API key “{name}” ({issued.key.prefix}…)",
        subject_type="api_key",
        subject_id=issued.key.id,
    )
    return await _keys_page(request, console, session, issued=issued)


@router.post("/connect/api-keys/{key_id}/revoke", name="console_api_keys_revoke")
async def revoke_api_key(
    key_id: str, console: AdminConsole, session: Session, form: ConsoleForm
) -> RedirectResponse:
    key = await accounts.revoke_api_key(session, console.account, key_id)
    return await recorded(
        session,
        console,
        "api_key.revoked",
        f"Revoked the API key “{key.name}” ({key.prefix}…)",
        subject=("api_key", key.id),
        then="/console/connect/api-keys",
        notice=f"API key “{key.name}” revoked",
    )


async def _smtp_page(
    request: Request,
    console: ConsoleContext,
    session: ReadSession,
    check: smtp.Delivery | None = None,
) -> HTMLResponse:
    settings = settings_of(request)
    server = smtp.smtp_server(settings.smtp_url) if settings.smtp_url else None
    health = await messaging.mail_health(session, console.account, now_of(request))
    context = {
        "server": server,
        "dev_mailbox": settings.environment != "production",
        "timeout": settings.smtp_timeout_seconds,
        "mail_from": settings.mail_from,
        "counts": health.counts,
        "states": list(MailState),
        "last_failure": health.last_failure,
        "window_hours": int(messaging.HEALTH_WINDOW.total_seconds() // 3600),
        "check": check,
        "check_ok": isinstance(check, smtp.Sent),
    }
    return render_console(request, console, "console/connect_smtp.html", context)


@router.get("/connect/smtp", name="console_smtp")
async def smtp_status(
    request: Request, console: ReadAdminConsole, session: ReadSession, check: bool = False
) -> HTMLResponse:
    """With ``?check=1`` ("Check connection", a GET: it changes nothing) the
    server is connected to and greeted first. The read-only unit is held
    meanwhile (the console's context comes with it), bounded by the SMTP
    timeout; a read-write unit would hold up every writer on SQLite."""
    settings = settings_of(request)
    result: smtp.Delivery | None = None
    if check and settings.smtp_url:
        server = smtp.smtp_server(settings.smtp_url)
        result = await smtp.check_connection(server, settings.smtp_timeout_seconds)
    return await _smtp_page(request, console, session, result)
