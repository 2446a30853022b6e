"""The ``webinarium`` command line (docs/cli.md).

Two kinds of command share it:

- the server's admin commands (migrate, serve, worker, accounts …, keys …),
  written in `webinarium.cli.server` and imported only when one of them runs:
  they need SQLAlchemy, FastAPI and uvicorn, which cost seconds to import;
- the client commands (conferences, registrants, attendees, channels,
  subscribers, presenters, api, login), one per module of the integrator's
  BigMarker app, which speak BigMarker v1 through `webinarium.client.BigMarker`
  to any server (this one or bigmarker.com) and import none of the server's
  modules.
"""

from __future__ import annotations

import functools
from typing import Any

import typer
from typer.core import TyperGroup

from webinarium.cli import attendees, channels, conferences, presenters, registrants, subscribers
from webinarium.cli.api import api
from webinarium.cli.login import login

# The admin commands, by name, in the order the help lists them.
SERVER_COMMANDS = ("migrate", "serve", "worker", "accounts", "keys")
CLIENT_PANEL = "Client commands (BigMarker API v1)"


@functools.cache
def _server_commands() -> TyperGroup:
    from webinarium.cli import server

    group = typer.main.get_command(server.app)
    assert isinstance(group, TyperGroup)
    return group


class _Commands(TyperGroup):
    """The top-level group: the admin commands are looked up in
    `webinarium.cli.server` (imported then) when asked for by name."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *SERVER_COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in SERVER_COMMANDS:
            return _server_commands().get_command(ctx, cmd_name)
        return super().get_command(ctx, cmd_name)


app = typer.Typer(
    cls=_Commands,
    help="Webinarium: a self-hosted webinar platform. The client commands speak BigMarker "
    "API v1 to a server (see `webinarium login`); the others run the server.",
    no_args_is_help=True,
)
for module in (conferences, registrants, attendees, channels, subscribers, presenters):
    app.add_typer(module.app, rich_help_panel=CLIENT_PANEL)
app.command("api", rich_help_panel=CLIENT_PANEL)(api)
app.command("login", rich_help_panel=CLIENT_PANEL)(login)
