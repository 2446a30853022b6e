"""``webinarium subscribers …``: List Subscribers, Add a Subscriber, Delete a
Subscriber."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer

from webinarium.cli.command import call, listing
from webinarium.client import BigMarker
from webinarium.client.models.bigmarker import Success
from webinarium.client.models.bigmarker_channels import Subscriber

app = typer.Typer(name="subscribers", help="A channel's subscribers.", no_args_is_help=True)

COLUMNS = ("email", "first_name", "last_name", "bmid")

ChannelId = Annotated[str, typer.Argument(help="The channel's id.")]
Email = Annotated[str, typer.Option(help="The subscriber's e-mail address.")]


@app.command("list")
@listing(COLUMNS, "subscribers")
def list_subscribers(
    bm: BigMarker, channel_id: ChannelId, *, per_page: int | None
) -> Iterator[Subscriber]:
    """List a channel's subscribers (List Subscribers)."""
    return bm.subscribers.list(channel_id, per_page=per_page)


@app.command("add")
@call
def add(
    bm: BigMarker,
    channel_id: ChannelId,
    email: Email,
    first_name: Annotated[str | None, typer.Option(help="First name.")] = None,
    last_name: Annotated[str | None, typer.Option(help="Last name.")] = None,
    temporary_password: Annotated[str | None, typer.Option(help="A temporary password.")] = None,
) -> Subscriber:
    """Subscribe someone to a channel (Add a Subscriber)."""
    return bm.subscribers.add(
        channel_id,
        email=email,
        first_name=first_name,
        last_name=last_name,
        temporary_password=temporary_password,
    )


@app.command("delete")
@call
def delete(bm: BigMarker, channel_id: ChannelId, email: Email) -> Success:
    """Remove a subscriber from a channel (Delete a Subscriber)."""
    return bm.subscribers.delete(channel_id, email=email)
