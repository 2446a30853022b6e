"""``webinarium channels …``: List Channels, Get a Channel, List Channel
Conferences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer

from webinarium.cli import conferences
from webinarium.cli.command import call, listing
from webinarium.client import BigMarker
from webinarium.client.models.bigmarker import Channel, Conference

app = typer.Typer(name="channels", help="Your channels and their webinars.", no_args_is_help=True)

COLUMNS = ("channel_id", "channel_url", "name")


@app.command("list")
@listing(COLUMNS, "channels")
def list_channels(bm: BigMarker, *, per_page: int | None) -> Iterator[Channel]:
    """List your channels (List Channels)."""
    return bm.channels.list(per_page=per_page)


@app.command("get")
@call
def get(
    bm: BigMarker, channel_id: Annotated[str, typer.Argument(help="The channel's id.")]
) -> Channel:
    """Show a channel (Get a Channel)."""
    return bm.channels.get(channel_id)


@app.command("conferences")
@listing(conferences.COLUMNS, "conferences")
def channel_conferences(
    bm: BigMarker,
    channel_url: Annotated[str, typer.Argument(help="The channel's URL name (or its id).")],
    timing: Annotated[str | None, typer.Option(help="future (default), past or all.")] = None,
    sort_start_date: Annotated[
        str | None, typer.Option(help="ascending (default) or descending.")
    ] = None,
    bmid: Annotated[str | None, typer.Option(help="Only those this person registered for.")] = None,
    *,
    per_page: int | None,
) -> Iterator[Conference]:
    """List a channel's conferences (List Channel Conferences)."""
    return bm.channels.conferences(
        channel_url, timing=timing, sort_start_date=sort_start_date, bmid=bmid, per_page=per_page
    )
