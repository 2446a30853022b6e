"""How a client command is made: its connection (option > environment >
saved profile), its output options and its exit codes, written once here.

A command is a plain function taking a `BigMarker` client as ``bm`` (or a
`Connection` as ``connection``) and its own options; `call` and `listing` add
the shared options to what Typer sees, open the client, print the answer and
turn `APIError` into exit 1 with the API's message on stderr. Missing
configuration is a usage error (exit 2), as Typer's own.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn

import typer

from webinarium.cli import output, profile
from webinarium.client import APIError, BigMarker

OK, API_ERROR, USAGE = 0, 1, 2
DEFAULT_LIMIT = 25  # the integrator's "Limit", and BigMarker's usual page
# The largest page BigMarker v1 (and Webinarium) hands out.
MAX_PER_PAGE = 500
CONNECTION_PANEL = "Connection"
OUTPUT_PANEL = "Output"

Command = Callable[..., Any]


def usage_error(message: str) -> NoReturn:
    """Ends the command as a usage error (exit 2) with ``message`` on stderr."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(USAGE)


def api_error(error: APIError) -> NoReturn:
    """Ends the command with exit 1 and the API's own message on stderr."""
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(API_ERROR)


@dataclass(frozen=True)
class Connection:
    """Where the client commands go and with which key."""

    base_url: str
    api_key: str

    def client(self, headers: dict[str, str] | None = None) -> BigMarker:
        return BigMarker(api_key=self.api_key, base_url=self.base_url, default_headers=headers)


def resolve(base_url: str | None, api_key: str | None, profile_name: str | None) -> Connection:
    """The connection from the options (Typer has already put the environment's
    value there when the option was not given), else from the saved profile."""
    saved: profile.Profile | None = None
    if not (base_url and api_key) or profile_name:
        name = profile_name or profile.DEFAULT_PROFILE
        try:
            saved = profile.load(name)
        except profile.ProfileError as error:
            usage_error(str(error))
        if saved is None and profile_name:
            usage_error(f"no profile named {profile_name!r} in {profile.config_path()}")
    base_url = base_url or (saved.base_url if saved else None)
    api_key = api_key or (saved.api_key if saved else None)
    if not (base_url and api_key):
        missing = " and no ".join(
            name for name, value in (("base URL", base_url), ("API key", api_key)) if not value
        )
        usage_error(
            f"no {missing} configured: pass --base-url and --api-key, "
            "set WEBINARIUM_BASE_URL and WEBINARIUM_API_KEY, or save a profile with "
            "`webinarium login`"
        )
    return Connection(base_url=base_url, api_key=api_key)


def _option(name: str, kind: Any, default: Any, *decls: str, **info: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[kind, typer.Option(*decls, **info)],
    )


CONNECTION_OPTIONS = [
    _option(
        "base_url",
        str | None,
        None,
        "--base-url",
        envvar="WEBINARIUM_BASE_URL",
        help="The server's root URL, e.g. https://webinars.example.com (/api/v1 is added).",
        rich_help_panel=CONNECTION_PANEL,
    ),
    _option(
        "api_key",
        str | None,
        None,
        "--api-key",
        envvar="WEBINARIUM_API_KEY",
        help="The API key (sent in the API-KEY header).",
        rich_help_panel=CONNECTION_PANEL,
    ),
    _option(
        "profile_name",
        str | None,
        None,
        "--profile",
        envvar="WEBINARIUM_PROFILE",
        help="The saved profile (webinarium login) for what options leave out (default: default).",
        rich_help_panel=CONNECTION_PANEL,
    ),
]
JSON_OPTION = _option(
    "as_json", bool, False, "--json", help="Print one JSON document.", rich_help_panel=OUTPUT_PANEL
)


def _list_options(columns: Sequence[str]) -> list[inspect.Parameter]:
    return [
        _option(
            "limit",
            int,
            DEFAULT_LIMIT,
            "--limit",
            min=1,
            help="Show the first N items.",
            rich_help_panel=OUTPUT_PANEL,
        ),
        _option(
            "every",
            bool,
            False,
            "--all",
            help="Every item, page after page (progress on stderr when it is a terminal).",
            rich_help_panel=OUTPUT_PANEL,
        ),
        _option(
            "per_page",
            int | None,
            None,
            "--per-page",
            min=1,
            help="Items per page asked of the server (default: --limit; the server's with --all).",
            rich_help_panel=OUTPUT_PANEL,
        ),
        JSON_OPTION,
        _option(
            "as_csv",
            bool,
            False,
            "--csv",
            help="Print CSV, the columns as its header.",
            rich_help_panel=OUTPUT_PANEL,
        ),
        _option(
            "columns",
            str | None,
            None,
            "--columns",
            help=f"Comma-separated columns of the table or CSV (default: {','.join(columns)}).",
            rich_help_panel=OUTPUT_PANEL,
        ),
    ]


def _command(
    func: Command,
    added: list[inspect.Parameter],
    injected: Sequence[str],
    run: Callable[[Callable[..., Any], dict[str, Any]], None],
) -> Command:
    """``func`` as Typer sees it: its parameters but ``injected``, then
    ``added``; calling it pops the added options and hands the rest to ``run``."""
    own = [
        parameter
        for parameter in inspect.signature(func, eval_str=True).parameters.values()
        if parameter.name not in injected
    ]
    parameters = own + added

    @functools.wraps(func)
    def command(**options: Any) -> None:
        try:
            run(func, options)
        except BrokenPipeError:
            # The reader went away (``… | head``): stop quietly, as Python's
            # documentation advises (stdout pointed at devnull for the exit's flush).
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(API_ERROR) from None

    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    del command.__wrapped__
    return command


def _connected(options: dict[str, Any]) -> Connection:
    return resolve(options.pop("base_url"), options.pop("api_key"), options.pop("profile_name"))


def call(func: Command) -> Command:
    """A command answering one thing: ``func(bm, …)`` returns it; printed as a
    field/value table, or as one JSON object with ``--json``."""
    return _call(func, always_json=False)


def raw_call(func: Command) -> Command:
    """A command printing its answer as JSON (text as it is), given the
    `Connection` as ``connection`` to open its own client."""
    return _call(func, always_json=True)


def _call(func: Command, *, always_json: bool) -> Command:
    def run(func: Command, options: dict[str, Any]) -> None:
        connection = _connected(options)
        as_json = always_json or options.pop("as_json")
        try:
            if always_json:
                answer = func(connection, **options)
            else:
                with connection.client() as bm:
                    answer = func(bm, **options)
        except APIError as error:
            api_error(error)
        data = output.data_of(answer)
        if data is None:
            return
        if always_json and isinstance(data, str):
            typer.echo(data)
        elif as_json:
            output.print_json(data)
        else:
            output.print_object(data)

    if always_json:
        return _command(func, CONNECTION_OPTIONS, ["connection"], run)
    return _command(func, [*CONNECTION_OPTIONS, JSON_OPTION], ["bm"], run)


def _columns(chosen: str | None, default: Sequence[str]) -> list[str]:
    if chosen is None:
        return list(default)
    columns = [column.strip() for column in chosen.split(",") if column.strip()]
    if not columns:
        raise typer.BadParameter("name at least one column", param_hint="--columns")
    return columns


def listing(columns: Sequence[str], label: str) -> Callable[[Command], Command]:
    """A command answering a list: ``func(bm, …, per_page=…)`` returns the
    SDK's iterator (it pages by itself); the first ``--limit`` items are shown,
    or every one with ``--all``. ``columns``: the table's and CSV's default."""

    def decorate(func: Command) -> Command:
        def run(func: Command, options: dict[str, Any]) -> None:
            limit, every = options.pop("limit"), options.pop("every")
            as_json, as_csv = options.pop("as_json"), options.pop("as_csv")
            chosen = _columns(options.pop("columns"), columns)
            if as_json and as_csv:
                raise typer.BadParameter("choose one of --json and --csv", param_hint="--csv")
            connection = _connected(options)
            per_page = options.pop("per_page") or (None if every else min(limit, MAX_PER_PAGE))
            try:
                with connection.client() as bm:
                    items: Iterable[Any] = func(bm, per_page=per_page, **options)
                    if every:
                        rows = [output.data_of(item) for item in output.with_progress(items, label)]
                    else:
                        rows = [output.data_of(item) for item in itertools.islice(items, limit)]
            except APIError as error:
                api_error(error)
            if as_json:
                output.print_json(rows)
            elif as_csv:
                output.print_csv(rows, chosen)
            else:
                output.print_table(rows, chosen)

        return _command(
            func, [*CONNECTION_OPTIONS, *_list_options(columns)], ["bm", "per_page"], run
        )

    return decorate


def pairs(values: Sequence[str] | None, option: str) -> dict[str, str]:
    """``key=value`` options (``--set``, ``--query``, ``--header``) as a dict;
    the last one given wins for a key given twice."""
    found: dict[str, str] = {}
    for value in values or ():
        key, equals, rest = value.partition("=")
        if not equals or not key.strip():
            raise typer.BadParameter(f"{value!r} is not key=value", param_hint=option)
        found[key.strip()] = rest
    return found


def _json_or_text(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def fields(
    method: Callable[..., Any], given: dict[str, Any], sets: Sequence[str] | None
) -> dict[str, Any]:
    """The keyword arguments of an SDK call that creates or changes something:
    the options given (None left out), then each ``--set key=value`` (the
    value read as JSON when it is JSON — true, 60, ["a"] — else as text). A key
    the call does not take is a usage error."""
    extra = {key: _json_or_text(raw) for key, raw in pairs(sets, "--set").items()}
    accepted = inspect.signature(method).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in accepted.values())
    unknown = sorted(key for key in extra if key not in accepted)
    if unknown and not takes_any:
        known = ", ".join(
            name
            for name, parameter in accepted.items()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name not in given
        )
        raise typer.BadParameter(
            f"{', '.join(unknown)}: not a field of this call (the others: {known})",
            param_hint="--set",
        )
    return {**{key: value for key, value in given.items() if value is not None}, **extra}
