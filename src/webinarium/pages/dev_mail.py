"""``/dev/mail``: the dev mailbox. With no SMTP server configured every mail
is kept in the database (`messaging.sending`); this page lists them, newest
first, and shows one: its headers, its HTML (in a sandboxed frame: no
script, no form, no navigation of this page), its text and its attachments.
The app mounts it in the development and test environments only
(`app.create_app`): in production the address is a 404 (or a channel's
webinar at /dev/mail), where mails are the recipients' business."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from webinarium.api.deps import ReadSession
from webinarium.messaging import service
from webinarium.messaging.message import headers
from webinarium.pages.templating import PageRoute, keep_private, render

router = APIRouter(route_class=PageRoute, prefix="/dev/mail", include_in_schema=False)

# The newest mails the list shows: a day of a developer's clicking.
SHOWN = 200


@router.get("")
async def mailbox(request: Request, session: ReadSession) -> HTMLResponse:
    mails = await service.kept_mails(session, SHOWN)
    return keep_private(render(request, "dev_mail.html", {"mails": mails}))


@router.get("/{mail_id}")
async def one_mail(
    request: Request, session: ReadSession, mail_id: Annotated[str, Path(max_length=40)]
) -> HTMLResponse:
    mail = await service.kept_mail(session, mail_id)
    context = {
        "mail": mail,
        "headers": headers(mail, request.app.state.settings, mail.created_at),
    }
    return keep_private(render(request, "dev_mail.html", context))
