"""The ten methods of the document, ``/api/conference/...``, GET or POST.

``code`` names the conference (its UUID) in info, update, delete, invite and
client/list, and the client (an invited person's 8-character code) in
client/info, client/update and client/delete.

The methods that only read (info, list, client/list, client/info) take a
``ReadSession``: a read-only unit of work on a reader connection.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.service import venue_by_code
from webinarium.api.boomstream.transport import (
    VERSIONS,
    BoomstreamRoute,
    Call,
    begin,
    render,
    request_uri,
)
from webinarium.api.deps import ReadSession, Session
from webinarium.api.reads import Param, reads
from webinarium.channels.service import main_channel
from webinarium.conferences.schemas import (
    ConferenceChanges,
    ConferenceDraft,
    ConferenceKind,
    settings_of,
)
from webinarium.conferences.service import (
    conference_rows,
    create_conference,
    delete_conference,
    get_conference,
    get_conference_by_code,
    update_conference,
)
from webinarium.invites import service as invites
from webinarium.invites.schemas import InviteInput
from webinarium.kit.errors import InvalidInput, validated
from webinarium.models import Conference, Person, Registration
from webinarium.moderators.rights import ConferenceModerators
from webinarium.moderators.service import conference_moderators
from webinarium.people.names import full_name
from webinarium.registrations.service import get_by_client_code, registration_records

router = APIRouter(route_class=BoomstreamRoute, prefix="/api/conference", tags=["Boomstream"])
METHODS = ["GET", "POST"]
SUCCESS = {"Status": "Success"}
# `list` lists every conference of the account once: a recurring or evergreen
# webinar through its parent (Boomstream knows one conference per code, no
# sessions); series and meeting spaces too, since a Boomstream conference has no
# schedule to exclude them by.
LISTED_KINDS = frozenset(ConferenceKind) - {
    ConferenceKind.RECURRING_CHILD,
    ConferenceKind.EVERGREEN_CHILD,
}
# Domain field → the parameter it came from, so a refusal names what was sent.
_PARAMETERS = {
    "purpose": "description",
    "notify": "notifyEmail",
    "avatar_url": "avatarUrl",
    "lifetime_seconds": "timeout",
}


_CONFERENCE_CODE = Param("code", required=True, description="the conference's code (a UUID)")
_CLIENT_CODE = Param("code", required=True, description="the client's code")
_FOLDER = Param("folderCode", description="a folder's code; blank for none")
_YES_NO = ("yes", "no")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _folder_code(conference: Conference) -> str:
    return settings_of(conference).folder_code or ""


def _conference(conference: Conference | Row[Any]) -> dict[str, Any]:
    return {"title": conference.title, "code": conference.code, "description": conference.purpose}


# What `list` shows of each conference (`_conference`): all it reads.
_LISTED_COLUMNS = (Conference.title, Conference.code, Conference.purpose)


def _client(
    conference: Conference,
    registration: Registration,
    person: Person,
    moderators: ConferenceModerators,
) -> dict[str, Any]:
    return {
        "email": person.email,
        "name": full_name(person),
        "code": registration.client_code,
        "conferenceCode": conference.code,
        "moderator": _yes_no(person in moderators),
        "added": registration.registered_at.strftime("%Y-%m-%d %H:%M:%S"),
        "is_deleted": _yes_no(registration.revoked_at is not None),
    }


async def _conference_of(session: AsyncSession, call: Call) -> Conference:
    return await get_conference_by_code(session, call.account, call.required("code"))


@router.api_route("/info", methods=METHODS, name="boomstream_info")
@reads(_CONFERENCE_CODE)
async def info(request: Request, session: ReadSession) -> Response:
    call = await begin(request, session)
    conference = await _conference_of(session, call)
    return render(
        request,
        {
            **_conference(conference),
            **SUCCESS,
            "Version": call.version,
            "Versions": [
                {"version": version, "description": description}
                for version, description in VERSIONS.items()
            ],
            "RequestURI": request_uri(request),
        },
    )


@router.api_route("/list", methods=METHODS, name="boomstream_list")
@reads()
async def list_(request: Request, session: ReadSession) -> Response:
    call = await begin(request, session)
    conferences = await conference_rows(session, call.account, LISTED_KINDS, _LISTED_COLUMNS)
    return render(request, {"conferences": [_conference(c) for c in conferences], **SUCCESS})


def _folder_setting(call: Call) -> dict[str, Any]:
    folder = call.optional("folderCode")
    return {} if folder is None else {"folder_code": folder.strip() or None}


@router.api_route("/create", methods=METHODS, name="boomstream_create")
@reads(Param("title", required=True), Param("description"), _FOLDER)
async def create(request: Request, session: Session) -> Response:
    call = await begin(request, session)
    title = call.required("title")
    channel = await main_channel(session, call.account)
    draft = validated(
        ConferenceDraft,
        {
            "channel_id": channel.id,
            "title": title,
            "purpose": call.optional("description") or "",
            "time_zone": call.account.time_zone,
            "settings": _folder_setting(call),
        },
        _PARAMETERS,
    )
    conference = await create_conference(session, call.account, draft)
    return render(request, {"Code": conference.code, **SUCCESS})


@router.api_route("/update", methods=METHODS, name="boomstream_update")
@reads(_CONFERENCE_CODE, Param("title"), Param("description"), _FOLDER)
async def update(request: Request, session: Session) -> Response:
    call = await begin(request, session)
    conference = await _conference_of(session, call)
    fields: dict[str, Any] = {"settings": _folder_setting(call)}
    title = call.optional("title")
    if title is not None:
        if not title.strip():
            raise InvalidInput("title must not be empty")
        fields["title"] = title.strip()
    description = call.optional("description")
    if description is not None:
        fields["purpose"] = description
    changes = validated(ConferenceChanges, fields, _PARAMETERS)
    conference = await update_conference(session, call.account, conference.id, changes)
    return render(
        request,
        {
            "title": conference.title,
            "code": conference.code,
            "folderCode": _folder_code(conference),
            "description": conference.purpose,
            **SUCCESS,
        },
    )


@router.api_route("/delete", methods=METHODS, name="boomstream_delete")
@reads(_CONFERENCE_CODE)
async def delete(request: Request, session: Session) -> Response:
    call = await begin(request, session)
    conference = await _conference_of(session, call)
    # Its registrations (the clients) go with it: every link and token stops working.
    await delete_conference(session, call.account, conference.id)
    # The document's own text for this method (it reads like client/delete's).
    return render(request, {"message": "Client is deleted successful", **SUCCESS})


def _timeout(call: Call) -> int | None:
    """Read as every integer parameter is (`Params.integer`: 0-9 only)."""
    try:
        return call.params.integer("timeout")
    except InvalidInput:
        raise InvalidInput("timeout must be a whole number of seconds") from None


@router.api_route("/invite", methods=METHODS, name="boomstream_invite")
@reads(
    _CONFERENCE_CODE,
    Param("email", required=True),
    Param("name"),
    Param("notifyEmail", choices=_YES_NO, description="e-mail the invitation"),
    Param("moderator", choices=_YES_NO, default="no"),
    Param("avatarUrl"),
    Param("timeout", int, description="the invitation's lifetime in seconds"),
)
async def invite(request: Request, session: Session) -> Response:
    call = await begin(request, session)
    place = await venue_by_code(session, call.account, call.required("code"))
    email = call.required("email")
    fields: dict[str, Any] = {
        "email": email,
        "name": call.optional("name"),
        "notify": call.yes_no("notifyEmail"),
        "moderator": call.yes_no("moderator"),
        "avatar_url": (call.optional("avatarUrl") or "").strip() or None,
    }
    timeout = _timeout(call)
    if timeout is not None:
        fields["lifetime_seconds"] = timeout
    draft = validated(InviteInput, fields, _PARAMETERS)
    settings = request.app.state.settings
    invitation = await invites.invite(session, call.account, settings, place, draft)
    return render(
        request,
        {
            "name": full_name(invitation.person),
            "email": invitation.person.email,
            "codeConference": invitation.conference.number,
            "code": invitation.conference.code,
            "isModerator": invitation.moderator,
            "token": invitation.token,
            "inviteLink": invites.invite_link(settings.base_url, invitation.token),
            **SUCCESS,
        },
    )


@router.api_route("/client/list", methods=METHODS, name="boomstream_client_list")
@reads(_CONFERENCE_CODE)
async def client_list(request: Request, session: ReadSession) -> Response:
    call = await begin(request, session)
    conference = await _conference_of(session, call)
    _, rows = await registration_records(session, call.account, conference.id)
    moderators = await conference_moderators(session, call.account, conference.id)
    clients = [_client(conference, r, p, moderators) for r, p in rows]
    return render(request, {"Clients": clients, **SUCCESS})


@router.api_route("/client/info", methods=METHODS, name="boomstream_client_info")
@reads(_CLIENT_CODE)
async def client_info(request: Request, session: ReadSession) -> Response:
    """The client's fields, as one item of client/list, at the top level."""
    call = await begin(request, session)
    registration, person = await get_by_client_code(session, call.account, call.required("code"))
    conference = await get_conference(session, call.account, registration.conference_id)
    moderators = await conference_moderators(session, call.account, conference.id)
    body = _client(conference, registration, person, moderators)
    return render(request, {**body, **SUCCESS})


@router.api_route("/client/update", methods=METHODS, name="boomstream_client_update")
@reads(_CLIENT_CODE, Param("email"), Param("name"), Param("moderator", choices=_YES_NO))
async def client_update(request: Request, session: Session) -> Response:
    call = await begin(request, session)
    registration, _ = await get_by_client_code(session, call.account, call.required("code"))
    await invites.update_invitee(
        session,
        call.account,
        registration,
        email=call.optional("email"),
        name=call.optional("name"),
        moderator=call.yes_no("moderator"),
    )
    return render(
        request,
        {
            "message": "Client changed successfully",
            "clientCode": registration.client_code,
            **SUCCESS,
        },
    )


@router.api_route("/client/delete", methods=METHODS, name="boomstream_client_delete")
@reads(_CLIENT_CODE)
async def client_delete(request: Request, session: Session) -> Response:
    call = await begin(request, session)
    registration, _ = await get_by_client_code(session, call.account, call.required("code"))
    await invites.withdraw(session, call.account, registration)
    return render(
        request,
        {
            "message": "Client is deleted successfully",
            "clientCode": registration.client_code,
            **SUCCESS,
        },
    )


@router.api_route("/{method:path}", methods=METHODS, name="boomstream_unknown")
@reads()
async def unknown(request: Request, session: ReadSession, method: str) -> Response:
    await begin(request, session)
    raise InvalidInput(
        f"Unknown method {method!r}: info, list, create, update, invite, delete,"
        " client/list, client/info, client/update, client/delete"
    )
