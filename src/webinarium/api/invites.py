"""``GET /invite?jwt=…`` (also ``/invite.html``, Boomstream's name): where an
invite link leads. A valid token answers 200 with a small page naming the
conference; a malformed, tampered or expired token 401, a withdrawn one
(revoked, deleted, given to someone else) 403, each with a short page saying
so. The room itself will take over from here, with `invites.service.verify`.
"""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute

from webinarium.api.deps import ReadSession
from webinarium.invites.errors import InviteInvalid
from webinarium.invites.service import verify
from webinarium.kit.errors import DomainError
from webinarium.people.names import full_name

STATUSES = {"invite_invalid": 401, "invite_expired": 401, "invite_revoked": 403}


def _page(title: str, body: str, status: int) -> HTMLResponse:
    return HTMLResponse(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n<body>\n{body}\n</body></html>\n",
        status_code=status,
    )


class InvitePageRoute(APIRoute):
    def error_response(self, request: Request, error: DomainError) -> Response:
        status = STATUSES.get(error.code, 400)
        return _page("Invitation", f"<h1>{escape(error.message)}</h1>", status)


router = APIRouter(route_class=InvitePageRoute)


@router.get("/invite", name="invite_page")
@router.get("/invite.html", name="invite_page_html")
async def invite_page(
    request: Request,
    session: ReadSession,
    jwt: Annotated[str | None, Query(description="the invite token")] = None,
    token: Annotated[str | None, Query(description="the invite token, by its other name")] = None,
) -> Response:
    carried = jwt or token or ""
    if not carried.strip():
        raise InviteInvalid("this link carries no invitation")
    grant = await verify(session, request.app.state.settings.secret_key, carried)
    title = grant.conference.title
    name = full_name(grant.person) or grant.person.email
    role = " as a moderator" if grant.moderator else ""
    return _page(
        f"Invitation: {title}",
        f"<h1>You are invited to {escape(title)}</h1>\n"
        f"<p>{escape(name)}, this is your personal link{role}. It is valid until "
        f"{grant.expires_at:%Y-%m-%d %H:%M} UTC.</p>",
        200,
    )
