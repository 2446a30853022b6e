"""``webinarium conferences …``: the integrator's conference modules (List,
Search, Search Recurring, Get, Create, Update, Delete a Conference)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import typer

from webinarium.cli.command import call, fields, listing
from webinarium.client import BigMarker
from webinarium.client.models.bigmarker import Conference, Success

app = typer.Typer(
    name="conferences",
    help="Webinars: list, search, show, create, change, delete.",
    no_args_is_help=True,
)

COLUMNS = ("id", "title", "type", "start_time", "duration", "privacy")

ConferenceId = Annotated[str, typer.Argument(help="The conference's id.")]
Kind = Annotated[
    str | None,
    typer.Option(
        "--type",
        help="Which ones: future (the default), past, all, multiple_times, happening_now, … "
        "(docs/bigmarker.md).",
    ),
]
SearchKind = Annotated[
    str | None,
    typer.Option(
        "--type",
        help="Which ones: evergreen_parent, evergreen_child, recurring_parent, recurring_child, "
        "meetingspace, ondemand, webcast, live_webinar (docs/bigmarker.md).",
    ),
]
Role = Annotated[str | None, typer.Option(help="hosting, attending or all.")]
StartAfter = Annotated[
    str | None, typer.Option(help="Those starting after this moment (Unix seconds).")
]
EndBefore = Annotated[
    str | None, typer.Option(help="Those ending before this moment (Unix seconds).")
]
Sets = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Any other documented field, key=value (repeatable; the value read as JSON "
        'when it is JSON: true, 60, ["a"]).',
    ),
]

# The fields of the integrator's Create/Update a Conference modules.
ChannelAdminId = Annotated[
    str | None, typer.Option(help="The main presenter (default: the channel's admin).")
]
CopyId = Annotated[str | None, typer.Option(help="The conference to copy.")]
ScheduleType = Annotated[str | None, typer.Option(help="one_time or 24_hour_room.")]
Duration = Annotated[int | None, typer.Option(help="Minutes (default 60).")]
StartTime = Annotated[
    str | None, typer.Option(help='"YYYY-MM-DD HH:MM" (default: the next half hour).')
]
TimeZone = Annotated[str | None, typer.Option(help="The start time's zone (e.g. Europe/Paris).")]
Purpose = Annotated[str | None, typer.Option(help="The description.")]
Privacy = Annotated[str | None, typer.Option(help="public or private.")]
KnockToEnter = Annotated[bool | None, typer.Option(help="Attendees knock to enter.")]
DialIn = Annotated[bool | None, typer.Option(help="Conference dial-in.")]
WebhookUrl = Annotated[str | None, typer.Option(help="Where new registrations are POSTed.")]
WhoCanWatch = Annotated[str | None, typer.Option(help="Who can watch the recording.")]


@app.command("list")
@listing(COLUMNS, "conferences")
def list_conferences(
    bm: BigMarker,
    kind: Kind = None,
    role: Role = None,
    query: Annotated[str | None, typer.Option(help="Title words.")] = None,
    start_time: StartAfter = None,
    end_time: EndBefore = None,
    include_series: Annotated[bool | None, typer.Option(help="Series too.")] = None,
    *,
    per_page: int | None,
) -> Iterator[Conference]:
    """List your conferences (List Conferences)."""
    return bm.conferences.list(
        type=kind,
        role=role,
        query=query,
        start_time=start_time,
        end_time=end_time,
        include_series=include_series,
        per_page=per_page,
    )


@app.command("search")
@listing(COLUMNS, "conferences")
def search(
    bm: BigMarker,
    title: Annotated[str | None, typer.Option(help="Title words.")] = None,
    conference_id: Annotated[
        list[str] | None, typer.Option("--conference-id", help="Only these (repeatable).")
    ] = None,
    presenter_member_id: Annotated[
        list[str] | None,
        typer.Option("--presenter-member-id", help="Those these people present (repeatable)."),
    ] = None,
    role: Role = None,
    kind: SearchKind = None,
    start_time: StartAfter = None,
    end_time: EndBefore = None,
    *,
    per_page: int | None,
) -> Iterator[Conference]:
    """Search the conferences of your channels (Search Conferences)."""
    return bm.conferences.search(
        title=title,
        conference_ids=conference_id,
        presenter_member_ids=presenter_member_id,
        role=role,
        type=kind,
        start_time=start_time,
        end_time=end_time,
        per_page=per_page,
    )


@app.command("recurring")
@listing(COLUMNS, "sessions")
def recurring(
    bm: BigMarker,
    conference_id: Annotated[str, typer.Argument(help="The recurring webinar (the parent).")],
    start_time: StartAfter = None,
    end_time: EndBefore = None,
    *,
    per_page: int | None,
) -> Iterator[Conference]:
    """List the sessions of a recurring webinar (Search Recurring Conferences)."""
    return bm.conferences.recurring(
        conference_id, start_time=start_time, end_time=end_time, per_page=per_page
    )


@app.command("get")
@call
def get(bm: BigMarker, conference_id: ConferenceId) -> Conference:
    """Show a conference (Get a Conference)."""
    return bm.conferences.get(conference_id)


@app.command("create")
@call
def create(
    bm: BigMarker,
    channel_id: Annotated[str, typer.Option(help="The channel it belongs to.")],
    title: Annotated[str, typer.Option(help="The title.")],
    channel_admin_id: ChannelAdminId = None,
    conference_copy_id: CopyId = None,
    schedule_type: ScheduleType = None,
    duration_minutes: Duration = None,
    start_time: StartTime = None,
    time_zone: TimeZone = None,
    purpose: Purpose = None,
    privacy: Privacy = None,
    enable_knock_to_enter: KnockToEnter = None,
    enable_dial_in: DialIn = None,
    webhook_url: WebhookUrl = None,
    who_can_watch_recording: WhoCanWatch = None,
    set_: Sets = None,
) -> Conference:
    """Create a conference (Create a Conference) and show it."""
    given: dict[str, Any] = {
        "channel_id": channel_id,
        "title": title,
        "channel_admin_id": channel_admin_id,
        "conference_copy_id": conference_copy_id,
        "schedule_type": schedule_type,
        "duration_minutes": duration_minutes,
        "start_time": start_time,
        "time_zone": time_zone,
        "purpose": purpose,
        "privacy": privacy,
        "enable_knock_to_enter": enable_knock_to_enter,
        "enable_dial_in": enable_dial_in,
        "webhook_url": webhook_url,
        "who_can_watch_recording": who_can_watch_recording,
    }
    return bm.conferences.create(**fields(bm.conferences.create, given, set_))


@app.command("update")
@call
def update(
    bm: BigMarker,
    conference_id: ConferenceId,
    title: Annotated[str | None, typer.Option(help="The title.")] = None,
    schedule_type: ScheduleType = None,
    duration_minutes: Duration = None,
    start_time: StartTime = None,
    time_zone: TimeZone = None,
    purpose: Purpose = None,
    privacy: Privacy = None,
    enable_knock_to_enter: KnockToEnter = None,
    enable_dial_in: DialIn = None,
    webhook_url: WebhookUrl = None,
    who_can_watch_recording: WhoCanWatch = None,
    set_: Sets = None,
) -> Conference:
    """Change a conference (Update a Conference): only the fields given; show it."""
    given: dict[str, Any] = {
        "title": title,
        "schedule_type": schedule_type,
        "duration_minutes": duration_minutes,
        "start_time": start_time,
        "time_zone": time_zone,
        "purpose": purpose,
        "privacy": privacy,
        "enable_knock_to_enter": enable_knock_to_enter,
        "enable_dial_in": enable_dial_in,
        "webhook_url": webhook_url,
        "who_can_watch_recording": who_can_watch_recording,
    }
    return bm.conferences.update(conference_id, **fields(bm.conferences.update, given, set_))


@app.command("delete")
@call
def delete(bm: BigMarker, conference_id: ConferenceId) -> Success:
    """Delete a conference (Delete a Conference)."""
    return bm.conferences.delete(conference_id)
