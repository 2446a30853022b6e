"""BigMarker "Conference Registrations": register, register or update,
unregister, registration status and the three registrant lists.

Registration bodies are form data in the document (``custom_fields`` a
URL-encoded JSON string keyed by custom field id); JSON is accepted too.
``temporary_password`` is accepted and ignored: registrants have no password in
Webinarium, their personal enter link identifies them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from webinarium.api.bigmarker import wire
from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.bigmarker.common import (
    RequestParams,
    base_url,
    page_request,
    paging,
    secret_key,
    time_filter,
    time_filter_param,
)
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import ReadSession, Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.conferences.service import (
    address_of,
    list_custom_fields,
    page_address,
)
from webinarium.kit.errors import InvalidInput, validated
from webinarium.models import Account
from webinarium.registrations import service
from webinarium.registrations.schemas import RegistrantInput, RegistrationQuery
from webinarium.registrations.service import enter_link
from webinarium.webhooks import inbound

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Conference Registrations"])
# What `_register` reads of the registrant (BigMarker's register body).
_REGISTRANT = (
    Param("email", required=True),
    Param("first_name", required=True),
    Param("last_name", required=True),
    Param(
        "custom_fields",
        dict[str, str],
        description='answers: {"<custom field id>": "answer"}, or that as a JSON string',
    ),
    Param("utm_bmcr_source"),
    Param("custom_user_id"),
    Param("referral_domain"),
    Param("tracking_code"),
)
_REGISTER = (Param("id", required=True, description="the conference"), *_REGISTRANT)
# What `_list` and the registrant lists read.
_LIST = (
    time_filter_param("start_time", "registered after"),
    time_filter_param("end_time", "registered before"),
    Param("use_api_name", bool, default=False),
    paging(25),
)


def _registrant(params: Params) -> RegistrantInput:
    for name in ("email", "first_name", "last_name"):
        params.required(name)
    answers = params.structured("custom_fields") or {}
    if not isinstance(answers, dict):
        raise InvalidInput(
            'custom_fields must be a JSON object like {"<custom field id>": "answer"}'
        )
    return validated(
        RegistrantInput,
        {
            "email": params.text("email") or "",
            "first_name": params.text("first_name"),
            "last_name": params.text("last_name"),
            "answers": answers,
            "source": params.text("utm_bmcr_source"),
            "custom_user_id": params.text("custom_user_id"),
            "referral_domain": params.text("referral_domain"),
            "tracking_code": params.text("tracking_code"),
        },
        {"source": "utm_bmcr_source"},
    )


async def _register(
    request: Request,
    session: Session,
    account: Account,
    conference_id: str,
    params: Params,
    update: bool,
) -> dict[str, Any]:
    registered = await service.register(
        session, account, conference_id, _registrant(params), update_existing=update
    )
    address = page_address(base_url(request), registered.venue.channel_url, registered.conference)
    # The registrant's personal link into the room (their enter_url), naming them too.
    link = enter_link(secret_key(request), address, registered.registration)
    body: dict[str, Any] = {"conference_url": f"{link}&bmid={registered.person.id}"}
    if update and params.boolean("show_full_data"):
        fields = await list_custom_fields(session, account, registered.conference.id)
        body["registration"] = wire.registration(
            secret_key(request),
            address,
            registered.registration,
            registered.person,
            fields,
            use_api_name=False,
        )
    return body


@router.put("/conferences/register", name="registrations_register")
@reads(_REGISTER)
async def register(
    request: Request, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    return await _register(request, session, account, params.text("id") or "", params, update=False)


@router.api_route(
    "/conferences/register_or_update",
    methods=["POST", "PUT"],
    name="registrations_register_or_update",
)
@reads(_REGISTER, Param("show_full_data", bool, default=False))
async def register_or_update(
    request: Request, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    return await _register(request, session, account, params.text("id") or "", params, update=True)


@router.post("/webhooks/registrations/{token}", name="registrations_webhook")
@reads(_REGISTRANT)
async def registration_webhook(
    token: str, request: Request, session: Session, params: RequestParams
) -> dict[str, Any]:
    """The registration webhook (an addition, docs/webhooks.md): the
    conference's secret URL registers the person posted to it, as Register to
    a Conference does, while ``enable_create_webinar_reg_webhook`` is on. No
    API key: the URL's token names the account and the conference."""
    account, conference = await inbound.conference_for_registration_webhook(
        session, secret_key(request), token
    )
    return await _register(request, session, account, conference.id, params, update=False)


@router.delete("/conferences/register", name="registrations_unregister")
@reads(Param("id", required=True, description="the conference"), Param("email", required=True))
async def unregister(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    await service.unregister(session, account, params.text("id") or "", params.text("email") or "")
    return {"success": "The registration has been removed."}


@router.get(
    "/conferences/{conference_id}/check_registration_status",
    name="registrations_check_status",
)
@reads(Param("email"), Param("bmid", description="this or email"))
async def check_status(
    conference_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, str]:
    email, bmid = params.text("email"), params.text("bmid")
    if not email and not bmid:
        raise InvalidInput("bmid or email is required")
    registered = await service.status(session, account, conference_id, email=email, person_id=bmid)
    return {"registration_status": "registered" if registered else "not_registered"}


async def _list(
    request: Request,
    session: Session,
    account: CurrentAccount,
    conference_id: str,
    params: Params,
    query: RegistrationQuery,
    with_fields: bool,
) -> dict[str, Any]:
    conference, page = await service.list_registrations(
        session, account, conference_id, query, page_request(params, 25)
    )
    address = await address_of(session, account, base_url(request), conference)
    fields = await list_custom_fields(session, account, conference.id) if with_fields else None
    use_api_name = bool(params.boolean("use_api_name"))
    return {
        "current_page": page.request.page,
        "per_page": page.request.per_page,
        "total_pages": page.total_pages,
        "total_count": page.total,
        "total_entries": page.total,
        "registrations": [
            wire.registration(
                secret_key(request),
                address,
                registration,
                person,
                fields,
                use_api_name=use_api_name,
                checked_in=query.checked_in_only,
            )
            for registration, person in page.items
        ],
    }


@router.get("/conferences/registrations/{conference_id}", name="registrations_list")
@reads(_LIST, Param("email"), Param("bmid"))
async def registrations(
    conference_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, Any]:
    query = RegistrationQuery(
        registered_from=time_filter(params, "start_time"),
        registered_until=time_filter(params, "end_time"),
        email=params.text("email"),
        person_id=params.text("bmid"),
    )
    return await _list(request, session, account, conference_id, params, query, False)


@router.get(
    "/conferences/registrations_with_fields/{conference_id}", name="registrations_with_fields"
)
@reads(_LIST, Param("email"), Param("bmid"))
async def registrations_with_fields(
    conference_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, Any]:
    query = RegistrationQuery(
        registered_from=time_filter(params, "start_time"),
        registered_until=time_filter(params, "end_time"),
        email=params.text("email"),
        person_id=params.text("bmid"),
    )
    return await _list(request, session, account, conference_id, params, query, True)


@router.get("/conferences/checked_in_registrants/{conference_id}", name="registrations_checked_in")
@reads(
    time_filter_param("start_time", "checked in after"),
    time_filter_param("end_time", "checked in before"),
    Param("use_api_name", bool, default=False),
    Param("email"),
    Param("bmid"),
    paging(25),
)
async def checked_in(
    conference_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, Any]:
    """The registrants checked in (`registrations.checkin`: the staff page or the
    native API), each with ``checked_in_at`` (an addition)."""
    query = RegistrationQuery(
        checked_in_only=True,
        checked_in_from=time_filter(params, "start_time"),
        checked_in_until=time_filter(params, "end_time"),
        email=params.text("email"),
        person_id=params.text("bmid"),
    )
    return await _list(request, session, account, conference_id, params, query, False)
