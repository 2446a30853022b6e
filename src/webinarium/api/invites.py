"""``GET /invite?jwt=…`` (also ``/invite.html``, Boomstream's name): where an
invite link (Boomstream ``inviteLink``) leads — the room page for the invited
person (`pages.entry`), once `invites.service.verify` has accepted the token.

The invitation's registration knocks (`access.admission.Knock`
``registration``): admission gives its person the role they hold at the
conference now, ``moderator`` for a moderator invitation (which made them one)
and ``attendee`` otherwise, so changing a client's role (``client/update``)
applies to links already given. A malformed, tampered or expired token is the
clear 401 page, a withdrawn one (revoked, deleted, given to someone else) 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from webinarium.access.admission import Knock
from webinarium.api.deps import ReadSession
from webinarium.invites.errors import InviteInvalid
from webinarium.invites.service import verify
from webinarium.pages.entry import enter_room, this_link
from webinarium.pages.templating import PageRoute

router = APIRouter(route_class=PageRoute)


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
    return await enter_room(
        request,
        session,
        grant.account,
        grant.conference,
        Knock("registration", grant.registration.id),
        personal_link=this_link(request),
    )
