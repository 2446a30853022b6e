"""``webinarium login``: check a base URL and key, then save them as a profile."""

from __future__ import annotations

from typing import Annotated

import typer

from webinarium.cli import profile
from webinarium.cli.command import Connection, api_error
from webinarium.client import APIError


def login(
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="WEBINARIUM_BASE_URL",
            help="The server's root URL (asked when missing).",
        ),
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            envvar="WEBINARIUM_API_KEY",
            help="The API key (asked, hidden, when missing).",
        ),
    ] = None,
    profile_name: Annotated[
        str,
        typer.Option("--profile", envvar="WEBINARIUM_PROFILE", help="The profile to save."),
    ] = profile.DEFAULT_PROFILE,
) -> None:
    """Check a server's URL and API key with one call, then save them as a profile.

    The client commands use the profile for what no option or environment
    variable gives."""
    if not base_url:
        base_url = typer.prompt("Base URL (e.g. https://webinars.example.com)")
    if not api_key:
        api_key = typer.prompt("API key", hide_input=True)
    connection = Connection(base_url=base_url.strip().rstrip("/"), api_key=api_key.strip())
    try:
        with connection.client() as bm:
            # The cheapest call that needs a valid key: one channel.
            bm.request("GET", "channels", params={"per_page": 1})
    except APIError as error:
        api_error(error)
    path = profile.save(
        profile_name, profile.Profile(base_url=connection.base_url, api_key=connection.api_key)
    )
    typer.echo(f"Logged in to {connection.base_url}; profile {profile_name!r} saved in {path}")
