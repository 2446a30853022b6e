"""Runtime settings, read from ``WEBINARIUM_*`` environment variables.

Every setting has a default that runs on a laptop with nothing configured. The
secret key has none: outside development it must be set; in development, left
unset, it is made on first start and kept in the data directory
(`with_secret_key`).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from webinarium.media.ice import STUN_SCHEMES, TURN_SCHEMES, ice_urls
from webinarium.messaging.smtp import smtp_server

# The secret key earlier versions used when none was set. It is in the source
# for anyone to read, so a token signed with it proves nothing: refused.
PUBLISHED_SECRET_KEY = "development-secret-key-change-me"
SECRET_KEY_FILE = "secret_key"

log = logging.getLogger("webinarium")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEBINARIUM_", extra="ignore")

    # Outside "development" the secret key must be set (never made on first
    # start); "production" also hides /dev/mail, where mail kept without SMTP
    # is shown. "test" is what the test suite runs as.
    environment: Literal["development", "production", "test"] = "development"
    # Where the server keeps its state: the SQLite file, the secret key, the
    # file store (unless moved by the settings below). Relative to the working
    # directory.
    data_dir: Path = Path("data")
    # Empty means "a SQLite file in data_dir"; sqlite:/// and postgresql:// URLs are
    # accepted as users write them, the async driver is picked in `database_url_async`.
    database_url: str = ""
    # The address people reach the server at (behind a proxy: the proxy's): the
    # start of every link the APIs, pages and mails give out.
    public_url: str = "http://127.0.0.1:8000"
    # Signs invite tokens. Empty: in development, the key kept in data_dir.
    secret_key: str = ""
    # The file store's root (files/store.py); empty means "files" in data_dir.
    files_dir: Path | None = None
    # The largest file the store takes, fetched from a URL (counted while it
    # streams) or uploaded: 200 MB holds a long slide deck or a short recorded video.
    fetch_max_bytes: int = 200 * 1024 * 1024
    # Hosts fetched although they resolve to loopback, private or link-local
    # addresses (files/fetch.py), a comma list: an intranet file server; the tests' own.
    fetch_allow_hosts: str = ""
    # Per fetch: connecting, and each wait for the next bytes; redirects followed.
    fetch_timeout_seconds: float = 30
    # The whole of one fetch: 200 MB at 1 MB/s, so a trickling server cannot
    # hold a fetch open forever.
    fetch_total_seconds: float = 200
    # Redirects one fetch follows, each to an address checked as the first was.
    fetch_max_redirects: int = 5
    # 10 MB: the largest JSON or form body any dialect documents is a few kB.
    max_body_bytes: int = 10 * 1024 * 1024
    # How long a request waits for the database (SQLite's write lock held by
    # another process, PostgreSQL accepting a new connection) before it is
    # answered 503 with Retry-After (a connection of the pool is waited for
    # longer: kit.db.POOL_WAIT_SECONDS). A unit holds the lock for
    # milliseconds, so 5 s is a wedged database, not a busy one; a client waiting
    # longer than that for an answer is likely to give up and retry anyway.
    database_wait_seconds: float = 5.0

    # The room's socket (room/).
    # A room ticket's lifetime: the room page gets a new one with every load, and
    # its socket reconnects with it, so it lasts a long webinar.
    room_ticket_seconds: int = 4 * 3600
    # A socket silent this long is closed (the protocol's 60 s).
    room_idle_seconds: float = 60
    # A member whose last socket dropped leaves the room only after this long: a
    # reloaded page or a network blip is not an exit.
    room_exit_grace_seconds: float = 15
    # Every process serving rooms says it is alive this often (`room.hub.Rooms`),
    # and counts out the members of processes that are gone.
    room_heartbeat_seconds: float = 5
    # A process silent this long is gone (stopped without a word, killed): its
    # members leave after the grace period more. Several heartbeats, so a busy
    # database or a paused process is not taken for a crash.
    room_process_timeout_seconds: float = 30
    # presence.count goes out at most once per interval.
    room_count_interval_seconds: float = 1
    # Chat messages per member: a burst of this many, then one more per refill.
    room_chat_burst: int = 5
    # One more chat message every this many seconds, up to the burst.
    room_chat_refill_seconds: float = 2
    # The attendance monitor (attention/): each room's hub looks this often
    # whether a check is due or one has expired (a read; a write only then).
    room_attention_poll_seconds: float = 5
    # The monitor's interval and answer time (conference settings) are
    # multiplied by this: 1 in service; tests shrink minutes to a second.
    room_attention_time_scale: float = Field(default=1.0, gt=0, le=1)
    # The public registration form of a webinar's page, per client address in
    # ten minutes: enough for an office behind one address registering its
    # people, too few to spam registrations or to probe who a closed webinar
    # lets in.
    join_form_per_address: int = 20
    # How rooms hear each other's events: "" is the in-process broker (one
    # process serves the rooms); redis://… comes with several processes.
    broker_url: str = ""
    # The Redis broker's channels are named <prefix>room:<conference id>: the
    # deployments (or test runs) that share one Redis each have their own prefix.
    broker_channel_prefix: str = "webinarium:"

    # NAT traversal (media/ice.py, docs/media.md): the ICE servers each member's
    # browser is given in the room's snapshot. STUN servers, a comma list of
    # stun:/stuns: URLs ("stun:turn.example.org:3478"); empty: none.
    stun_urls: str = ""
    # TURN servers (coturn), a comma list of turn:/turns: URLs
    # ("turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349"),
    # and coturn's static-auth-secret, from which each member's credential is
    # made (coturn's REST API scheme): both, or neither.
    turn_urls: str = ""
    # coturn's static-auth-secret (its use-auth-secret mode), with TURN_URLS.
    turn_secret: str = ""
    # A TURN credential's lifetime: coturn refuses it once expired (a new relay
    # at least), so it must outlive the longest stretch a page keeps one without
    # a new snapshot; a day, the TURN REST draft's own figure, and a leaked one
    # is good for a day at most.
    turn_ttl_seconds: int = Field(default=86400, ge=60)

    # The worker (worker/): webhook deliveries, mail. ``webinarium serve`` runs
    # one unless this is false (at scale: ``webinarium worker`` processes).
    worker_in_serve: bool = True
    # Work committed by another process is seen within this long (a commit of
    # the worker's own process wakes it at once).
    worker_poll_seconds: float = Field(default=5.0, gt=0)
    # A job a worker took is taken again this long after, if that worker died
    # meanwhile: longer than any one attempt (a webhook's 10 s, a mail's).
    worker_lease_seconds: float = Field(default=300.0, gt=0)
    # Jobs one worker runs at once.
    worker_concurrency: int = Field(default=8, ge=1)

    # Mail (messaging/): smtp://user:pass@host:port, smtps://… (TLS from the
    # first byte) or smtp://…?starttls=true. Empty: every mail is kept in the
    # database and shown at /dev/mail (development), nothing leaves the machine.
    smtp_url: str = ""
    # The From of every mail.
    mail_from: str = "Webinarium <webinarium@localhost>"
    # One SMTP conversation (connect, greet, send) at most: a server slower
    # than this is taken as down, and the mail retried later.
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)

    # The scheduler (scheduler/), run beside the worker: the webinar's clock.
    # It sleeps until the next due moment it reads from the database, at most
    # this long (work that has no moment of its own, an empty room, and
    # conferences another process created or moved are seen within it).
    scheduler_poll_seconds: float = Field(default=30.0, gt=0)
    # A live webinar is ended this long after its end time: a webinar running
    # late is not cut off, one left running is not live for ever.
    scheduler_end_grace_minutes: int = Field(default=60, ge=0)
    # A live webinar with nobody in the room this long (from its start, or from
    # the last one leaving) is ended.
    scheduler_empty_room_minutes: int = Field(default=15, ge=1)

    # Janus, the SFU (media/). Empty: ``serve`` starts and supervises its own
    # Janus when the binary is found (none found: the room runs without video).
    # ws://host:port of an existing Janus: that one is used, none is started.
    janus_url: str = ""
    # The binary of the own Janus, a path or a name looked up on PATH.
    janus_binary: str = "janus"
    # The videoroom plugin's admin_key of the existing Janus (WEBINARIUM_JANUS_URL),
    # if its config sets one; the own Janus gets a random one per start.
    janus_room_admin_key: str = ""
    # The UDP ports the own Janus takes its media ports from, "low-high": one
    # per peer connection (audio and video bundled), so a firewall opens this
    # range only. 20001 ports: far more than one Janus's peer connections.
    janus_rtp_ports: str = "20000-40000"

    # Webcast mode (media/webcast.py). BigMarker's webcast_mode "automatic"
    # moves attendees to HLS above this many people in the room: an SFU sends
    # every viewer their own copy, HLS is files any number of them fetch.
    webcast_audience: int = Field(default=50, ge=0)
    # The ffmpeg that turns the forwarded RTP into HLS: a path or a name on PATH.
    ffmpeg_binary: str = "ffmpeg"
    # A member's signed playlist URL lasts this long: as long as a room ticket
    # (a page that reconnects gets a new one with its snapshot).
    webcast_link_seconds: int = Field(default=4 * 3600, ge=60)

    # Health and readiness (api/health.py, docs/operations.md). Every worker
    # (worker/runner.py) says it is alive this often, in the database.
    worker_heartbeat_seconds: float = Field(default=10.0, gt=0)
    # With WEBINARIUM_WORKER_IN_SERVE=false, /readyz answers 503 when no worker
    # has said it is alive for this long: several heartbeats, so a busy
    # database or a slow round is not taken for a dead worker.
    worker_silent_seconds: float = Field(default=45.0, gt=0)
    # Metrics (ops/metrics.py). /metrics answers a scrape that sends
    # "Authorization: Bearer <this token>"; empty: /metrics is off (404), so
    # nothing about the server is public unless the operator chooses.
    metrics_token: str = ""
    # A `webinarium worker` process serves its own /metrics (webhook deliveries,
    # mails, the scheduler's lag: ops/worker_metrics.py) on this port, under the
    # same token; 0: none. Each worker of a machine needs a port of its own.
    worker_metrics_port: int = Field(default=0, ge=0, le=65535)
    # Where that port listens: loopback by default, since no proxy should pass
    # it on; a Prometheus on another machine needs the worker's private address.
    worker_metrics_host: str = "127.0.0.1"
    # Logs (kit/logs.py), on stderr: "text" is readable in a terminal; "json" is
    # one object per line (time, level, logger, message, request_id, …) for a
    # log collector.
    log_format: Literal["text", "json"] = "text"
    # Backups (ops/backup.py, docs/operations.md "Backups").
    # The pg_dump `webinarium backup` runs on PostgreSQL, a path or a name on
    # PATH: of the server's major version (pg_dump refuses a newer server).
    pg_dump_binary: str = "pg_dump"
    # The pg_restore `webinarium restore` runs on PostgreSQL, a path or a name on PATH.
    pg_restore_binary: str = "pg_restore"
    # Retention (ops/retention.py, docs/operations.md "Retention"): the worker
    # deletes what ended longer ago than this many days — webhook deliveries
    # (with their attempts) and events handed over, so the event feed reaches
    # back this far — and expired sign-in rows. At least a day: a single-use
    # link's spent mark must outlive the link.
    retention_days: int = Field(default=90, ge=1)

    @model_validator(mode="after")
    def _refuse_missing_or_published_secret(self) -> Settings:
        if self.secret_key == PUBLISHED_SECRET_KEY:
            raise ValueError(
                "WEBINARIUM_SECRET_KEY is the development key published in the source: "
                "set a random value, or unset it in development"
            )
        if self.environment != "development" and not self.secret_key:
            raise ValueError(
                "WEBINARIUM_SECRET_KEY must be set to a random value outside development"
            )
        return self

    @model_validator(mode="after")
    def _refuse_unreadable_smtp_url(self) -> Settings:
        if self.smtp_url:
            smtp_server(self.smtp_url)  # says what is wrong with it
        return self

    @model_validator(mode="after")
    def _refuse_unusable_ice_servers(self) -> Settings:
        # Said at start, not when the first browser finds it cannot connect.
        _ = self.stun_url_list  # reading the lists says what is wrong with them
        if self.turn_url_list and not self.turn_secret:
            raise ValueError(
                "WEBINARIUM_TURN_URLS is set without WEBINARIUM_TURN_SECRET: set it to "
                "coturn's static-auth-secret"
            )
        if self.turn_secret and not self.turn_url_list:
            raise ValueError(
                "WEBINARIUM_TURN_SECRET is set without WEBINARIUM_TURN_URLS: no browser "
                "would be told where the TURN server is"
            )
        return self

    @model_validator(mode="after")
    def _refuse_unreadable_rtp_ports(self) -> Settings:
        _ = self.janus_rtp_port_range  # reading it says what is wrong with it
        return self

    @cached_property
    def base_url(self) -> str:
        """PUBLIC_URL without a trailing slash: the prefix of every URL the API returns."""
        return self.public_url.rstrip("/")

    @property
    def fetch_allowed_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.fetch_allow_hosts.split(",") if h.strip())

    @property
    def stun_url_list(self) -> tuple[str, ...]:
        return ice_urls("WEBINARIUM_STUN_URLS", self.stun_urls, STUN_SCHEMES)

    @property
    def turn_url_list(self) -> tuple[str, ...]:
        return ice_urls("WEBINARIUM_TURN_URLS", self.turn_urls, TURN_SCHEMES)

    @property
    def janus_rtp_port_range(self) -> tuple[int, int]:
        return rtp_port_range(self.janus_rtp_ports)

    @property
    def files_root(self) -> Path:
        return self.files_dir or self.data_dir / "files"

    @cached_property
    def database_url_async(self) -> str:
        url = self.database_url or f"sqlite:///{(self.data_dir / 'webinarium.db').resolve()}"
        for plain, driver in (
            ("sqlite://", "sqlite+aiosqlite://"),
            ("postgresql://", "postgresql+asyncpg://"),
            ("postgres://", "postgresql+asyncpg://"),
        ):
            if url.startswith(plain):
                return driver + url[len(plain) :]
        return url

    @property
    def is_sqlite(self) -> bool:
        return self.database_url_async.startswith("sqlite")


def rtp_port_range(value: str) -> tuple[int, int]:
    """``"low-high"`` as two ports, low not above high; a ValueError that names
    the setting otherwise."""
    found = re.fullmatch(r"\s*(\d{1,5})\s*-\s*(\d{1,5})\s*", value)
    low, high = (int(found[1]), int(found[2])) if found else (0, 0)
    if not 1 <= low <= high <= 65535:
        raise ValueError(
            f"WEBINARIUM_JANUS_RTP_PORTS must be two UDP ports, low-high "
            f"(20000-40000, say): {value!r} is not"
        )
    return low, high


def with_secret_key(settings: Settings) -> Settings:
    """The settings with their secret key: WEBINARIUM_SECRET_KEY when set, else
    the key in ``<data_dir>/secret_key``, made (random, readable by its owner
    only) on first start, so every start signs and checks with the same key.
    Says in the log which is used, never the key."""
    if settings.secret_key:
        log.info("secret key: WEBINARIUM_SECRET_KEY")
        return settings
    path = settings.data_dir / SECRET_KEY_FILE
    try:
        key = path.read_text().strip()
        log.info("secret key: read from %s", path)
    except FileNotFoundError:
        key = _new_secret_key_file(path)
    if not key:
        raise ValueError(f"{path} is empty: delete it to have a new key made")
    return settings.model_copy(update={"secret_key": key})


def _new_secret_key_file(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    try:
        # Complete or not there at all: of two processes starting at once, the
        # first to link keeps its key and the other reads it.
        os.link(draft, path)
    except FileExistsError:
        log.info("secret key: read from %s", path)
        return path.read_text().strip()
    finally:
        draft.unlink()
    log.warning("secret key: none set, made a new one in %s", path)
    return key
