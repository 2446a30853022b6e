"""One id per HTTP request and per socket, in every log line it causes
(kit/logs.py) and in the ``X-Request-ID`` response header.

An ``X-Request-ID`` the client (or a proxy in front) sent is kept when it is a
sane token — at most 64 characters of letters, digits, ``.``, ``_`` and ``-``
— so that one id follows a request through the proxy's log and ours; anything
else is replaced by a new id. A pure ASGI middleware (not Starlette's
``BaseHTTPMiddleware``): streamed responses stream, and a room socket pays
nothing per frame — it only has its id set (room/gateway.py numbers its
commands under it).
"""

from __future__ import annotations

import re

from fastapi import FastAPI, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webinarium.kit.ids import new_id
from webinarium.kit.logs import bind_log_fields, log_field

HEADER = "X-Request-ID"
_HEADER_KEY = HEADER.lower().encode()
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _incoming(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == _HEADER_KEY:
            text = value.decode("latin-1")
            return text if _SANE.fullmatch(text) else None
    return None


class RequestIds:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = _incoming(scope) or new_id()
        # Bound for the rest of the request's task (uvicorn runs each request
        # in its own): the traceback uvicorn writes after a failure has it too.
        bind_log_fields(request_id=request_id)
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        header = (_HEADER_KEY, request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        await self.app(scope, receive, send_with_id)


async def _server_error(request: Request, error: Exception) -> Response:
    """The 500 Starlette answers an unexpected failure with, and its request's
    id, by which the operator finds the traceback in the log. Starlette's
    outermost layer answers it (outside every middleware), so the id is added
    here."""
    request_id = log_field("request_id")
    headers = {HEADER: request_id} if request_id else None
    return PlainTextResponse("Internal Server Error", status_code=500, headers=headers)


def install(app: FastAPI) -> None:
    """Outermost of the middlewares: call it after adding the others."""
    app.add_middleware(RequestIds)
    app.add_exception_handler(Exception, _server_error)
