"""BigMarker's shapes for channels, sub-channels, subscribers, categories and
channel-wide registrations (see ``wire`` for conferences and registrations)."""

from __future__ import annotations

from typing import Any

from webinarium.api.bigmarker.wire import registration
from webinarium.models import (
    Category,
    Channel,
    ChannelAdmin,
    Conference,
    CustomField,
    Person,
    Registration,
)


def channel_address(base_url: str, channel: Channel) -> str:
    return f"{base_url}/{channel.url}"


def channel(base_url: str, row: Channel) -> dict[str, Any]:
    """The document's Channel Parameters, then what create_subchannel writes."""
    return {
        "channel_id": row.id,
        "channel_url": channel_address(base_url, row),
        "name": row.name,
        "overview": row.overview,
        "description": row.description,
        "master_channel_id": row.parent_id,
        "background_image_url": row.background_image_url,
    }


def channel_host(admin: ChannelAdmin, person: Person) -> dict[str, Any]:
    """A host as View Channel Admins shows an admin, with the e-mail."""
    return {
        "admin_id": admin.id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "bio": admin.bio,
        "title": admin.title,
        "status": admin.status,
        "bmid": person.id,
    }


def channel_with_hosts(
    base_url: str, row: Channel, hosts: list[tuple[ChannelAdmin, Person]]
) -> dict[str, Any]:
    return {
        **channel(base_url, row),
        "channel_hosts": [channel_host(admin, person) for admin, person in hosts],
    }


def subscriber(person: Person) -> dict[str, Any]:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "bmid": person.id,
    }


def category(
    channel_row: Channel, row: Category, conference_ids: list[str] | None
) -> dict[str, Any]:
    """``club`` is BigMarker's internal word for a channel: its name here."""
    body: dict[str, Any] = {"name": row.name, "club": channel_row.name}
    if conference_ids is not None:
        body["conferences"] = conference_ids
    return {"category": body}


def channel_registration(
    secret_key: str,
    base_url: str,
    channel_row: Channel,
    row: Registration,
    person: Person,
    conference: Conference,
    fields: list[CustomField],
    *,
    use_api_name: bool,
) -> dict[str, Any]:
    """A registrant of a channel's conference: the registration lists' shape with
    the registration ``id`` and the ``conference_id``."""
    address = f"{channel_address(base_url, channel_row)}/{conference.sub_url}"
    return {
        "id": row.id,
        "conference_id": conference.id,
        **registration(secret_key, address, row, person, fields, use_api_name=use_api_name),
    }
