"""BigMarker "Manage Conferences": show, list, search, sessions, create, update,
delete, custom fields. Literal routes come before ``/conferences/{conference_id}``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from webinarium.api.bigmarker import inputs, wire
from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.bigmarker.common import (
    PHASE_WORDS,
    WEBINAR_KINDS,
    RequestParams,
    base_url,
    page_request,
    paging,
    secret_key,
    time_filter,
    time_filter_param,
)
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.bigmarker.timezones import DEFAULT_TIME_ZONE, to_iana
from webinarium.api.deps import ReadSession, Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.conferences import service
from webinarium.conferences.schemas import (
    ConferenceFormat,
    ConferenceKind,
    ConferenceQuery,
    Tag,
)
from webinarium.kit.errors import InvalidInput, validated
from webinarium.kit.pagination import MAX_PER_PAGE, Page

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Conferences"])

# List Conferences `type` → (kinds, kinds that match whatever the phase, phases, recorded).
_LIST_TYPES: dict[str, dict[str, Any]] = {
    "future": {"kinds": WEBINAR_KINDS, "phases": PHASE_WORDS["future"]},
    "past": {"kinds": WEBINAR_KINDS, "phases": PHASE_WORDS["past"]},
    "all": {"kinds": WEBINAR_KINDS},
    "multiple_times": {"kinds": {ConferenceKind.RECURRING_PARENT}},
    "future_do_not_include_happening": {
        "kinds": WEBINAR_KINDS,
        "phases": PHASE_WORDS["future_do_not_include_happening"],
    },
    "future_with_24_hour_room": {
        "kinds": WEBINAR_KINDS,
        "always_open_kinds": {ConferenceKind.MEETING_SPACE},
        "phases": PHASE_WORDS["future"],
    },
    "past_with_recording": {
        "kinds": WEBINAR_KINDS,
        "phases": PHASE_WORDS["past"],
        "recorded": True,
    },
    "always_open": {"kinds": {ConferenceKind.MEETING_SPACE}},
    "happening_now": {"kinds": WEBINAR_KINDS, "phases": PHASE_WORDS["happening_now"]},
}
_LIVE_FORMAT = {ConferenceFormat.WEBINAR}
# Search Conferences `type` → (kinds, formats).
_SEARCH_TYPES: dict[str, dict[str, Any]] = {
    "evergreen_parent": {"kinds": {ConferenceKind.EVERGREEN_PARENT}},
    "evergreen_child": {"kinds": {ConferenceKind.EVERGREEN_CHILD}},
    "recurring_parent": {"kinds": {ConferenceKind.RECURRING_PARENT}},
    "recurring_child": {"kinds": {ConferenceKind.RECURRING_CHILD}},
    "meetingspace": {"kinds": {ConferenceKind.MEETING_SPACE}},
    "ondemand": {"formats": {ConferenceFormat.ON_DEMAND}},
    "live_webinar": {"kinds": WEBINAR_KINDS, "formats": _LIVE_FORMAT},
    "webcast": {"formats": {ConferenceFormat.LIVESTREAM}},
}
_ROLES = {"all", "hosting", "attending"}
# What `_time_filters`, `_role_filter` and `_tag_filter` read.
_FILTER_PARAMS = (
    time_filter_param("start_time", "conferences starting after"),
    time_filter_param("end_time", "conferences ending before"),
    Param("role", choices=sorted(_ROLES), default="all"),
    inputs.TAGS,
)


def _choice(params: Params, name: str, choices: dict[str, Any] | set[str], default: str) -> str:
    value = (params.text(name) or default).strip() or default
    if value not in choices:
        raise InvalidInput(f"{name} must be one of {', '.join(choices)}")
    return value


def _time_filters(params: Params) -> dict[str, Any]:
    """start_time/end_time filters; the document answers a bad one with 401."""
    filters: dict[str, Any] = {}
    for name, field in (("start_time", "starts_after"), ("end_time", "ends_before")):
        filters[field] = time_filter(params, name)
    return filters


def _tag_filter(params: Params) -> list[Tag]:
    return inputs.tags(params) or []


def _role_filter(params: Params) -> dict[str, Any]:
    role = _choice(params, "role", _ROLES, "all")
    return {"attending_only": role == "attending"}


async def _render_page(
    session: Session, account: CurrentAccount, request: Request, page: Page[Any], list_key: str
) -> dict[str, Any]:
    details = await service.describe(
        session, account, page.items, with_webhooks=True, with_activity=True
    )
    return wire.conference_page(
        base_url(request), page, details, secret_key(request), list_key=list_key
    )


# Search and recurring children answer the object their Response Body tables
# name ({"conferences": […]}, {"child_conferences": […]}) with List
# Conferences' paging fields, not the bare arrays of their examples: every
# client found reads the key (docs/bigmarker.md, "Readings of the document").
@router.post("/conferences/search", name="conferences_search")
@reads(
    Param("title", description="part of the title"),
    Param("conference_ids", list[str]),
    Param("presenter_member_ids", list[str]),
    Param("type", choices=list(_SEARCH_TYPES)),
    _FILTER_PARAMS,
    paging(MAX_PER_PAGE),
)
async def search_conferences(
    request: Request, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any]:
    query = validated(
        ConferenceQuery,
        {
            "title_contains": params.text("title"),
            "ids": params.text_list("conference_ids"),
            "presenter_member_ids": params.text_list("presenter_member_ids"),
            "tags": _tag_filter(params),
            **_role_filter(params),
            **_time_filters(params),
            **(
                _SEARCH_TYPES[_choice(params, "type", _SEARCH_TYPES, "")]
                if params.text("type")
                else {}
            ),
        },
        names={"title_contains": "title"},
    )
    page = await service.search_conferences(
        session, account, query, page_request(params, MAX_PER_PAGE)
    )
    return await _render_page(session, account, request, page, "conferences")


@router.get(
    "/conferences/get_associated_sessions/{conference_id}", name="conferences_associated_sessions"
)
@reads(paging(25))
async def associated_sessions(
    conference_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, Any]:
    page = await service.associated_sessions(
        session, account, conference_id, page_request(params, 25)
    )
    details = await service.describe(
        session, account, page.items, with_webhooks=True, with_activity=True
    )
    return wire.conference_page(base_url(request), page, details, secret_key(request))


@router.get("/conferences/recurring/{conference_id}", name="conferences_recurring_children")
@reads(_FILTER_PARAMS[:2], paging(MAX_PER_PAGE))
async def recurring_children(
    conference_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, Any]:
    query = ConferenceQuery(**_time_filters(params))
    page = await service.recurring_children(
        session, account, conference_id, query, page_request(params, MAX_PER_PAGE)
    )
    return await _render_page(session, account, request, page, "child_conferences")


@router.get("/conferences/custom_fields/{conference_id}", name="conferences_custom_fields")
async def custom_fields(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> list[dict[str, Any]]:
    fields = await service.list_custom_fields(session, account, conference_id)
    return [wire.custom_field(f) for f in fields]


@router.get("/conferences", name="conferences_list")
@reads(
    Param("type", choices=list(_LIST_TYPES), default="future"),
    Param("include_series", bool, default=False, description="list series instead"),
    Param("query", description="part of the title"),
    _FILTER_PARAMS,
    paging(20),
)
async def list_conferences(
    request: Request, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any]:
    if params.boolean("include_series"):
        listed: dict[str, Any] = {"kinds": {ConferenceKind.SERIES}}
    else:
        listed = _LIST_TYPES[_choice(params, "type", _LIST_TYPES, "future")]
    query = validated(
        ConferenceQuery,
        {
            "title_contains": params.text("query"),
            "tags": _tag_filter(params),
            **listed,
            **_role_filter(params),
            **_time_filters(params),
        },
        names={"title_contains": "query"},
    )
    page = await service.search_conferences(session, account, query, page_request(params, 20))
    details = await service.describe(
        session, account, page.items, with_webhooks=True, with_activity=True
    )
    return wire.conference_page(base_url(request), page, details, secret_key(request))


@router.post("/conferences", name="conferences_create")
@reads(inputs.CREATE_PARAMS)
async def create_conference(
    request: Request, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    draft = inputs.conference_draft(params, default_time_zone=str(to_iana(DEFAULT_TIME_ZONE)))
    conference = await service.create_conference(session, account, draft)
    return wire.conference(
        base_url(request),
        await service.describe_one(
            session, account, conference, with_webhooks=True, with_activity=True
        ),
        secret_key(request),
    )


@router.get("/conferences/{conference_id}", name="conferences_show")
async def show_conference(
    conference_id: str, request: Request, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    conference = await service.get_conference(session, account, conference_id)
    return wire.conference(
        base_url(request),
        await service.describe_one(
            session, account, conference, with_webhooks=True, with_activity=True
        ),
        secret_key(request),
    )


@router.put("/conferences/{conference_id}", name="conferences_update")
@reads(inputs.CHANGE_PARAMS)
async def update_conference(
    conference_id: str,
    request: Request,
    session: Session,
    account: CurrentAccount,
    params: RequestParams,
) -> dict[str, Any]:
    conference = await service.get_conference(session, account, conference_id)
    changes = inputs.conference_changes(params, conference)
    conference = await service.update_conference(session, account, conference.id, changes)
    return wire.conference(
        base_url(request),
        await service.describe_one(
            session, account, conference, with_webhooks=True, with_activity=True
        ),
        secret_key(request),
    )


@router.delete("/conferences/{conference_id}", name="conferences_delete")
async def delete_conference(
    conference_id: str, session: Session, account: CurrentAccount
) -> dict[str, str]:
    await service.delete_conference(session, account, conference_id)
    return {"success": "Your conference has been deleted!"}
