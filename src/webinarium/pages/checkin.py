"""``/<channel>/<conference>/check-in``: the staff page that checks registrants
in at the venue (`registrations.checkin`), for the organiser's host link
(``?host=``) and a moderator's presenter link (``?presenter=``). Without one
it is a 403 page; a presenter without moderator rights is refused too.

A USB QR scanner types the code's value into the form's field and presses
Enter; static/checkin.js adds "Scan with camera" where the browser has
BarcodeDetector and a camera, and sends each value without leaving the page
(``Accept: application/json``: the answer is JSON). The link's token travels
in the form's body, never in a cookie, so another site cannot make a visitor's
browser check anyone in: it would need the token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import role_of
from webinarium.access.errors import NotStaff
from webinarium.accounts.service import get_account
from webinarium.api.deps import ReadSession, Session
from webinarium.api.limits import read_form
from webinarium.kit.actors import Actor
from webinarium.kit.errors import DomainError
from webinarium.kit.time import iso_utc, on_clock
from webinarium.models import Account, Conference
from webinarium.pages.links import Token, page_conference, staff_knock
from webinarium.pages.templating import FORM_PAGE, PageRoute, keep_private, render, status_of
from webinarium.pages.times import shown_time
from webinarium.people.names import full_name
from webinarium.people.service import find_person
from webinarium.registrations import checkin
from webinarium.registrations.checkin import CheckIn

router = APIRouter(route_class=PageRoute)
PATH = "/{channel_url}/{sub_url}/check-in"
_STAFF_ONLY = (
    "This page is for the webinar's moderators: open it with the host link or a "
    "moderator's presenter link."
)


async def _staff(
    request: Request,
    session: AsyncSession,
    conference: Conference,
    host: str | None,
    presenter: str | None,
) -> tuple[Account, Actor]:
    """The account and who checks in: the host, or a presenter with moderator rights."""
    secret_key = request.app.state.settings.secret_key
    knock = await staff_knock(session, secret_key, conference, host=host, presenter=presenter)
    if knock is None:
        raise NotStaff(_STAFF_ONLY)
    account = await get_account(session, conference.account_id)
    if knock.kind == "host":
        return account, Actor("host")
    person = await find_person(session, account, person_id=knock.ref)
    if await role_of(session, account, conference, person) != "moderator":
        raise NotStaff("only a moderator checks people in: this presenter has no moderator rights")
    return account, Actor("person", person.id)


async def _context(
    session: AsyncSession,
    conference: Conference,
    account: Account,
    host: str | None,
    presenter: str | None,
) -> dict[str, Any]:
    """Plain values only: a refusal renders it after the transaction rolled back."""
    # The form sends back the token the page was opened with.
    token_name, token = ("host", host) if host else ("presenter", presenter)
    return {
        "title": conference.title,
        "checked_in": await checkin.count_check_ins(session, account, conference),
        "account_name": account.name,
        "starts_at": shown_time(conference.start_at, conference.time_zone),
        "token_name": token_name,
        "token": token,
        "result": None,
        "error": None,
        "value": "",
    }


def result_of(done: CheckIn, zone_name: str) -> dict[str, Any]:
    """What the page (and the script, as JSON) shows of a check-in."""
    person = done.person
    # The time of day on the webinar's clock: check-in happens on its day.
    at = f"{on_clock(done.checked_in_at, zone_name):%H:%M}"
    name = full_name(person) or person.email
    message = f"already checked in at {at}" if done.already else f"checked in at {at}"
    return {
        "name": name,
        "email": person.email,
        "already": done.already,
        "checked_in_at": iso_utc(done.checked_in_at),
        "message": message,
    }


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _form_page(request: Request, context: dict[str, Any]) -> Callable[[DomainError], Response]:
    """A refusal of a value: the form again with the reason (or JSON for the script)."""

    def page(error: DomainError) -> Response:
        status = status_of(error)
        if _wants_json(request):
            body = {"error": {"code": error.code, "message": error.message}}
            return JSONResponse(body, status_code=status)
        return keep_private(
            render(request, "checkin.html", {**context, "error": error.message}, status=status)
        )

    return page


@router.get(PATH, name="check_in_page", include_in_schema=False)
async def check_in_page(
    request: Request,
    session: ReadSession,
    channel_url: str,
    sub_url: str,
    host: Token = None,
    presenter: Token = None,
) -> Response:
    conference = await page_conference(request, session, channel_url, sub_url)
    account, _ = await _staff(request, session, conference, host, presenter)
    return keep_private(
        render(
            request, "checkin.html", await _context(session, conference, account, host, presenter)
        )
    )


@router.post(PATH, name="check_in", include_in_schema=False)
async def check_in(request: Request, session: Session, channel_url: str, sub_url: str) -> Response:
    """The form: ``qr_code_value`` with the page's ``host`` or ``presenter`` token."""
    conference = await page_conference(request, session, channel_url, sub_url)
    sent = {k: v for k, v in (await read_form(request)).items() if isinstance(v, str)}
    host, presenter = sent.get("host") or None, sent.get("presenter") or None
    account, actor = await _staff(request, session, conference, host, presenter)
    context = {
        **await _context(session, conference, account, host, presenter),
        "value": sent.get("qr_code_value", ""),
    }
    setattr(request.state, FORM_PAGE, _form_page(request, context))
    done = await checkin.check_in(
        session, account, conference, sent.get("qr_code_value", ""), by=actor
    )
    # How many have checked in, this one included.
    checked_in = context["checked_in"] + (0 if done.already else 1)
    result = {**result_of(done, conference.time_zone), "checked_in": checked_in}
    if _wants_json(request):
        return JSONResponse(result)
    shown = {**context, "result": result, "value": "", "checked_in": checked_in}
    return keep_private(render(request, "checkin.html", shown))
