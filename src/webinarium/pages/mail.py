"""The links a mail carries back to us (`messaging.links`), served without an
API key:

- ``GET /mail/open/<token>.gif``: the open pixel, a 1x1 GIF; the first open
  is recorded;
- ``GET /mail/click/<token>``: records the first click and redirects (302)
  to the link's target, which the signed token names (no open redirect);
- ``GET /mail/unsubscribe/<token>``: a page that asks to confirm; ``POST``
  unsubscribes (the button, and mail clients' one-click List-Unsubscribe-Post):
  the address goes on the account's suppression list. A GET changes nothing,
  so a link scanner that opens every link unsubscribes no one.

Times are the app's clock's (``app.state.clock``), as the worker's are.
"""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import get_account
from webinarium.api.deps import ReadSession, Session
from webinarium.messaging import links, service
from webinarium.messaging.links import LinkedMail
from webinarium.models import Account
from webinarium.pages.templating import PageRoute, keep_private, render

router = APIRouter(route_class=PageRoute, prefix=links.PATH, include_in_schema=False)

Token = Annotated[str, Path(max_length=4096)]
# The smallest transparent GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


async def _opened(
    request: Request, session: AsyncSession, purpose: str, token: str
) -> tuple[Account, LinkedMail]:
    linked = links.read_mail_link(request.app.state.settings.secret_key, purpose, token)
    return await get_account(session, linked.account_id), linked


@router.get("/open/{token}.gif")
async def open_pixel(request: Request, session: Session, token: Token) -> Response:
    account, linked = await _opened(request, session, links.OPEN, token)
    await service.record_open(session, account, linked.mail_id, request.app.state.clock.now())
    return Response(PIXEL, media_type="image/gif", headers={"Cache-Control": "no-store"})


@router.get("/click/{token}")
async def click(request: Request, session: Session, token: Token) -> RedirectResponse:
    account, linked = await _opened(request, session, links.CLICK, token)
    await service.record_click(session, account, linked.mail_id, request.app.state.clock.now())
    # The target may be a personal enter link: not sent on as a referrer.
    return keep_private(RedirectResponse(linked.target, status_code=302))


@router.get("/unsubscribe/{token}")
async def unsubscribe_page(request: Request, session: ReadSession, token: Token) -> HTMLResponse:
    account, linked = await _opened(request, session, links.UNSUBSCRIBE, token)
    mail = await service.get_mail(session, account, linked.mail_id)
    context = {"address": mail.to_address, "account_name": account.name, "done": False}
    return keep_private(render(request, "mail_unsubscribe.html", context))


@router.post("/unsubscribe/{token}")
async def unsubscribe(request: Request, session: Session, token: Token) -> HTMLResponse:
    account, linked = await _opened(request, session, links.UNSUBSCRIBE, token)
    mail = await service.unsubscribe(
        session, account, linked.mail_id, request.app.state.clock.now()
    )
    context = {"address": mail.to_address, "account_name": account.name, "done": True}
    return keep_private(render(request, "mail_unsubscribe.html", context))
