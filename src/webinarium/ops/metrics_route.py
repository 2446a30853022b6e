"""``GET /metrics``: this process's numbers in Prometheus' text format, for a
scraper that sends ``Authorization: Bearer <WEBINARIUM_METRICS_TOKEN>``.

No token configured: 404, as if there were no such page. A token configured
and not sent, or another sent: 401. The outbox's backlog is read from the
database under `BACKLOG_TIMEOUT_SECONDS`: a database that does not answer
leaves those gauges out of the scrape instead of stalling it.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy.pool import QueuePool

from webinarium.api.deps import claim_unit
from webinarium.kit.db import Database
from webinarium.media.janus import Janus, JanusStatus
from webinarium.ops.metrics import Backlog, Metrics, Pool, Standing
from webinarium.room.hub import Rooms
from webinarium.settings import Settings
from webinarium.worker import repository

log = logging.getLogger(__name__)

PATH = "/metrics"
# Scrapers time out after 10 s by default; the rest of a scrape takes a few ms.
BACKLOG_TIMEOUT_SECONDS = 1.0

router = APIRouter(include_in_schema=False)


def _authorised(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


def refusal(request: Request, settings: Settings) -> Response | None:
    """The answer to a scrape the token rule refuses, or None to answer it:
    the rule of every /metrics, a serve process's and a worker's
    (`ops.worker_metrics`)."""
    if not settings.metrics_token:
        return PlainTextResponse("Not Found", status_code=404)
    if not _authorised(request, settings.metrics_token):
        return PlainTextResponse(
            "a scrape sends Authorization: Bearer <WEBINARIUM_METRICS_TOKEN>",
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    return None


def exposition(metrics: Metrics, standing: Standing) -> Response:
    return Response(metrics.exposition(standing), media_type=CONTENT_TYPE_LATEST)


@router.get(PATH)
async def metrics(request: Request) -> Response:
    refused = refusal(request, request.app.state.settings)
    if refused is not None:
        return refused
    state = request.app.state
    rooms: Rooms = state.rooms
    janus: Janus = state.janus
    live, sockets = rooms.counts()
    database = claim_unit(request, "read-only unit")
    standing = Standing(
        rooms_live=live,
        room_sockets=sockets,
        janus_status=str(janus.status),
        janus_statuses=tuple(str(status) for status in JanusStatus),
        pools=pools(database),
        backlogs=await backlogs(database, state.clock.now()),
    )
    return exposition(state.metrics, standing)


def pools(database: Database) -> list[Pool]:
    found = []
    for engine in database.engines:
        pool = engine.pool
        if isinstance(pool, QueuePool):  # the others keep no count
            name = "writer" if engine is database.writer else "reader"
            found.append(Pool(name, pool.checkedout(), pool.size()))
    return found


async def backlogs(database: Database, now: datetime) -> list[Backlog] | None:
    try:
        async with asyncio.timeout(BACKLOG_TIMEOUT_SECONDS), database.read() as session:
            events = await repository.events_waiting(session)
            jobs = await repository.jobs_due(session, now)
    except Exception:
        log.warning("/metrics left out the outbox: the database did not answer", exc_info=True)
        return None
    return [
        Backlog(queue, waiting.count, _age(now, waiting.oldest))
        for queue, waiting in (("events", events), ("jobs", jobs))
    ]


def _age(now: datetime, oldest: datetime | None) -> float:
    # Never below 0: an event's time is the database's, a little ahead of this clock's.
    return max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
