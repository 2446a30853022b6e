"""The room fan-out's ceiling: a bare `websockets` server that sends every text
frame it receives, from any socket, to every socket (the sender too), with
`websockets.broadcast` — the package's own fastest way to send one frame to
many sockets. No tickets, no database, no queue per socket.

It runs in its own process as the project does (``python bench/ws_broadcast.py
--port N``), on uvloop as uvicorn runs the project, with `webinarium serve`'s WebSocket
options (permessage-deflate or not, the 17 KiB frame bound) and a ping every
20 s (the package's default and uvicorn's); ``GET /healthz`` answers 200 so
the harness knows it is up. It raises its own open-file limit to the hard one.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
from http import HTTPStatus

import uvloop
from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.http11 import Request, Response

from webinarium.cli.server import WS_MAX_SIZE, WS_PER_MESSAGE_DEFLATE


def raise_open_file_limit() -> None:
    """Sockets are files: one process holds thousands of them."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def main(port: int) -> None:
    sockets: set[ServerConnection] = set()

    async def handler(socket: ServerConnection) -> None:
        sockets.add(socket)
        try:
            async for message in socket:
                if isinstance(message, str):
                    broadcast(sockets, message)
        finally:
            sockets.discard(socket)

    def health(connection: ServerConnection, request: Request) -> Response | None:
        if request.path == "/healthz":
            return connection.respond(HTTPStatus.OK, "ok\n")
        return None

    async with serve(
        handler,
        "127.0.0.1",
        port,
        process_request=health,
        max_size=WS_MAX_SIZE,
        compression="deflate" if WS_PER_MESSAGE_DEFLATE else None,
    ):
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    raise_open_file_limit()
    uvloop.run(main(parser.parse_args().port))
