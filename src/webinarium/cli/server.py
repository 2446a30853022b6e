"""The server's admin commands (migrate, serve, worker, accounts …, keys …,
backup, restore).

What they run needs the server's modules (SQLAlchemy, FastAPI, uvicorn, the
app), which cost seconds to import: each command imports them when it runs, so
that this module imports only Typer and `webinarium --help`, which lists these
commands, starts as fast as the client commands (docs/cli.md)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from webinarium.settings import Settings

# Where `webinarium --help` lists these commands.
PANEL = "Server commands"
app = typer.Typer(no_args_is_help=True)
accounts_app = typer.Typer(help="Accounts (tenants).", no_args_is_help=True)
keys_app = typer.Typer(help="API keys of an account.", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts", rich_help_panel=PANEL)
app.add_typer(keys_app, name="keys", rich_help_panel=PANEL)

T = TypeVar("T")

DEMO_EMAIL = "demo@webinarium.local"
DEMO_PASSWORD = "webinarium-demo"
# The largest WebSocket message uvicorn reads (its own default is 16 MiB). The
# room's rule is the gateway's FRAME_LIMIT, 16 KiB (1009 past it); this bound,
# 1 KiB above it, stops a client from making the server read and hold a larger
# frame: past it the WebSocket layer closes with 1009 from the frame's header.
# A number here, not FRAME_LIMIT + 1024, so that the help imports no room code;
# tests/room/test_serve_socket_options.py holds it above FRAME_LIMIT.
WS_MAX_SIZE = 17 * 1024
# No permessage-deflate on WebSockets (uvicorn offers it by default): the
# room sends the same small frame to thousands of sockets, and with deflate each
# socket compresses it again in its own zlib state, which costs memory for
# every idle socket and CPU for every delivery (docs/performance.md, "Room fan-out").
WS_PER_MESSAGE_DEFLATE = False


def _settings() -> Settings:
    """Settings from the environment; a refused value ends the command with its
    message (not a traceback)."""
    from pydantic import ValidationError

    from webinarium.kit.errors import plain_message
    from webinarium.settings import Settings

    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            where = f"WEBINARIUM_{str(problem['loc'][0]).upper()}: " if problem["loc"] else ""
            typer.echo(f"error: {where}{plain_message(problem)}", err=True)
        raise typer.Exit(1) from None


def _run(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Migrates, then runs ``work`` in one transaction; domain errors end the command."""
    import asyncio

    from webinarium import migrations
    from webinarium.kit.db import run_in_transaction
    from webinarium.kit.errors import DomainError

    settings = _settings()
    migrations.upgrade(settings)

    try:
        return asyncio.run(run_in_transaction(settings.database_url_async, work))
    except DomainError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(1) from None


@app.command(rich_help_panel=PANEL)
def migrate(
    down_to: Annotated[
        str | None,
        typer.Option(
            help="Undo the migrations after this revision instead (going back to an older "
            "release: its newest revision id, e.g. 0030_recording_sessions)."
        ),
    ] = None,
) -> None:
    """Apply pending database migrations."""
    from alembic.util import CommandError

    from webinarium import migrations

    settings = _settings()
    if down_to is None:
        migrations.upgrade(settings)
        typer.echo("database is up to date")
        return
    try:
        migrations.downgrade(settings, down_to)
    except CommandError as error:  # no such revision, or one ahead of the database
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"database is at {down_to}")


@app.command(rich_help_panel=PANEL)
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    demo: Annotated[
        bool, typer.Option(help="Create a demo account on first start and print its API key.")
    ] = False,
) -> None:
    """Apply pending migrations and serve the HTTP APIs."""
    import uvicorn

    from webinarium import migrations
    from webinarium.app import create_app
    from webinarium.kit.logs import configure_logging

    settings = _settings()
    # Every log line from here on, uvicorn's access lines too, is redacted.
    configure_logging(settings.log_format)
    migrations.upgrade(settings)
    if demo:
        _ensure_demo_account(settings, host, port)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=None,
        log_level="info",
        ws_max_size=WS_MAX_SIZE,
        ws_per_message_deflate=WS_PER_MESSAGE_DEFLATE,
    )


@app.command(rich_help_panel=PANEL)
def worker() -> None:
    """Run the worker alone (webhook deliveries, mail) and the scheduler (the
    webinars' clock) until stopped: for deployments that set
    WEBINARIUM_WORKER_IN_SERVE=false."""
    import asyncio

    from webinarium import migrations
    from webinarium.kit.logs import configure_logging
    from webinarium.settings import with_secret_key
    from webinarium.worker.process import run_worker

    settings = with_secret_key(_settings())
    configure_logging(settings.log_format)
    migrations.upgrade(settings)
    asyncio.run(run_worker(settings))


def _ensure_demo_account(settings: Settings, host: str, port: int) -> None:
    from webinarium.accounts import service as accounts
    from webinarium.accounts.repository import AccountRepository

    async def ensure(session: AsyncSession) -> tuple[str, accounts.NewAccount | None]:
        user = await AccountRepository(session).get_user_by_email(DEMO_EMAIL)
        if user is not None:
            return user.account_id, None
        created = await accounts.create_account(
            session, name="Demo", email=DEMO_EMAIL, password=DEMO_PASSWORD
        )
        return created.account.id, created

    account_id, created = _run(ensure)
    base = f"http://{host}:{port}"
    if created is None:
        typer.echo(f"Demo account {account_id} ({DEMO_EMAIL}, password {DEMO_PASSWORD});")
        typer.echo("  its API key was shown on first start. A new one:")
        typer.echo(f"  .venv/bin/webinarium keys create --account {account_id}")
    else:
        typer.echo("Demo account created")
        typer.echo(f"  account_id: {account_id}")
        typer.echo(f"  e-mail:     {DEMO_EMAIL}")
        typer.echo(f"  password:   {DEMO_PASSWORD}")
        typer.echo(f"  API key:    {created.api_key.plain}")
        typer.echo(f"  channel_id: {created.channel.id}")
    typer.echo(f"Serving on {base}  (health: {base}/healthz, BigMarker API: {base}/api/v1)")
    typer.echo(f"Organiser console: {base}/console  (sign in as {DEMO_EMAIL} / {DEMO_PASSWORD})")
    typer.echo("This terminal stays with the server (Ctrl+C stops it); try it from another one:")
    typer.echo(f'  curl -H "API-KEY:<key>" {base}/api/v1/conferences', color=False)


@accounts_app.command("create")
def accounts_create(
    name: Annotated[str, typer.Option(help="Account (and first channel) name.")],
    email: Annotated[str, typer.Option(help="E-mail of the account's first user.")],
    password: Annotated[str, typer.Option(help="Password of that user (8 characters or more).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Create an account with one user, one channel and one API key."""
    from webinarium.accounts import service as accounts

    async def create(session: AsyncSession) -> accounts.NewAccount:
        return await accounts.create_account(session, name=name, email=email, password=password)

    new = _run(create)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "account_id": new.account.id,
                    "api_key": new.api_key.plain,
                    "channel_id": new.channel.id,
                }
            )
        )
        return
    typer.echo(f"Account {new.account.name} created")
    typer.echo(f"  account_id: {new.account.id}")
    typer.echo(f"  channel_id: {new.channel.id} (URL {new.channel.url})")
    typer.echo(f"  API key:    {new.api_key.plain}")
    typer.echo("The API key is shown only now; keep it somewhere safe.")


@accounts_app.command("list")
def accounts_list() -> None:
    """List the accounts: id, name, first user's e-mail."""
    from webinarium.accounts import service as accounts

    async def listing(session: AsyncSession) -> list[str]:
        return [
            f"{account.id}  {account.name}  {email}"
            for account, email in await accounts.list_accounts(session)
        ]

    for line in _run(listing):
        typer.echo(line)


AccountOption = Annotated[str, typer.Option("--account", help="Account id.")]


@keys_app.command("create")
def keys_create(
    account_id: AccountOption,
    name: Annotated[str, typer.Option(help="A label to recognise the key by.")] = "cli",
) -> None:
    """Create an API key; it is printed once."""
    from webinarium.accounts import service as accounts

    async def create(session: AsyncSession) -> accounts.IssuedKey:
        account = await accounts.get_account(session, account_id)
        return await accounts.create_api_key(session, account, name=name)

    issued = _run(create)
    typer.echo(f"{issued.key.id}  {issued.plain}")


@keys_app.command("list")
def keys_list(account_id: AccountOption) -> None:
    """List an account's API keys (id, prefix, name, state)."""
    from webinarium.accounts import service as accounts

    async def listing(session: AsyncSession) -> list[str]:
        account = await accounts.get_account(session, account_id)
        return [
            f"{key.id}  {key.prefix}…  {key.name}  " + ("revoked" if key.revoked_at else "active")
            for key in await accounts.list_api_keys(session, account)
        ]

    for line in _run(listing):
        typer.echo(line)


@keys_app.command("revoke")
def keys_revoke(
    account_id: AccountOption, key_id: Annotated[str, typer.Argument(help="Key id.")]
) -> None:
    """Revoke an API key: it stops working at once."""
    from webinarium.accounts import service as accounts

    async def revoke(session: AsyncSession) -> None:
        account = await accounts.get_account(session, account_id)
        await accounts.revoke_api_key(session, account, key_id)

    _run(revoke)
    typer.echo(f"revoked {key_id}")


@app.command(rich_help_panel=PANEL)
def backup(
    path: Annotated[Path, typer.Argument(help="A new directory to write the backup into.")],
) -> None:
    """Back up the database and the file store into a new directory, while the
    server serves (docs/operations.md, "Backups")."""
    from webinarium.ops import backup as backups

    try:
        made = backups.backup(_settings(), path)
    except backups.BackupRefused as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"backup written to {path}: {made.database} database at revision "
        f"{made.alembic_revision}, {made.files} files"
    )
    if made.missing_files:
        typer.echo(
            f"warning: {len(made.missing_files)} files were deleted while the backup ran "
            "and are not in it (listed in its manifest.json)",
            err=True,
        )
    if made.secret_key == "environment":
        typer.echo(
            "note: the secret key is WEBINARIUM_SECRET_KEY, not in the backup: "
            "keep it with the backup",
            err=True,
        )


@app.command(rich_help_panel=PANEL)
def restore(
    path: Annotated[Path, typer.Argument(help="A directory `webinarium backup` wrote.")],
    force: Annotated[bool, typer.Option(help="Replace a database that holds accounts.")] = False,
) -> None:
    """Restore a backup into the configured database and data directory (the
    server stopped), then migrate it to this version's schema."""
    from webinarium.ops import backup as backups

    try:
        made = backups.restore(_settings(), path, force=force)
    except backups.BackupRefused as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"restored {path} (made {made.created_at} by Webinarium {made.webinarium_version}, "
        f"revision {made.alembic_revision}); the database is up to date"
    )
    if made.secret_key == "environment":
        typer.echo(
            "note: the backup was made with WEBINARIUM_SECRET_KEY set: set the same "
            "value, or the links signed before stop working",
            err=True,
        )
