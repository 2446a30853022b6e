"""``webinarium attendees list``: List Attendees."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer

from webinarium.cli.command import listing
from webinarium.client import BigMarker
from webinarium.client.models.bigmarker import Attendee

app = typer.Typer(name="attendees", help="Who attended a conference.", no_args_is_help=True)

COLUMNS = ("email", "first_name", "last_name", "entered_at", "leaved_at", "total_duration")


@app.command("list")
@listing(COLUMNS, "attendees")
def list_attendees(
    bm: BigMarker,
    conference_id: Annotated[str, typer.Argument(help="The conference's id.")],
    *,
    per_page: int | None,
) -> Iterator[Attendee]:
    """List a conference's attendees (List Attendees)."""
    return bm.attendees.list(conference_id, per_page=per_page)
