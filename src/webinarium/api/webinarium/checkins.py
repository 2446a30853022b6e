"""``POST /api/webinarium/v1/conferences/{id}/check-ins`` (check a registrant in
by their QR code value) and ``GET …/check-ins`` (who has checked in, in
check-in order, a page at a time). See docs/native-api.md, "Check-in"."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.deps import ReadSession, Session
from webinarium.api.params import read_params
from webinarium.api.webinarium.errors import NativeRoute
from webinarium.api.webinarium.paging import page_limit
from webinarium.conferences.service import get_conference
from webinarium.kit import actors
from webinarium.kit.errors import InvalidInput
from webinarium.people.names import full_name
from webinarium.registrations import checkin
from webinarium.registrations.checkin import CheckIn

router = APIRouter(route_class=NativeRoute, tags=["Webinarium: Check-in"])
# A page of check-ins: `LIMIT_DEFAULT` unless ``?limit=`` asks for up to `LIMIT_MAX`.
LIMIT_DEFAULT = 100
LIMIT_MAX = 500


class CheckInRead(BaseModel):
    registration_id: str
    # The registrant's QR code value (BigMarker's ``qr_code_value``).
    qr_code_value: str
    person_id: str
    email: str
    first_name: str
    last_name: str
    name: str
    checked_in_at: datetime
    # Who checked them in: ``api``, ``host`` or ``person:<id>`` (a moderator's link).
    checked_in_by: str | None
    # True when the registrant had checked in before this request.
    already: bool

    @classmethod
    def of(cls, done: CheckIn) -> CheckInRead:
        registration, person = done.registration, done.person
        return cls(
            registration_id=registration.id,
            qr_code_value=registration.id,
            person_id=person.id,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            name=full_name(person) or person.email,
            checked_in_at=done.checked_in_at,
            checked_in_by=registration.checked_in_by,
            already=done.already,
        )


class CheckInList(BaseModel):
    check_ins: list[CheckInRead]
    # Every check-in of the conference, on every page.
    total: int
    # Send as ``?after=`` for the next page; null on the last one.
    next_after: str | None


@router.post(
    "/conferences/{conference_id}/check-ins",
    name="native_check_ins_create",
    status_code=201,
    responses={200: {"model": CheckInRead, "description": "checked in before: `already` true"}},
)
async def create_check_in(
    conference_id: str,
    request: Request,
    response: Response,
    session: Session,
    account: CurrentAccount,
) -> CheckInRead:
    """Checks in the registrant whose QR code carries ``qr_code_value`` (JSON or
    form). 201 at the first check-in; 200 with ``already: true`` and the first
    time when they had checked in before."""
    params = await read_params(request)
    value = params.text("qr_code_value")
    if not value or not value.strip():
        raise InvalidInput("qr_code_value is required")
    conference = await get_conference(session, account, conference_id)
    done = await checkin.check_in(session, account, conference, value, by=actors.API)
    if done.already:
        response.status_code = 200
    return CheckInRead.of(done)


@router.get("/conferences/{conference_id}/check-ins", name="native_check_ins_list")
async def list_check_ins(
    conference_id: str,
    session: ReadSession,
    account: ReadAccount,
    after: str = "",
    limit: str = "",
) -> CheckInList:
    """The conference's checked-in registrants, first checked in first."""
    wanted = page_limit(limit, LIMIT_DEFAULT, LIMIT_MAX)
    found = await checkin.list_check_ins(
        session, account, conference_id, after=after or None, limit=wanted
    )
    return CheckInList(
        check_ins=[CheckInRead.of(item) for item in found.items],
        total=found.total,
        next_after=found.next_after,
    )
