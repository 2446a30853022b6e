"""The audit log (/console/audit, owners and admins): every change made through
the console, newest first, 50 a page, filtered by user or action."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from webinarium.accounts import audit, people
from webinarium.api.deps import ReadSession
from webinarium.console.auth import ReadAdminConsole, admin_console_router, render_console
from webinarium.pages.times import shown_time

router = admin_console_router()


@router.get("/audit", name="console_audit")
async def show(
    request: Request,
    console: ReadAdminConsole,
    session: ReadSession,
    user: str = "",
    action: str = "",
    page: str = "1",
) -> HTMLResponse:
    # A page number typed by hand that is not one: the first page, not an error.
    number = int(page) if page.isdigit() else 1
    found = await audit.list_entries(
        session, console.account.id, user_id=user, action=action, page=number
    )
    users = [
        (m.user.id, f"{m.user.name} <{m.user.email}>")
        for m in await people.list_people(session, console.account.id)
    ]
    entries = [
        {
            "when": shown_time(e.created_at, console.account.time_zone),
            "who": e.user_email,
            "action": e.action,
            "summary": e.summary,
            "conference_id": e.subject_id if e.subject_type == "conference" else None,
            "subject": f"{e.subject_type} {e.subject_id}"
            if e.subject_type and e.subject_id
            else "",
        }
        for e in found.entries
    ]
    context = {
        "entries": entries,
        "page": found.page,
        "has_next": found.has_next,
        "filters": {"user": user, "action": action},
        "users": [("", "Everyone"), *users],
        "actions": [("", "Every action")]
        + [(a, a) for a in await audit.actions_of(session, console.account.id)],
    }
    return render_console(request, console, "console/audit.html", context)
