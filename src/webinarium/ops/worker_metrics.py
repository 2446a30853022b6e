"""A `webinarium worker` process's own ``GET /metrics``, on
``WEBINARIUM_WORKER_METRICS_HOST:WEBINARIUM_WORKER_METRICS_PORT``.

What the worker counts — webhook deliveries, mails, the scheduler's lag — and
what it reads when scraped: the outbox's backlog and its database pool. The
token rule is the serve processes' (`metrics_route.refusal`). The listener is
uvicorn inside the worker's event loop, started before the worker takes any
job (a port it cannot listen on ends the command at start) and closed when it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from webinarium.kit.clock import Clock
from webinarium.kit.db import Database
from webinarium.ops.metrics import Metrics, Standing
from webinarium.ops.metrics_route import PATH, backlogs, exposition, pools, refusal
from webinarium.settings import Settings

log = logging.getLogger(__name__)


def metrics_app(
    database: Database, settings: Settings, clock: Clock, metrics: Metrics
) -> Starlette:
    """``/metrics`` and nothing else (any other path: 404)."""

    async def scrape(request: Request) -> Response:
        refused = refusal(request, settings)
        if refused is not None:
            return refused
        standing = Standing(pools=pools(database), backlogs=await backlogs(database, clock.now()))
        return exposition(metrics, standing)

    return Starlette(routes=[Route(PATH, scrape, methods=["GET"])])


class _Listener(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The worker's own SIGTERM handler stops the listener with the worker;
        # uvicorn's would take the signal from it.
        yield


@contextlib.asynccontextmanager
async def serving_metrics(
    database: Database, settings: Settings, clock: Clock, metrics: Metrics
) -> AsyncIterator[None]:
    """Serves the worker's /metrics while inside (nothing when the port is 0)."""
    if not settings.worker_metrics_port:
        yield
        return
    # Bound here, so that a port in use is an OSError at start, not uvicorn's exit.
    host = settings.worker_metrics_host
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        listening = socket.create_server((host, settings.worker_metrics_port), family=family)
    except OSError as error:
        # Two workers of a machine given one port, say: said plainly, and no work taken.
        log.error("WEBINARIUM_WORKER_METRICS_PORT %d: %s", settings.worker_metrics_port, error)
        raise SystemExit(1) from None
    config = uvicorn.Config(
        metrics_app(database, settings, clock, metrics),
        lifespan="off",
        log_config=None,
        # A scrape every few seconds is not worth a log line each.
        access_log=False,
    )
    listener = _Listener(config)
    serving = asyncio.get_running_loop().create_task(listener.serve(sockets=[listening]))
    log.info("worker metrics on http://%s:%d%s", host, settings.worker_metrics_port, PATH)
    try:
        yield
    finally:
        listener.should_exit = True
        await serving
        listening.close()
