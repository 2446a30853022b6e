"""BigMarker "Manage Channels" (all but the channel block list, see
``block_lists``): channels, sub-channels, channel conferences and registrants,
subscribers, the conferences one person registered for, and erasing a person.

Where the document says ``channel_id`` or ``channel_url`` either the channel's id
or its URL segment is accepted. Literal paths (``/channels/sub_channels/…``) come
before ``/channels/{channel_id}/…``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from webinarium.api.bigmarker import inputs, wire, wire_channels
from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.bigmarker.common import (
    PHASE_WORDS,
    WEBINAR_KINDS,
    RequestParams,
    base_url,
    page_request,
    paging,
    secret_key,
    time_filter_param,
)
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import ReadSession, Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.channels import service
from webinarium.channels.schemas import OrganizerInput, SubchannelDraft
from webinarium.conferences import service as conferences
from webinarium.conferences.schemas import ConferenceQuery
from webinarium.files.store import FileStore
from webinarium.kit.errors import InvalidInput
from webinarium.people.service import erase_person
from webinarium.registrations import service as registrations
from webinarium.registrations.schemas import RegistrationQuery

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Channels"])

# List Channel Conferences `timing`: the List Conferences reading of future/all/past.
_TIMINGS = {word: PHASE_WORDS[word] for word in ("future", "all", "past")}
_SORTS = {"ascending": False, "descending": True}


def _choice(params: Params, name: str, choices: dict[str, Any], default: str) -> str:
    value = (params.text(name) or "").strip() or default
    if value not in choices:
        raise InvalidInput(f"{name} must be one of {', '.join(choices)}")
    return value


@router.get("/channels", name="channels_list")
async def list_channels(
    request: Request, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    channels = await service.list_channels(session, account)
    hosts = await service.channel_hosts(session, account, channels)
    return {
        "channels": [
            wire_channels.channel_with_hosts(base_url(request), c, hosts.get(c.id, []))
            for c in channels
        ]
    }


@router.post("/channels", name="channels_create_subchannel")
@reads(
    Param("master_channel_id", required=True),
    Param("channel_name", required=True),
    Param("channel_url", required=True),
    Param("background_image_url"),
    Param("organizer_email", required=True),
    Param("organizer_first_name"),
    Param("organizer_last_name"),
)
async def create_subchannel(
    request: Request, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    draft = SubchannelDraft(
        master_channel_id=params.required("master_channel_id"),
        name=params.required("channel_name"),
        url=params.required("channel_url"),
        organizer=OrganizerInput(
            email=params.required("organizer_email"),
            first_name=params.text("organizer_first_name"),
            last_name=params.text("organizer_last_name"),
        ),
        background_image_url=params.text("background_image_url"),
    )
    channel = await service.create_subchannel(session, account, draft)
    return wire_channels.channel(base_url(request), channel)


@router.get("/channels/sub_channels/{channel_url}", name="channels_list_subchannels")
async def list_subchannels(
    channel_url: str, request: Request, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    channels = await service.list_subchannels(session, account, channel_url)
    return {"channels": [wire_channels.channel(base_url(request), c) for c in channels]}


@router.get("/channels/{channel_id}", name="channels_show")
async def show_channel(
    channel_id: str, request: Request, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    channel = await service.get_channel(session, account, channel_id)
    return wire_channels.channel(base_url(request), channel)


@router.delete("/channels/{channel_url}", name="channels_remove_subchannel")
async def remove_subchannel(
    channel_url: str, session: Session, account: CurrentAccount
) -> dict[str, str]:
    await service.remove_subchannel(session, account, channel_url)
    return {"success": "The subchannel has been removed."}


@router.get("/channels/{channel_url}/conferences", name="channels_conferences")
@reads(
    Param("timing", choices=list(_TIMINGS), default="future"),
    Param("sort_start_date", choices=list(_SORTS), default="ascending"),
    Param("show_template", bool, default=False),
    Param("bmid", description="only conferences this person registered for"),
    inputs.TAGS,
    paging(25),
)
async def channel_conferences(
    channel_url: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, Any]:
    channel = await service.get_channel(session, account, channel_url)
    # Webinar templates do not exist here: show_template is checked and changes nothing.
    params.boolean("show_template")
    query = ConferenceQuery(
        channel_id=channel.id,
        kinds=WEBINAR_KINDS,
        phases=_TIMINGS[_choice(params, "timing", _TIMINGS, "future")],
        registered_person_id=(params.text("bmid") or "").strip() or None,
        newest_first=_SORTS[_choice(params, "sort_start_date", _SORTS, "ascending")],
        tags=inputs.tags(params) or [],
    )
    page = await conferences.search_conferences(session, account, query, page_request(params, 25))
    details = await conferences.describe(
        session, account, page.items, with_webhooks=True, with_activity=True
    )
    return wire.conference_page(base_url(request), page, details, secret_key(request))


@router.get("/conferences/registrations/channel/{channel_id}", name="channels_registrations")
@reads(
    Param("use_api_name", bool, default=False),
    time_filter_param("start_time", "registered after"),
    time_filter_param("end_time", "registered before"),
    Param("email"),
    Param("bmid"),
    paging(25),
)
async def channel_registrations(
    channel_id: str,
    request: Request,
    session: ReadSession,
    account: ReadAccount,
    params: RequestParams,
) -> dict[str, Any]:
    query = RegistrationQuery(
        registered_from=params.unix_time("start_time"),
        registered_until=params.unix_time("end_time"),
        email=params.text("email") or None,
        person_id=params.text("bmid") or None,
    )
    channel, page = await registrations.list_channel_registrations(
        session, account, channel_id, query, page_request(params, 25)
    )
    fields = await conferences.custom_fields_of(session, account, [c for _, _, c in page.items])
    use_api_name = bool(params.boolean("use_api_name"))
    return {
        "current_page": page.request.page,
        "per_page": page.request.per_page,
        "total_pages": page.total_pages,
        "total_count": page.total,
        "total_entries": page.total,
        "registrations": [
            wire_channels.channel_registration(
                secret_key(request),
                base_url(request),
                channel,
                registration,
                person,
                conference,
                fields[conference.id],
                use_api_name=use_api_name,
            )
            for registration, person, conference in page.items
        ],
    }


@router.get("/channels/{channel_id}/subscribers", name="channels_subscribers")
@reads(paging(25))
async def subscribers(
    channel_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any]:
    channel = await service.get_channel(session, account, channel_id)
    paged = params.has("page") or params.has("per_page")
    page = page_request(params, 25) if paged else None
    rows, total = await service.list_subscribers(session, account, channel, page)
    body: dict[str, Any] = {"subscribers": [wire_channels.subscriber(p) for _, p in rows]}
    if page is not None:
        body.update(
            current_page=page.page,
            per_page=page.per_page,
            total_pages=-(-total // page.per_page),
            total_entries=total,
        )
    return body


# GET (the document's Method line), POST (its curl) and PUT (what a WordPress
# form plugin sends): a refused method would lose the subscriber silently.
@router.api_route(
    "/channels/{channel_id}/add_subscriber",
    methods=["POST", "GET", "PUT"],
    name="channels_add_subscriber",
)
@reads(Param("email", required=True), Param("first_name"), Param("last_name"))
async def add_subscriber(
    channel_id: str, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    channel = await service.get_channel(session, account, channel_id)
    # temporary_password is accepted and ignored: subscribers have no password here.
    person = await service.add_subscriber(
        session,
        account,
        channel,
        email=params.required("email"),
        first_name=params.text("first_name"),
        last_name=params.text("last_name"),
    )
    return wire_channels.subscriber(person)


@router.delete("/channels/{channel_id}/remove_subscriber", name="channels_remove_subscriber")
@reads(Param("email", required=True))
async def remove_subscriber(
    channel_id: str, session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    channel = await service.get_channel(session, account, channel_id)
    await service.remove_subscriber(session, account, channel, params.required("email"))
    return {"success": "The subscriber has been removed."}


@router.get(
    "/channels/{channel_id}/list_registered_conferences",
    name="channels_list_registered_conferences",
)
@reads(Param("email", required=True), paging(25))
async def list_registered_conferences(
    channel_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any]:
    await service.get_channel(session, account, channel_id)
    page = await registrations.registered_conference_ids(
        session, account, channel_id, params.required("email"), page_request(params, 25)
    )
    return {
        "conferences": page.items,
        "page": page.request.page,
        "page_count": page.request.per_page,
        "total_count": page.total,
        "total_entries": page.total,
        "total_pages": page.total_pages,
    }


@router.delete("/channels/{channel_url}/delete_member", name="channels_delete_member_data")
@reads(Param("email", required=True))
async def delete_member(
    channel_url: str,
    request: Request,
    session: Session,
    account: CurrentAccount,
    params: RequestParams,
) -> dict[str, str]:
    """Both "Delete all of a user's data" and "Delete a user data from your
    channel": the person is erased from the account, not only from this channel."""
    await service.get_channel(session, account, channel_url)
    files = FileStore.of(request.app.state.settings)
    await erase_person(session, account, files, params.required("email"))
    return {"success": "All data of this member has been deleted."}
