"""The account's people (/console/people): every user with their role,
channels and last sign-in; the owner invites, changes roles and removes
(`accounts.people`), each change written to the audit log. Admins may look."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts import people
from webinarium.api.deps import ReadSession, Session
from webinarium.channels.service import list_channels
from webinarium.console.auth import (
    ROLE_LABELS,
    AdminConsole,
    ConsoleContext,
    ConsoleForbidden,
    ConsoleForm,
    ReadAdminConsole,
    admin_console_router,
    recorded,
    render_console,
)
from webinarium.kit.errors import DomainError
from webinarium.pages.times import shown_time

router = admin_console_router()


def _require_owner(console: ConsoleContext) -> None:
    if console.role != "owner":
        raise ConsoleForbidden("Only the account's owners change its people.")


def _texts(form: Any, name: str) -> list[str]:
    return [value for value in form.getlist(name) if isinstance(value, str) and value]


async def _page(
    request: Request,
    console: ConsoleContext,
    session: AsyncSession,
    *,
    invite: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    channels = await list_channels(session, console.account)
    channel_names = {c.id: c.name for c in channels}
    members = [
        {
            "id": m.user.id,
            "name": m.user.name,
            "email": m.user.email,
            "role": m.user.role,
            "role_label": ROLE_LABELS.get(m.user.role, m.user.role),
            "channel_ids": m.channel_ids,
            "channels": [channel_names.get(c, c) for c in m.channel_ids],
            "last_sign_in": (
                shown_time(m.user.last_sign_in_at, console.account.time_zone).text
                if m.user.last_sign_in_at
                else None
            ),
            "is_me": m.user.id == console.user.id,
        }
        for m in await people.list_people(session, console.account.id)
    ]
    context = {
        "members": members,
        "can_change": console.role == "owner",
        "roles": list(ROLE_LABELS.items()),
        "channels": [(c.id, c.name) for c in channels],
        "invite": invite or {"email": "", "role": "admin", "channel_ids": []},
        "errors": errors or {},
    }
    return render_console(request, console, "console/people.html", context, status=status)


@router.get("/people", name="console_people")
async def show(request: Request, console: ReadAdminConsole, session: ReadSession) -> HTMLResponse:
    return await _page(request, console, session)


@router.post("/people/invite", name="console_people_invite")
async def invite(
    request: Request, console: AdminConsole, session: Session, form: ConsoleForm
) -> Response:
    _require_owner(console)
    email = str(form.get("email") or "").strip()
    role = str(form.get("role") or "")
    channel_ids = _texts(form, "channel_ids")
    try:
        await people.invite(
            session,
            console.account,
            request.app.state.settings,
            console.user,
            email=email,
            role=role,
            channel_ids=channel_ids,
            now=request.app.state.clock.now(),
        )
    except DomainError as error:
        field = "channel_ids" if "channel" in error.message else "email"
        field = "role" if error.message.startswith("role") else field
        typed = {"email": email, "role": role, "channel_ids": channel_ids}
        return await _page(
            request, console, session, invite=typed, errors={field: error.message}, status=400
        )
    return await recorded(
        session,
        console,
        "person.invited",
        f"Invited {email} as {ROLE_LABELS[role]}",
        then="/console/people",
        notice=f"Invitation sent to {email}",
    )


@router.post("/people/{user_id}/role", name="console_people_role")
async def change_role(
    request: Request, console: AdminConsole, session: Session, form: ConsoleForm, user_id: str
) -> Response:
    _require_owner(console)
    role = str(form.get("role") or "")
    try:
        user = await people.change_role(
            session, console.account.id, user_id, role, _texts(form, "channel_ids")
        )
    except people.UserNotFound:
        raise  # another account's user, or none: the 404 page
    except DomainError as error:
        return await _page(request, console, session, errors={"_form": error.message}, status=400)
    return await recorded(
        session,
        console,
        "person.role_changed",
        f"Made {user.email} {ROLE_LABELS[role]}",
        subject=("user", user.id),
        then="/console/people",
        notice=f"{user.name} is now {ROLE_LABELS[role]}",
    )


@router.post("/people/{user_id}/remove", name="console_people_remove")
async def remove(
    request: Request, console: AdminConsole, session: Session, form: ConsoleForm, user_id: str
) -> Response:
    _require_owner(console)
    try:
        user = await people.remove_user(session, console.account.id, user_id)
    except people.LastOwner as error:
        return await _page(request, console, session, errors={"_form": error.message}, status=400)
    return await recorded(
        session,
        console,
        "person.removed",
        f"Removed {user.email}",
        subject=("user", user_id),
        then="/console/people",
        notice=f"{user.name} was removed",
    )
