"""``webinarium registrants …``: List Registrants, Register a User to a
Conference, Unregister a User From a Conference."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import typer

from webinarium.cli.command import call, fields, listing
from webinarium.client import BigMarker
from webinarium.client.models.bigmarker import Registered, Registrant, Success

app = typer.Typer(
    name="registrants", help="People registered for a conference.", no_args_is_help=True
)

COLUMNS = ("id", "email", "first_name", "last_name", "bmid")

ConferenceId = Annotated[str, typer.Argument(help="The conference's id.")]
Email = Annotated[str, typer.Option(help="The registrant's e-mail address.")]


@app.command("list")
@listing(COLUMNS, "registrants")
def list_registrants(
    bm: BigMarker,
    conference_id: ConferenceId,
    email: Annotated[str | None, typer.Option(help="Only this person.")] = None,
    start_time: Annotated[
        str | None, typer.Option(help="Registered after this moment (Unix seconds).")
    ] = None,
    end_time: Annotated[
        str | None, typer.Option(help="Registered before this moment (Unix seconds).")
    ] = None,
    *,
    per_page: int | None,
) -> Iterator[Registrant]:
    """List a conference's registrants (List Registrants)."""
    return bm.registrants.list(
        conference_id, email=email, start_time=start_time, end_time=end_time, per_page=per_page
    )


@app.command("register")
@call
def register(
    bm: BigMarker,
    conference_id: ConferenceId,
    email: Email,
    first_name: Annotated[str, typer.Option(help="First name.")],
    last_name: Annotated[str, typer.Option(help="Last name.")],
    utm_bmcr_source: Annotated[str | None, typer.Option(help="UTM source code.")] = None,
    temporary_password: Annotated[str | None, typer.Option(help="A temporary password.")] = None,
    custom_user_id: Annotated[str | None, typer.Option(help="Your own id of the person.")] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Any other documented field, key=value (repeatable)."),
    ] = None,
) -> Registered:
    """Register someone to a conference (Register a User to a Conference)."""
    given: dict[str, Any] = {
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "utm_bmcr_source": utm_bmcr_source,
        "temporary_password": temporary_password,
        "custom_user_id": custom_user_id,
    }
    return bm.registrants.register(conference_id, **fields(bm.registrants.register, given, set_))


@app.command("unregister")
@call
def unregister(bm: BigMarker, conference_id: ConferenceId, email: Email) -> Success:
    """Remove someone's registration (Unregister a User From a Conference)."""
    return bm.registrants.unregister(conference_id, email=email)
