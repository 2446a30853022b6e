"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from webinarium import __version__
from webinarium.api import bigmarker, boomstream, errors, files, health, home, invites
from webinarium.api.myownconference.transport import router as myownconference_router
from webinarium.kit.db import Database
from webinarium.live.journal import announcer
from webinarium.room import gateway
from webinarium.room.broker import broker_for
from webinarium.room.hub import Rooms
from webinarium.settings import Settings


class StripTrailingSlash:
    """Routes match with or without a trailing slash, without a redirect: the
    documents write both, and a redirected PUT or DELETE loses its body in many
    clients."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if len(path) > 1 and path.endswith("/"):
                scope = dict(scope, path=path.rstrip("/") or "/")
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with Database(settings.database_url_async) as database:
            app.state.database = database
            broker = broker_for(settings)
            await broker.start()
            rooms = app.state.rooms = Rooms(database, settings, broker)
            # Events committed in this process go to the broker, which brings
            # them to the rooms' hubs (room/hub.py).
            announcer.listen(asyncio.get_running_loop(), rooms.publish)
            try:
                yield
            finally:
                announcer.forget(rooms.publish)
                await rooms.close()
                await broker.close()

    app = FastAPI(
        title="Webinarium",
        version=__version__,
        lifespan=lifespan,
        max_body_size=settings.max_body_bytes,
        # Telemetry hooks cost 8-40 % of throughput when nobody collects them.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
        redirect_slashes=False,
    )
    app.state.settings = settings
    errors.install(app)
    app.include_router(health.router)
    app.include_router(bigmarker.router)
    app.include_router(home.router)
    app.include_router(myownconference_router)
    app.include_router(boomstream.router)
    app.include_router(invites.router)
    app.include_router(files.router)
    app.include_router(gateway.router)
    app.add_middleware(StripTrailingSlash)
    return app
