"""``webinarium presenters …``: List Presenter Conferences, Add, Update and
Remove a Presenter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import typer

from webinarium.cli import conferences
from webinarium.cli.command import call, fields, listing
from webinarium.client import BigMarker
from webinarium.client.models.bigmarker import Conference, Presenter, Success

app = typer.Typer(
    name="presenters", help="Presenters and the conferences they present.", no_args_is_help=True
)

PresenterId = Annotated[str, typer.Argument(help="The presenter's id.")]
# The fields of the integrator's Add and Update a Presenter modules, named as
# the SDK's calls name them (presenter_email → email, name → display_name, …).
DisplayName = Annotated[str | None, typer.Option(help="The name shown in the room.")]
PhotoUrl = Annotated[str | None, typer.Option(help="The profile image's URL.")]
Bio = Annotated[str | None, typer.Option(help="A short bio.")]
Title = Annotated[str | None, typer.Option(help="The presenter's title.")]
CanManage = Annotated[bool | None, typer.Option(help="May manage the event.")]
IsModerator = Annotated[bool | None, typer.Option(help="Moderator (host controls).")]
Sets = Annotated[
    list[str] | None,
    typer.Option("--set", help="Any other documented field, key=value (repeatable)."),
]


@app.command("conferences")
@listing(conferences.COLUMNS, "conferences")
def presenter_conferences(
    bm: BigMarker,
    presenter_id: Annotated[str, typer.Argument(help="The presenter's member id (bmid).")],
    channel_id: Annotated[str | None, typer.Option(help="Only this channel's.")] = None,
    *,
    per_page: int | None,
) -> Iterator[Conference]:
    """List the conferences someone presents (List Presenter Conferences)."""
    return bm.presenters.conferences(presenter_id, channel_id=channel_id, per_page=per_page)


@app.command("add")
@call
def add(
    bm: BigMarker,
    conference_id: Annotated[str, typer.Option(help="The conference's id.")],
    email: Annotated[str, typer.Option(help="The presenter's e-mail address.")],
    display_name: DisplayName = None,
    photo_url: PhotoUrl = None,
    first_name: Annotated[
        str | None, typer.Option(help="First name (needed for a new person).")
    ] = None,
    last_name: Annotated[
        str | None, typer.Option(help="Last name (needed for a new person).")
    ] = None,
    temporary_password: Annotated[str | None, typer.Option(help="A temporary password.")] = None,
    bio: Bio = None,
    title: Title = None,
    can_manage: CanManage = None,
    is_moderator: IsModerator = None,
    send_email_invite: Annotated[bool | None, typer.Option(help="E-mail an invitation.")] = None,
    add_to_channel_subscriber_list: Annotated[
        bool | None, typer.Option(help="Subscribe them to the channel.")
    ] = None,
    set_: Sets = None,
) -> Presenter:
    """Add a presenter to a conference (Add a Presenter)."""
    given: dict[str, Any] = {
        "email": email,
        "display_name": display_name,
        "photo_url": photo_url,
        "first_name": first_name,
        "last_name": last_name,
        "temporary_password": temporary_password,
        "bio": bio,
        "title": title,
        "can_manage": can_manage,
        "is_moderator": is_moderator,
        "send_email_invite": send_email_invite,
        "add_to_channel_subscriber_list": add_to_channel_subscriber_list,
    }
    return bm.presenters.add(conference_id, **fields(bm.presenters.add, given, set_))


@app.command("update")
@call
def update(
    bm: BigMarker,
    presenter_id: PresenterId,
    conference_id: Annotated[str | None, typer.Option(help="The conference's id.")] = None,
    email: Annotated[
        str | None, typer.Option(help="The presenter's e-mail (it identifies; not changed).")
    ] = None,
    display_name: DisplayName = None,
    photo_url: PhotoUrl = None,
    bio: Bio = None,
    title: Title = None,
    can_manage: CanManage = None,
    is_moderator: IsModerator = None,
    set_: Sets = None,
) -> Presenter:
    """Change a presenter (Update a Presenter): only the fields given."""
    given: dict[str, Any] = {
        "conference_id": conference_id,
        "email": email,
        "display_name": display_name,
        "photo_url": photo_url,
        "bio": bio,
        "title": title,
        "can_manage": can_manage,
        "is_moderator": is_moderator,
    }
    return bm.presenters.update(presenter_id, **fields(bm.presenters.update, given, set_))


@app.command("remove")
@call
def remove(
    bm: BigMarker,
    presenter_id: PresenterId,
    conference_id: Annotated[str | None, typer.Option(help="The conference's id.")] = None,
) -> Success:
    """Remove a presenter from a conference (Remove a Presenter)."""
    return bm.presenters.remove(presenter_id, conference_id=conference_id)
