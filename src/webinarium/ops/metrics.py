"""This process's numbers for Prometheus (served at /metrics by `ops.metrics_route`).

`Metrics` holds the counters and histograms that the code counting them is
given (the HTTP middleware here, the room gateway, the worker's webhook and
mail jobs, the scheduler), and a collector of the numbers that are read when
scraped (`Standing`: rooms and sockets, database pools, Janus, the outbox).
A `webinarium worker` process has a `Metrics` of its own, served by
`ops.worker_metrics`.

One registry per app, not prometheus_client's global one: tests run several
apps in one process, and each must count only its own. Every label value is
from a closed set (route templates, status codes, outcomes, pool and queue
names), never a path, an id or anything a client sends.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# A request no route matched (a 404 of the router, a refused body): its path
# would be an unbounded label.
UNMATCHED = "unmatched"
_PARAM = re.compile(r"{(\w+)(?::\w+)?}")
# Methods counted by name; any other a client invents is "other".
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
WEBHOOK_OUTCOMES = ("delivered", "retrying", "failed")
MAIL_OUTCOMES = ("sent", "kept", "suppressed", "retrying", "failed")
# The tables retention (ops/retention.py) deletes rows of.
RETENTION_TABLES = (
    "webhook_attempts",
    "webhook_deliveries",
    "outbox_events",
    "console_sessions",
    "user_tokens",
    "spent_links",
)
# Seconds: from a cached page (~1 ms) to a slow report or a big import.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Seconds: a step taken on time is a few ms late; by a busy scheduler (or
# on a database that stalls), minutes.
LAG_BUCKETS = (0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0, 300.0, 900.0)


@dataclass(frozen=True)
class Pool:
    name: str
    in_use: int
    size: int


@dataclass(frozen=True)
class Backlog:
    """One queue of the outbox: what waits, and for how long the oldest has."""

    queue: str
    depth: int
    oldest_age_seconds: float


@dataclass(frozen=True)
class Standing:
    """How things stand when scraped; `backlogs` is None when the database did
    not answer in time (its gauges are left out, not reported as 0)."""

    pools: list[Pool]
    backlogs: list[Backlog] | None
    # A serve process's; None in a worker process, which holds no room socket
    # and talks to no Janus (their gauges are left out).
    rooms_live: int | None = None
    room_sockets: int | None = None
    # Janus's status, and every status it may have (each gets its 0 or 1).
    janus_status: str | None = None
    janus_statuses: tuple[str, ...] = ()


class _StandingCollector(Collector):
    def __init__(self) -> None:
        # Given by each scrape just before the registry is written out.
        self.standing: Standing | None = None

    def collect(self) -> Iterable[Metric]:
        now = self.standing
        if now is None:
            return
        if now.rooms_live is not None:
            yield _gauge(
                "webinarium_rooms_live",
                "Rooms this process serves (sockets open, or an exit pending).",
                now.rooms_live,
            )
        if now.room_sockets is not None:
            yield _gauge(
                "webinarium_room_sockets_open",
                "Room sockets open on this process.",
                now.room_sockets,
            )
        if now.janus_status is not None:
            janus = GaugeMetricFamily(
                "webinarium_janus_status",
                "Janus as this process sees it: 1 for its status (up, down, or unavailable:"
                " none configured or installed), 0 for the others.",
                labels=["status"],
            )
            for status in now.janus_statuses:
                janus.add_metric([status], 1 if status == now.janus_status else 0)
            yield janus
        in_use = GaugeMetricFamily(
            "webinarium_db_pool_connections_in_use",
            "Connections of the database pool checked out.",
            labels=["pool"],
        )
        size = GaugeMetricFamily(
            "webinarium_db_pool_size", "Connections the database pool keeps.", labels=["pool"]
        )
        for pool in now.pools:
            in_use.add_metric([pool.name], pool.in_use)
            size.add_metric([pool.name], pool.size)
        yield in_use
        yield size
        if now.backlogs is None:
            return
        depth = GaugeMetricFamily(
            "webinarium_outbox_depth",
            "Outbox work waiting: events not handed over, jobs due (the database's, the"
            " same on every process).",
            labels=["queue"],
        )
        age = GaugeMetricFamily(
            "webinarium_outbox_oldest_age_seconds",
            "How long the oldest waiting event or due job has waited (0 when none).",
            labels=["queue"],
        )
        for backlog in now.backlogs:
            depth.add_metric([backlog.queue], backlog.depth)
            age.add_metric([backlog.queue], backlog.oldest_age_seconds)
        yield depth
        yield age


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


class Metrics:
    def __init__(self, *, serve_process: bool = True) -> None:
        """``serve_process`` False: a worker process's, whose registry leaves out
        the HTTP and room families (nothing there counts them)."""
        self.registry = CollectorRegistry()
        registry = self.registry
        served = registry if serve_process else None
        self.http_requests = Counter(
            "webinarium_http_requests",
            "HTTP requests answered, by method, route template and status code.",
            ["method", "route", "status"],
            registry=served,
        )
        self.http_duration = Histogram(
            "webinarium_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=served,
        )
        self.room_frames_received = Counter(
            "webinarium_room_frames_received",
            "Frames received from room sockets (commands).",
            registry=served,
        )
        self.room_frames_sent = Counter(
            "webinarium_room_frames_sent",
            "Frames sent to room sockets (a broadcast counts once per socket).",
            registry=served,
        )
        self.webhook_deliveries = Counter(
            "webinarium_webhook_deliveries",
            "Webhook delivery attempts by outcome: delivered (2xx), retrying (failed,"
            " tried again later), failed (given up).",
            ["outcome"],
            registry=registry,
        )
        self.mails = Counter(
            "webinarium_mails",
            "Mails by outcome: sent, kept (no SMTP server: the dev mailbox), suppressed,"
            " retrying (the server failed, tried again later), failed (refused or given up).",
            ["outcome"],
            registry=registry,
        )
        # Every outcome from the start: a rate over a series that appears late
        # misses its first increase.
        for outcome in WEBHOOK_OUTCOMES:
            self.webhook_deliveries.labels(outcome)
        self.retention_pruned = Counter(
            "webinarium_retention_pruned",
            "Rows retention deleted (older than WEBINARIUM_RETENTION_DAYS, or expired), by table.",
            ["table"],
            registry=registry,
        )
        for outcome in MAIL_OUTCOMES:
            self.mails.labels(outcome)
        for table in RETENTION_TABLES:
            self.retention_pruned.labels(table)
        self.scheduler_lag = Histogram(
            "webinarium_scheduler_lag_seconds",
            "How late the scheduler took each due step or reminder, to its commit.",
            buckets=LAG_BUCKETS,
            registry=registry,
        )
        self._standing = _StandingCollector()
        registry.register(self._standing)

    def exposition(self, standing: Standing) -> bytes:
        """The text format, with ``standing``'s numbers (synchronous: concurrent
        scrapes cannot mix their standings)."""
        self._standing.standing = standing
        return generate_latest(self.registry)


def route_template(scope: Scope) -> str:
    """The template of the route that served the request, never its path.

    FastAPI keeps the routes of an included router with their own template,
    without the prefixes they are included under (several, for a router
    included twice): the prefix is the part of the path before what the route
    matched. A mounted app (the static files) has no route: its mount path."""
    template = getattr(scope.get("route"), "path_format", None)
    if isinstance(template, str):
        params = scope.get("path_params", {})
        matched = _PARAM.sub(lambda param: str(params.get(param[1], param[0])), template)
        path: str = scope["path"]
        if path.endswith(matched):
            return path[: len(path) - len(matched)] + template
        return template
    mount: str = scope.get("root_path", "")
    if "endpoint" in scope and mount:
        return mount + "/{path}"
    return UNMATCHED


class HttpMetrics:
    """Counts each HTTP request by its route's template and its status, and
    times it. Added inside `StripTrailingSlash` (which copies the scope), so it
    sees the scope the router writes the matched route into."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an exception before the answer started: the server's 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = route_template(scope)
            method = scope["method"] if scope["method"] in METHODS else "other"
            self.metrics.http_requests.labels(method, route, str(status)).inc()
            self.metrics.http_duration.labels(method, route).observe(time.perf_counter() - started)
