"""``webinarium api METHOD PATH``: the integrator's "Make an API Call"."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from webinarium.cli.command import Connection, pairs, raw_call

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@raw_call
def api(
    connection: Connection,
    method: Annotated[str, typer.Argument(help="GET, POST, PUT, PATCH or DELETE.")],
    path: Annotated[
        str,
        typer.Argument(
            help="Under /api/v1/ (conferences/123); from the server's root when it starts "
            "with / (/api/webinarium/v1/events)."
        ),
    ],
    data: Annotated[
        str | None, typer.Option("--data", help='The JSON body, e.g. \'{"title": "Q3"}\'.')
    ] = None,
    query: Annotated[
        list[str] | None, typer.Option("--query", help="A query parameter key=value (repeatable).")
    ] = None,
    header: Annotated[
        list[str] | None,
        typer.Option("--header", help="A request header key=value (repeatable; the key is added)."),
    ] = None,
) -> Any:
    """Make an API call and print its JSON answer (nothing for an empty one)."""
    verb = method.upper()
    if verb not in METHODS:
        raise typer.BadParameter(f"{method!r} is not one of {', '.join(METHODS)}")
    try:
        body = None if data is None else json.loads(data)
    except ValueError as error:
        raise typer.BadParameter(f"not JSON: {error}", param_hint="--data") from None
    params = pairs(query, "--query")
    headers = pairs(header, "--header")
    # An absolute URL is taken as it is by the client (httpx), under the
    # server's root; a relative path goes under the client's /api/v1/.
    target = connection.base_url.rstrip("/") + path if path.startswith("/") else path
    with connection.client(headers=headers) as bm:
        return bm.request(verb, target, params=params, json=body)
