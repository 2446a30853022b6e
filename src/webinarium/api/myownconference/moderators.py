"""Webinar moderators: moderatorsCreate, moderatorsDelete, moderatorsSet,
moderatorsList, moderatorsAddToWebinar, moderatorsRemoveFromWebinar,
moderatorsRooms.

Moderators are named by e-mail (6–128 characters), webinars by alias. A
moderator attached to a webinar is a presenter of that conference with
moderator rights (BigMarker's ``is_moderator`` and ``can_manage``). The
account's own address is the primary moderator (``main`` = YES).
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AliasChoices,
    BeforeValidator,
    Field,
    StringConstraints,
)

from webinarium.api.myownconference.actions import Action, Context, Params
from webinarium.api.myownconference.values import (
    Email,
    PersonName,
    YesNo,
    local_time,
    room_fields,
    yes_no,
)
from webinarium.conferences.service import get_conference_by_alias
from webinarium.kit.errors import InvalidInput
from webinarium.moderators.service import (
    ModeratorEntry,
    ModeratorRoom,
    attach_moderators,
    create_moderator,
    delete_moderators,
    detach_moderators,
    list_moderators,
    moderator_rooms,
    update_moderator,
)
from webinarium.people.names import split_full_name
from webinarium.presenters.service import presenter_link

LIST_FIELDS = ("name", "email", "registered", "main", "avatar")


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _at_least_one(value: list[str]) -> list[str]:
    if not value:
        raise ValueError("give at least one e-mail address")
    return value


Emails = Annotated[list[Email], BeforeValidator(_one_or_many), AfterValidator(_at_least_one)]
Alias = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


def decode_image(text: str) -> bytes:
    """Base64 as `base64` prints it (line breaks allowed), with or without a
    ``data:image/…;base64,`` prefix and padding."""
    data = text.strip()
    if data[:5].lower() == "data:":
        header, _, data = data.partition(",")
        if not header.lower().endswith(";base64"):
            raise InvalidInput("avatar must be a Base64-encoded JPEG or PNG image")
    data = "".join(data.split())
    data += "=" * (-len(data) % 4)
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("avatar must be a Base64-encoded JPEG or PNG image") from None


class ModeratorsCreate(Params):
    name: PersonName
    email: Email


class ModeratorsDelete(Params):
    emails: Emails = Field(validation_alias=AliasChoices("emails", "email"))


class ModeratorsSet(Params):
    email: Email
    newEmail: Email | None = None
    newName: PersonName | None = None
    avatar: str | None = None


class ModeratorsList(Params):
    fields: Annotated[list[str], BeforeValidator(_one_or_many)] = Field(default_factory=list)
    alias: str | None = None
    search: str | None = Field(default=None, max_length=128)


class ModeratorsAttach(Params):
    alias: Alias
    email: Emails
    sendInvite: YesNo | None = None


class ModeratorsDetach(Params):
    alias: Alias
    email: Emails


class ModeratorsRooms(Params):
    email: Email


async def moderators_create(ctx: Context, params: ModeratorsCreate) -> dict[str, str]:
    first, last = split_full_name(params.name)
    await create_moderator(
        ctx.session, ctx.account, email=params.email, first_name=first, last_name=last
    )
    return {"success": "Moderator created"}


async def moderators_delete(ctx: Context, params: ModeratorsDelete) -> dict[str, str]:
    count = await delete_moderators(ctx.session, ctx.account, params.emails)
    return {"success": "Moderator deleted" if count == 1 else "Moderators deleted"}


async def moderators_set(ctx: Context, params: ModeratorsSet) -> dict[str, str]:
    if params.newEmail is None and params.newName is None and params.avatar is None:
        raise InvalidInput("give newEmail, newName or avatar to change")
    first, last = split_full_name(params.newName) if params.newName is not None else (None, None)
    # "" removes the avatar: the moderator is shown by the webcam again.
    image = decode_image(params.avatar) if params.avatar else None
    await update_moderator(
        ctx.session,
        ctx.account,
        ctx.files,
        params.email,
        new_email=params.newEmail,
        first_name=first,
        last_name=last,
        avatar=image,
        remove_avatar=params.avatar is not None and not params.avatar.strip(),
    )
    return {"success": "Moderator updated"}


async def moderators_list(ctx: Context, params: ModeratorsList) -> list[dict[str, str]]:
    unknown = [name for name in params.fields if name not in LIST_FIELDS]
    if unknown:
        raise InvalidInput(f"unknown moderator fields: {', '.join(unknown)}")
    conference_id = None
    if params.alias and params.alias.strip():
        conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
        conference_id = conference.id
    entries = await list_moderators(
        ctx.session, ctx.account, search=params.search, conference_id=conference_id
    )
    wanted = params.fields or list(LIST_FIELDS)
    return [
        {name: value for name, value in _entry(ctx, entry).items() if name in wanted}
        for entry in entries
    ]


def _entry(ctx: Context, entry: ModeratorEntry) -> dict[str, str]:
    return {
        "name": entry.name,
        "email": entry.email,
        "registered": local_time(entry.registered_at, ctx.account.time_zone) or "",
        "main": yes_no(entry.primary),
        "avatar": yes_no(entry.has_avatar),
    }


async def moderators_add_to_webinar(ctx: Context, params: ModeratorsAttach) -> dict[str, str]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    # Absent is NO: the invitation goes out with the webinar's scheduled reminders.
    await attach_moderators(
        ctx.session,
        ctx.account,
        conference.id,
        params.email,
        send_invite=bool(params.sendInvite),
    )
    return {"success": "Moderators attached to the webinar"}


async def moderators_remove_from_webinar(ctx: Context, params: ModeratorsDetach) -> dict[str, str]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    await detach_moderators(ctx.session, ctx.account, conference.id, params.email)
    return {"success": "Moderators detached from the webinar"}


async def moderators_rooms(ctx: Context, params: ModeratorsRooms) -> list[ModeratorRoom]:
    return await moderator_rooms(ctx.session, ctx.account, params.email)


def render_rooms(ctx: Context, rooms: list[ModeratorRoom]) -> list[dict[str, str]]:
    return [_room(ctx.base_url, ctx.secret_key, room) for room in rooms]


def _room(base_url: str, secret_key: str, room: ModeratorRoom) -> dict[str, str]:
    c = room.conference
    address = f"{base_url}/{room.channel.url}/{c.sub_url}"
    return {
        **room_fields(c),
        # The moderator's own link into the room: BigMarker's presenter_url.
        "moderatorLink": presenter_link(secret_key, address, room.presenter),
    }


ACTIONS = [
    Action("moderatorsCreate", ModeratorsCreate, moderators_create),
    Action("moderatorsDelete", ModeratorsDelete, moderators_delete, list_field="emails"),
    Action("moderatorsSet", ModeratorsSet, moderators_set),
    Action("moderatorsList", ModeratorsList, moderators_list, read_only=True),
    Action("moderatorsAddToWebinar", ModeratorsAttach, moderators_add_to_webinar),
    Action("moderatorsRemoveFromWebinar", ModeratorsDetach, moderators_remove_from_webinar),
    Action("moderatorsRooms", ModeratorsRooms, moderators_rooms, render_rooms, read_only=True),
]
