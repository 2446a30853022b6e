"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from webinarium import __version__
from webinarium.accounts.login import LoginThrottle
from webinarium.api import (
    bigmarker,
    boomstream,
    dialects,
    errors,
    files,
    health,
    home,
    invites,
    openapi,
    report_downloads,
    request_ids,
)
from webinarium.api.limits import BodyLimit, RendersError
from webinarium.api.myownconference import transport as myownconference_transport
from webinarium.api.webinarium import router as native_router
from webinarium.console.auth import error_page as console_error_page
from webinarium.console.routes import ROUTERS as CONSOLE_ROUTERS
from webinarium.content import service as content
from webinarium.files.tasks import Fetcher
from webinarium.kit.clock import Clock, SystemClock
from webinarium.kit.db import Database
from webinarium.live import service as live
from webinarium.live.journal import announcer
from webinarium.media.janus import Janus
from webinarium.media.recording import Recorder
from webinarium.media.rooms import Videorooms
from webinarium.media.sessions import MediaRelay
from webinarium.media.webcast import Webcasts
from webinarium.media.webcast_route import router as webcast_router
from webinarium.ops import metrics_route
from webinarium.ops.metrics import HttpMetrics, Metrics
from webinarium.ops.retention import Retention
from webinarium.pages import channel as channel_page
from webinarium.pages import checkin as check_in_page
from webinarium.pages import dev_mail, report_links
from webinarium.pages import links as page_links
from webinarium.pages import mail as mail_links
from webinarium.pages import recording as recording_page
from webinarium.pages import registration as registration_page
from webinarium.pages import survey as survey_page
from webinarium.pages.landing import join_throttle
from webinarium.pages.templating import STATIC_PATH, static_files
from webinarium.room import gateway
from webinarium.room.broker import broker_for
from webinarium.room.hub import Rooms
from webinarium.scheduler.runner import Scheduler
from webinarium.settings import Settings, with_secret_key
from webinarium.worker.runner import Worker


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


def _error_renderer_of_path(path: str) -> RendersError | None:
    """Who renders a body refused before any route: a console page under
    /console (a form posted there is a browser's), else the path's dialect."""
    if path == "/console" or path.startswith("/console/"):
        return console_error_page
    return dialects.error_renderer_of_path(path)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    """``clock``: what the worker, the scheduler and the TURN credentials read
    as now (tests give a `MovableClock`)."""
    settings = with_secret_key(settings or Settings())
    clock = clock or SystemClock()
    # This app's counters for /metrics (ops/): its own registry, not the process's.
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with Database(
            settings.database_url_async, wait_seconds=settings.database_wait_seconds
        ) as database:
            app.state.database = database
            broker = broker_for(settings)
            await broker.start()
            rooms = app.state.rooms = Rooms(database, settings, broker, clock, metrics)
            # Events committed in this process go to the broker, which brings
            # them to the rooms' hubs (room/hub.py).
            announcer.listen(asyncio.get_running_loop(), rooms.publish)
            # Files asked for by URL are fetched here, after their commit.
            # Pre-loaded files are typed by the bytes fetched; a presentation
            # shown while its PDF was fetched shows its pages once rendered.
            fetcher = Fetcher(
                database,
                settings,
                on_ready=[content.type_by_stored_bytes, live.show_rendered_pages],
            )
            await fetcher.start()
            # Webhooks and mail, after the commits that ask for them (worker/).
            worker = (
                Worker(database, settings, clock, metrics=metrics)
                if settings.worker_in_serve
                else None
            )
            # The webinar's clock runs beside the worker (scheduler/).
            scheduler = (
                Scheduler(database, settings, clock, metrics=metrics)
                if settings.worker_in_serve
                else None
            )
            # And retention: what ended long ago is deleted (ops/retention.py).
            retention = (
                Retention(database, settings, clock, metrics=metrics)
                if settings.worker_in_serve
                else None
            )
            # The SFU (media/): the own Janus started here, or an existing one
            # connected; none installed, the room works without live video.
            janus = app.state.janus = Janus.of(settings)
            await janus.start()
            app.state.videorooms = Videorooms(janus, settings.secret_key)
            # Signalling through the room socket (media/sessions.py).
            media = app.state.media = MediaRelay(janus, app.state.videorooms, rooms)
            # Janus records as the database says (media/recording.py).
            recorder = Recorder(database, settings, janus, app.state.videorooms)
            recorder.serve(rooms)
            # Webcast mode: Janus forwards to ffmpeg, which writes HLS (media/webcast.py).
            webcasts = rooms.webcasts = Webcasts(settings, janus, app.state.videorooms, clock)
            if worker is not None:
                await worker.start()
            if scheduler is not None:
                await scheduler.start()
            if retention is not None:
                await retention.start()
            # What exists once started (modules, the app, the engine) lives as
            # long as the process: frozen, the collector's full passes skip it.
            # They ran over every object and, after big request bodies, held
            # every thread (the event loop too) for 0.1-0.6 s.
            gc.collect()
            gc.freeze()
            try:
                yield
            finally:
                if retention is not None:
                    await retention.close()
                if scheduler is not None:
                    await scheduler.close()
                if worker is not None:
                    await worker.close()
                await fetcher.close()
                await recorder.close()
                await webcasts.close()
                await janus.close()
                await media.close()
                announcer.forget(rooms.publish)
                await rooms.close()
                await broker.close()

    app = FastAPI(
        title="Webinarium",
        version=__version__,
        lifespan=lifespan,
        # Telemetry hooks cost 8-40 % of throughput when nobody collects them.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
        redirect_slashes=False,
        # api/openapi.py serves its own /docs, from local files.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.clock = clock
    app.state.login_throttle = LoginThrottle.create()
    app.state.join_throttle = join_throttle(settings)
    errors.install(app)
    dialects.install(app)
    app.include_router(health.router)
    app.include_router(metrics_route.router)
    app.include_router(bigmarker.router)
    app.include_router(home.router)
    app.include_router(myownconference_transport.router)
    app.include_router(boomstream.router)
    app.include_router(invites.router)
    app.include_router(files.router)
    app.include_router(native_router)
    app.include_router(survey_page.router)
    app.include_router(report_downloads.router)
    openapi.install(app)
    # Added first, so it runs inside StripTrailingSlash and matches routes by
    # the path they are declared with.
    app.add_middleware(
        BodyLimit,
        limit=settings.max_body_bytes,
        renderer_of_path=_error_renderer_of_path,
    )
    # Inside StripTrailingSlash, which copies the scope: it reads the route the
    # router matched from the scope it passed on (a body BodyLimit refuses: "unmatched").
    app.add_middleware(HttpMetrics, metrics=metrics)
    app.mount(STATIC_PATH, static_files(), name="static")
    app.include_router(check_in_page.router)
    app.include_router(report_links.router)
    app.include_router(mail_links.router)
    app.include_router(recording_page.router)
    app.include_router(registration_page.router)
    app.include_router(webcast_router)
    if settings.environment != "production":
        app.include_router(dev_mail.router)
    # The organiser console (console/): before the conference addresses, which
    # would take /console/<anything>.
    for console_router in CONSOLE_ROUTERS:
        app.include_router(console_router)
    # Last: a conference's address is any two segments no other route took,
    # a channel's any one segment (channels.service.RESERVED_URLS are none).
    app.include_router(page_links.router)
    app.include_router(channel_page.router)
    app.add_middleware(StripTrailingSlash)
    # Outermost: the room's sockets go straight to the gateway (room/gateway.py).
    app.add_middleware(gateway.RoomSockets)
    # Around everything, the sockets too: one id per request in its log lines.
    request_ids.install(app)
    return app
