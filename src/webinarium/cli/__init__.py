"""The ``webinarium`` command line (docs/cli.md).

Two kinds of command share it:

- the server's admin commands (migrate, serve, worker, accounts …, keys …,
  backup, restore), written in `webinarium.cli.server`: each imports what it
  runs (SQLAlchemy, FastAPI, uvicorn, the app: seconds) only when it runs;
- the client commands (conferences, registrants, attendees, channels,
  subscribers, presenters, api, login), one per module of the integrator's
  BigMarker app, which speak BigMarker v1 through `webinarium.client.BigMarker`
  to any server (this one or bigmarker.com) and import none of the server's
  modules.

So ``webinarium --help`` and every client command start without the server's
modules (tests/cli/test_client_commands.py proves it).
"""

from __future__ import annotations

import typer

from webinarium.cli import (
    attendees,
    channels,
    conferences,
    presenters,
    registrants,
    server,
    subscribers,
)
from webinarium.cli.api import api
from webinarium.cli.login import login

CLIENT_PANEL = "Client commands (BigMarker API v1)"

app = typer.Typer(
    help="Webinarium: a self-hosted webinar platform. The client commands speak BigMarker "
    "API v1 to a server (see `webinarium login`); the others run the server.",
    no_args_is_help=True,
)
for module in (conferences, registrants, attendees, channels, subscribers, presenters):
    app.add_typer(module.app, rich_help_panel=CLIENT_PANEL)
app.command("api", rich_help_panel=CLIENT_PANEL)(api)
app.command("login", rich_help_panel=CLIENT_PANEL)(login)
# Without a name: its commands (migrate, serve, … keys) join these.
app.add_typer(server.app)
