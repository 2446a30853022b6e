"""Connect: the account's e-mail templates (owner and admin only), over
`messaging.templates_store`: each kind of mail per language, edited from the
built-in source, previewed with sample facts (the HTML in a sandboxed iframe),
saved once it renders, sent as a test to the signed-in user, reset."""

from __future__ import annotations

from typing import cast

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from webinarium.api.deps import ReadSession, Session
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
from webinarium.console.connect import now_of, settings_of
from webinarium.kit.errors import NotFound
from webinarium.messaging import templates_store
from webinarium.messaging.compose import Language, MailKind, Rendered, TemplateSource
from webinarium.messaging.service import Letter, queue_mail
from webinarium.models import MailState

router = admin_console_router()
BASE = "/console/connect/emails"


class MailKindNotFound(NotFound):
    code = "mail_kind_not_found"


def _kind(kind: str) -> MailKind:
    if not templates_store.is_kind(kind):
        raise MailKindNotFound("There is no such kind of mail")
    return cast(MailKind, kind)


def _language(value: object) -> Language:
    return "ru" if value == "ru" else "en"


@router.get("/connect/emails", name="console_emails")
async def emails(request: Request, console: ReadAdminConsole, session: ReadSession) -> HTMLResponse:
    own = {
        (row.kind, row.language): row
        for row in await templates_store.list_overrides(session, console.account)
    }
    context = {
        "kinds": templates_store.KIND_LABELS,
        "languages": templates_store.LANGUAGES,
        "own": own,
    }
    return render_console(request, console, "console/connect_emails.html", context)


def _editor(
    request: Request,
    console: ConsoleContext,
    kind: MailKind,
    language: Language,
    source: TemplateSource,
    *,
    customised: bool,
    preview: Rendered | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    context = {
        "kind": kind,
        "kind_label": templates_store.KIND_LABELS[kind],
        "language": language,
        "languages": templates_store.LANGUAGES,
        "source": source,
        "customised": customised,
        "preview": preview,
        "errors": errors or {},
    }
    status = 400 if errors else 200
    return render_console(request, console, "console/connect_email.html", context, status=status)


@router.get("/connect/emails/{kind}", name="console_email")
async def email(
    kind: str, request: Request, console: ReadAdminConsole, session: ReadSession
) -> HTMLResponse:
    mail_kind = _kind(kind)
    language = _language(request.query_params.get("language"))
    source, customised = await templates_store.source_for_editing(
        session, console.account, mail_kind, language
    )
    return _editor(request, console, mail_kind, language, source, customised=customised)


@router.post("/connect/emails/{kind}", name="console_email_save")
async def save_email(
    kind: str, request: Request, console: AdminConsole, session: Session, form: ConsoleForm
) -> Response:
    """One form, three buttons: ``action`` preview (nothing kept), save, test
    (the saved template, mailed to the signed-in user with sample facts)."""
    mail_kind = _kind(kind)
    language = _language(form.get("language"))
    account = console.account
    action = form.get("action")
    here = f"{BASE}/{mail_kind}?language={language}"
    label = templates_store.KIND_LABELS[mail_kind]
    if action == "test":
        facts = templates_store.sample_facts(mail_kind, language, account, console.user.name)
        letter = Letter(
            kind=mail_kind, language=language, to_address=console.user.email, facts=facts
        )
        mail = await queue_mail(session, account, settings_of(request), letter, now_of(request))
        await console.record(
            session,
            "mail.test_sent",
            f"Sent a test of “{label}” ({language}) to {mail.to_address}",
            subject_type="mail",
            subject_id=mail.id,
        )
        if mail.state == MailState.SUPPRESSED:
            return see_other(here, f"{mail.to_address} is on the suppression list: not sent")
        return see_other(here, f"Test mail queued to {mail.to_address}")
    customised = await templates_store.override_of(session, account, mail_kind, language)
    source = TemplateSource(
        subject=str(form.get("subject") or ""),
        text=str(form.get("text") or ""),
        html=str(form.get("html") or ""),
    )
    try:
        if action == "save":
            await templates_store.save_override(
                session, account, mail_kind, language, source, now_of(request)
            )
        else:
            preview = templates_store.check_source(mail_kind, language, source, account)
            return _editor(
                request,
                console,
                mail_kind,
                language,
                source,
                customised=customised is not None,
                preview=preview,
            )
    except templates_store.TemplateInvalid as invalid:
        return _editor(
            request,
            console,
            mail_kind,
            language,
            source,
            customised=customised is not None,
            errors=invalid.errors,
        )
    return await recorded(
        session,
        console,
        "mail_template.saved",
        f"Saved the template “{label}” ({language})",
        subject=("mail_template", f"{mail_kind}/{language}"),
        then=here,
        notice="Template saved",
    )


@router.post("/connect/emails/{kind}/reset", name="console_email_reset")
async def reset_email(
    kind: str, console: AdminConsole, session: Session, form: ConsoleForm
) -> RedirectResponse:
    mail_kind = _kind(kind)
    language = _language(form.get("language"))
    label = templates_store.KIND_LABELS[mail_kind]
    if await templates_store.reset_override(session, console.account, mail_kind, language):
        await console.record(
            session,
            "mail_template.reset",
            f"Reset the template “{label}” ({language}) to the default",
            subject_type="mail_template",
            subject_id=f"{mail_kind}/{language}",
        )
    return see_other(f"{BASE}/{mail_kind}?language={language}", "Template reset to the default")
