"""Webinar participants: attendees*, 15 actions (see docs/myownconference.md).

A participant is one of the account's people on its attendee list; attaching
one to a webinar registers them for the conference (so BigMarker lists them as
a registrant, and block lists apply), with a personal enter link. Names are one
field here ("first and last name"), split and joined by `people.names`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
)

from webinarium.access.service import venue_by_alias
from webinarium.api.myownconference.actions import Action, Context, NoParams, Params
from webinarium.api.myownconference.values import (
    Email,
    PersonName,
    YesNo,
    local_time,
    room_fields,
    upper_word,
)
from webinarium.conferences.service import (
    address_of,
    conference_address,
    conferences_by_alias,
    get_conference_by_alias,
)
from webinarium.kit.errors import InvalidInput
from webinarium.kit.pagination import MAX_PAGE
from webinarium.kit.text import SearchText
from webinarium.kit.time import TimeRefused, parse_day
from webinarium.models import ParticipantGroup
from webinarium.participants import service as participants
from webinarium.participants.schemas import ParticipantQuery
from webinarium.people.names import full_name, refuse_forbidden_characters, split_full_name
from webinarium.people.schemas import PersonDetails
from webinarium.people.service import create_participant, find_participant, update_person_details
from webinarium.registrations.service import enter_link

LIST_FIELDS = (
    "name",
    "email",
    "phone",
    "skype",
    "company",
    "department",
    "city",
    "born",
    "creation_date",
    "country",
    "type",
    "notified",
    "link",
)
DEFAULT_ON_PAGE = 100
_ORDER_FIELDS: dict[str, Literal["name", "email", "since"]] = {
    "name": "name",
    "email": "email",
    "creation_date": "since",
}
# Dates of birth go back further than the times of webinars (kit.time's range).
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Emails = Annotated[list[Email], BeforeValidator(_as_list), Field(min_length=1)]


def _born(value: Any) -> date | None:
    """A date of birth: "YYYY-MM-DD" (also "DD.MM.YYYY", "DD/MM/YYYY"), from
    1900-01-01 to today; blank is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError("must be a date YYYY-MM-DD")
    try:
        return parse_day(value, earliest=EARLIEST_BIRTH_DATE, latest=date.today(), day_first=True)
    except TimeRefused as refused:
        raise ValueError(str(refused)) from None


class AttendeesCreate(Params):
    email: Email
    name: PersonName


class AttendeesSet(Params):
    email: Email
    newemail: Email | None = None
    name: PersonName | None = None
    phone: str | None = Field(default=None, max_length=16)
    skype: str | None = Field(default=None, max_length=64)
    company: str | None = Field(default=None, max_length=128)
    department: str | None = Field(default=None, max_length=128)
    city: str | None = Field(default=None, max_length=128)
    born: Annotated[date | None, BeforeValidator(_born)] = None

    @field_validator("newemail", "name", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("skype", "company", "department", "city")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return None if value is None else refuse_forbidden_characters(value)


class EmailList(Params):
    emails: Emails


class AttendeesList(Params):
    fields: Annotated[list[str], BeforeValidator(_as_list)] = Field(default_factory=list)
    # Refused beyond MAX_PAGE, as below 1: the offset they make must fit SQL's OFFSET.
    onPage: int | None = Field(default=None, ge=1, le=MAX_PAGE)
    page: int | None = Field(default=None, ge=1, le=MAX_PAGE)
    alias: str | None = None
    search: SearchText | None = None
    order: Annotated[Literal["ASC", "DESC"], BeforeValidator(upper_word)] = "ASC"
    orderField: Literal["name", "email", "creation_date"] = "name"
    type: Annotated[Literal["ACTIVE", "PENDING", "BANNED"] | None, BeforeValidator(upper_word)] = (
        None
    )
    imported: YesNo | None = None
    webinars: Annotated[list[str] | None, BeforeValidator(_as_list)] = None
    webinarsOrder: Annotated[Literal["IN", "OUT"], BeforeValidator(upper_word)] = "IN"
    withEmail: YesNo | None = None
    group: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_absent(cls, value: Any, info: ValidationInfo) -> Any:
        # PHP clients send '' for "not given"; the field's default applies.
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[str(info.field_name)].get_default(call_default_factory=True)
        return value


class WebinarAttendees(Params):
    alias: str
    attendees: Emails


class AttendeesRooms(Params):
    email: Email


class CreateGroup(Params):
    name: str


class RenameGroup(Params):
    id: str
    newname: str


class GroupId(Params):
    id: str


class GroupAttendees(Params):
    group_id: str
    attendees: Emails


class Unbanned(Params):
    email: Emails


def _success(message: str) -> dict[str, str]:
    return {"success": message}


def _group(group: ParticipantGroup) -> dict[str, str]:
    return {"id": group.id, "name": group.name}


async def attendees_create(ctx: Context, params: AttendeesCreate) -> dict[str, str]:
    first, last = split_full_name(params.name)
    await create_participant(
        ctx.session, ctx.account, email=params.email, first_name=first, last_name=last
    )
    return _success("Participant created")


async def attendees_set(ctx: Context, params: AttendeesSet) -> dict[str, str]:
    person = await find_participant(ctx.session, ctx.account, params.email)
    given = params.model_fields_set
    changes: dict[str, Any] = {
        field: getattr(params, field)
        for field in ("phone", "skype", "company", "department", "city", "born")
        if field in given
    }
    if params.newemail is not None:
        changes["email"] = params.newemail
    if params.name is not None:
        changes["first_name"], changes["last_name"] = split_full_name(params.name)
    await update_person_details(
        ctx.session, ctx.account, person, PersonDetails.model_validate(changes)
    )
    return _success("Participant updated")


async def attendees_delete(ctx: Context, params: EmailList) -> dict[str, str]:
    await participants.delete_participants(ctx.session, ctx.account, params.emails)
    return _success("Participants deleted")


async def attendees_list(ctx: Context, params: AttendeesList) -> dict[str, Any]:
    unknown = [name for name in params.fields if name not in LIST_FIELDS]
    if unknown:
        raise InvalidInput(f"unknown participant fields: {', '.join(unknown)}")
    conference = (
        await get_conference_by_alias(ctx.session, ctx.account, params.alias)
        if params.alias
        else None
    )
    webinar_ids = (
        [c.id for c in await conferences_by_alias(ctx.session, ctx.account, params.webinars)]
        if params.webinars is not None
        else None
    )
    query = ParticipantQuery(
        search=params.search,
        status=params.type.lower() if params.type else None,
        imported=params.imported,
        with_email=params.withEmail,
        group_id=params.group,
        conference_id=conference.id if conference else None,
        conference_ids=webinar_ids,
        involved=params.webinarsOrder == "IN",
        order_by=_ORDER_FIELDS[params.orderField],
        descending=params.order == "DESC",
    )
    if params.onPage is None and params.page is None:
        offset, limit = 0, None
    else:
        limit = params.onPage or DEFAULT_ON_PAGE
        offset = ((params.page or 1) - 1) * limit
    rows, total = await participants.list_participants(
        ctx.session, ctx.account, query, offset=offset, limit=limit
    )
    address = (
        await address_of(ctx.session, ctx.account, ctx.base_url, conference)
        if conference is not None
        else None
    )
    wanted = params.fields or ["name", "email"]
    items = []
    for row in rows:
        person = row.person
        link = (
            enter_link(ctx.secret_key, address, row.registration)
            if address is not None and row.registration is not None
            else ""
        )
        values: dict[str, str] = {
            "name": full_name(person),
            "email": person.email,
            "phone": person.phone,
            "skype": person.skype,
            "company": person.company,
            "department": person.department,
            "city": person.city,
            "born": person.born.isoformat() if person.born else "",
            "creation_date": local_time(person.participant_since, ctx.account.time_zone) or "",
            # Webinarium records no participant country and sends no invitations.
            "country": "",
            "type": person.participant_status.upper(),
            "notified": "0",
            "link": link,
        }
        items.append({name: values[name] for name in wanted})
    return {"count": str(total), "list": items}


async def attendees_add_to_webinar(ctx: Context, params: WebinarAttendees) -> dict[str, str]:
    place = await venue_by_alias(ctx.session, ctx.account, params.alias)
    await participants.attach(ctx.session, ctx.account, place, params.attendees)
    return _success("Participants attached to the webinar")


async def attendees_remove_from_webinar(ctx: Context, params: WebinarAttendees) -> dict[str, str]:
    conference = await get_conference_by_alias(ctx.session, ctx.account, params.alias)
    await participants.detach(ctx.session, ctx.account, conference.id, params.attendees)
    return _success("Participants detached from the webinar")


async def attendees_rooms(ctx: Context, params: AttendeesRooms) -> list[dict[str, str]]:
    rooms = await participants.rooms(ctx.session, ctx.account, params.email)
    answer = []
    for room in rooms:
        c = room.details.conference
        answer.append(
            {
                **room_fields(c),
                "attendeeLink": enter_link(
                    ctx.secret_key,
                    conference_address(ctx.base_url, room.details),
                    room.registration,
                ),
            }
        )
    return answer


async def attendees_create_group(ctx: Context, params: CreateGroup) -> dict[str, str]:
    group = await participants.create_group(ctx.session, ctx.account, params.name)
    return {"success": "Group created", "group_id": group.id}


async def attendees_groups_rename(ctx: Context, params: RenameGroup) -> dict[str, str]:
    await participants.rename_group(ctx.session, ctx.account, params.id, params.newname)
    return _success("Group renamed")


async def attendees_delete_group(ctx: Context, params: GroupId) -> dict[str, str]:
    await participants.delete_group(ctx.session, ctx.account, params.id)
    return _success("Group deleted")


async def attendees_groups_list(ctx: Context, _: NoParams) -> list[list[dict[str, str]]]:
    # The document nests the list in one more array.
    return [[_group(g) for g in await participants.list_groups(ctx.session, ctx.account)]]


async def attendees_assign_to_group(ctx: Context, params: GroupAttendees) -> dict[str, str]:
    await participants.add_to_group(ctx.session, ctx.account, params.group_id, params.attendees)
    return _success("Participants added to the group")


async def attendees_unassign_from_group(ctx: Context, params: GroupAttendees) -> dict[str, str]:
    await participants.remove_from_group(
        ctx.session, ctx.account, params.group_id, params.attendees
    )
    return _success("Participants removed from the group")


async def attendees_common_groups(ctx: Context, params: EmailList) -> list[dict[str, str]]:
    groups = await participants.common_groups(ctx.session, ctx.account, params.emails)
    return [_group(g) for g in groups]


async def attendees_unbanned(ctx: Context, params: Unbanned) -> dict[str, str]:
    await participants.unban(ctx.session, ctx.account, params.email)
    return _success("Participants unblocked")


ACTIONS: list[Action] = [
    Action("attendeesCreate", AttendeesCreate, attendees_create),
    Action("attendeesSet", AttendeesSet, attendees_set),
    Action("attendeesDelete", EmailList, attendees_delete, list_field="emails"),
    Action("attendeesList", AttendeesList, attendees_list, read_only=True),
    Action("attendeesAddToWebinar", WebinarAttendees, attendees_add_to_webinar),
    Action("attendeesRemoveFromWebinar", WebinarAttendees, attendees_remove_from_webinar),
    Action("attendeesRooms", AttendeesRooms, attendees_rooms, read_only=True),
    Action("attendeesCreateGroup", CreateGroup, attendees_create_group),
    Action("attendeesGroupsRename", RenameGroup, attendees_groups_rename),
    Action("attendeesDeleteGroup", GroupId, attendees_delete_group),
    Action("attendeesGroupsList", NoParams, attendees_groups_list, read_only=True),
    Action("attendeesAssignToGroup", GroupAttendees, attendees_assign_to_group),
    Action("attendeesUnAssignFromGroup", GroupAttendees, attendees_unassign_from_group),
    Action(
        "attendeesCommonGroups",
        EmailList,
        attendees_common_groups,
        list_field="emails",
        read_only=True,
    ),
    Action("attendeesUnbanned", Unbanned, attendees_unbanned, list_field="email"),
]
