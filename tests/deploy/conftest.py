"""The production layout of docs/deploy.md on one machine: Debian's nginx with
the proxy rules of deploy/nginx/, two `webinarium serve` processes and one
`webinarium worker` on PostgreSQL, a Redis broker of the test's own, and —
where Debian's janus is installed — one Janus both serve processes use.

Several serve processes on one database are a PostgreSQL layout (SQLite is one
process's database), so the layout test is collected only when the suite runs
on PostgreSQL (WEBINARIUM_TEST_DATABASE_URL)."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

import webinarium.pages
from tests.conftest import free_port, fresh_database
from tests.media.conftest import janus_running
from tests.room.conftest import start_redis, stop_redis
from tests.test_startup import WEBINARIUM, Served
from webinarium.media.janus_process import JanusProcess
from webinarium.settings import Settings

collect_ignore = [] if os.environ.get("WEBINARIUM_TEST_DATABASE_URL") else ["test_layout.py"]

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
METRICS_TOKEN = "deploy-test-metrics-token"
# The installed package's pages folder: nginx serves its static/ (deploy/nginx/).
PAGES = Path(webinarium.pages.__file__).parent
WAIT = 30.0
# Three processes (and Janus) importing and starting at once on a machine a
# parallel suite loads: longer than one process's start (tests/test_startup.py).
START_WAIT = 180.0


def until(condition: Any, what: str, wait: float = WAIT) -> Any:
    deadline = time.monotonic() + wait
    while True:
        found = condition()
        if found:
            return found
        assert time.monotonic() < deadline, f"not in time: {what}"
        time.sleep(0.05)


def nginx_binary() -> str:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).is_file():
        pytest.fail("nginx is not installed (Debian's nginx package): tests/deploy/ need it")
    return binary


def main_conf(folder: Path, http: str) -> Path:
    """An nginx.conf for ``nginx -p folder`` (its pid, logs and temporary files
    there, in the foreground) whose http { } holds ``http``, as Debian's
    nginx.conf holds the sites."""
    folder.mkdir(exist_ok=True)
    # nginx's workers run as the master's user when that is root (else nobody,
    # who could not read the test's folders).
    user = "user root;" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""{user}
worker_processes 1;
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} notice;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
{temp}
{http}
}}
"""
    )
    return conf


def layout_http(folder: Path, port: int, upstream_ports: list[int]) -> str:
    """The log format, the map and the upstream of deploy/nginx/webinarium.conf
    (the upstream with the test's ports), and a plain HTTP server on ``port``
    logging into ``folder`` that includes
    deploy/nginx/webinarium-locations.conf as it is (the site's TLS server
    includes the same file)."""
    site = (DEPLOY / "nginx" / "webinarium.conf").read_text()
    found = re.findall(r"^(?:log_format .*?;$|(?:map|upstream) .*?^\})", site, re.M | re.S)
    blocks = {block.split()[0]: block for block in found}
    assert sorted(blocks) == ["log_format", "map", "upstream"], found
    ports = iter(upstream_ports)
    upstream, replaced = re.subn(
        r"(?m)^(\s*server 127\.0\.0\.1:)\d+", lambda m: f"{m[1]}{next(ports)}", blocks["upstream"]
    )
    assert replaced == len(upstream_ports), upstream
    return f"""{blocks["log_format"]}
{blocks["map"]}
{upstream}
server {{
    listen 127.0.0.1:{port};
    access_log {folder / "webinarium.access.log"} webinarium;
    set $webinarium_pages {PAGES};
    include {DEPLOY / "nginx" / "webinarium-locations.conf"};
}}"""


@contextmanager
def running_nginx(conf: Path, port: int) -> Iterator[None]:
    """nginx on ``conf`` (checked with -t first) until it answers on ``port``;
    stopped after."""
    folder = conf.parent
    command = [nginx_binary(), "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:

        def answers() -> bool:
            assert process.poll() is None, (folder / "error.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                return True
            except OSError:
                return False

        until(answers, "nginx listens")
        yield
    finally:
        _stop(process)


@contextmanager
def shared_janus(directory: Path) -> Iterator[JanusProcess | None]:
    """The deployment's one Janus (deploy/systemd/janus.service.d/), or None
    where Debian's janus is not installed: the layout then runs without live
    video (.ci/run installs janus, so CI always has it)."""
    if shutil.which("janus") is None:
        yield None
        return
    with janus_running(directory) as janus:
        yield janus


def scraped(base_url: str, sample: str) -> float:
    """A sample (``name`` or ``name{labels}``) of a process's own /metrics, on
    its own port, with the token."""
    response = httpx.get(
        f"{base_url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    found = re.search(rf"(?m)^{re.escape(sample)} (\S+)$", response.text)
    assert found, f"no {sample} in /metrics"
    return float(found[1])


@dataclass
class Layout:
    url: str
    serves: list[Served]
    logs: list[Path]
    nginx_log: Path
    env: dict[str, str]
    # The worker's own /metrics (WEBINARIUM_WORKER_METRICS_PORT, loopback only).
    worker_url: str
    janus: JanusProcess | None

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/room/ws"

    def metric(self, served: Served, name: str) -> float:
        """A sample of the serve process's own /metrics."""
        return scraped(served.base_url, name)

    def log_lines(self) -> list[dict[str, Any]]:
        """The serve processes' JSON log lines."""
        return [
            json.loads(line)
            for log in self.logs
            # Whole lines only: the last one may be being written.
            for line in log.read_text().split("\n")[:-1]
            if line.startswith("{")
        ]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(WEBINARIUM), *args], env=self.env, capture_output=True, text=True, timeout=60
        )


def healthy(served: Served) -> bool:
    assert served.process.poll() is None, "a serve process exited"
    try:
        return httpx.get(f"{served.base_url}/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Layout]:
    settings: Settings = fresh_database(tmp_path_factory, worker_id, "deploy")
    folder = tmp_path_factory.mktemp("layout")
    redis_port, nginx_port, worker_port = free_port(), free_port(), free_port()
    serve_ports = [free_port(), free_port()]
    url = f"http://127.0.0.1:{nginx_port}"
    stack = ExitStack()
    janus = stack.enter_context(shared_janus(folder / "janus"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
    # deploy/env.example's settings, with the test's addresses.
    env.update(
        PYTHONUNBUFFERED="1",
        WEBINARIUM_ENVIRONMENT="production",
        WEBINARIUM_PUBLIC_URL=url,
        WEBINARIUM_SECRET_KEY=secrets.token_hex(32),
        WEBINARIUM_DATA_DIR=str(settings.data_dir),
        WEBINARIUM_DATABASE_URL=settings.database_url,
        WEBINARIUM_BROKER_URL=f"redis://127.0.0.1:{redis_port}/0",
        WEBINARIUM_BROKER_CHANNEL_PREFIX=f"deploy-{uuid.uuid4().hex}:",
        WEBINARIUM_WORKER_IN_SERVE="false",
        WEBINARIUM_METRICS_TOKEN=METRICS_TOKEN,
        WEBINARIUM_WORKER_METRICS_PORT=str(worker_port),
        WEBINARIUM_LOG_FORMAT="json",
        # TURN as coturn's (its secret shared by both processes), at a port
        # that refuses at once: the test's peers reach Janus on loopback, and
        # an unreachable STUN server would hold their ICE gathering for 5 s.
        WEBINARIUM_TURN_URLS=f"turn:127.0.0.1:{free_port()}?transport=tcp",
        WEBINARIUM_TURN_SECRET=secrets.token_hex(16),
        # No serve process starts a Janus of its own: they share the layout's.
        WEBINARIUM_JANUS_BINARY="/nonexistent/janus",
        # The test's own: the worker sees the serve processes' commits soon,
        # and delivers to the receiver on loopback.
        WEBINARIUM_WORKER_POLL_SECONDS="0.2",
        WEBINARIUM_FETCH_ALLOW_HOSTS="127.0.0.1",
    )
    if janus is not None:
        env.update(
            WEBINARIUM_JANUS_URL=janus.url, WEBINARIUM_JANUS_ROOM_ADMIN_KEY=janus.room_admin_key
        )
    logs = [folder / f"serve-{port}.log" for port in serve_ports]
    with stack:
        redis = start_redis(redis_port)
        stack.callback(stop_redis, redis)
        serves = []
        for port, log in zip(serve_ports, logs, strict=True):
            with log.open("a") as stderr:
                process = subprocess.Popen(
                    [str(WEBINARIUM), "serve", "--host", "127.0.0.1", "--port", str(port)],
                    cwd=folder,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    text=True,
                )
            stack.callback(_stop, process)
            serves.append(Served(process, port))
        with (folder / "worker.log").open("a") as stderr:
            worker = subprocess.Popen(
                [str(WEBINARIUM), "worker"],
                cwd=folder,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        stack.callback(_stop, worker)
        nginx = folder / "nginx"
        conf = main_conf(nginx, layout_http(nginx, nginx_port, serve_ports))
        stack.enter_context(running_nginx(conf, nginx_port))
        for served in serves:
            until(lambda served=served: healthy(served), "a serve process's /healthz", START_WAIT)
        yield Layout(
            url,
            serves,
            logs,
            nginx / "webinarium.access.log",
            env,
            worker_url=f"http://127.0.0.1:{worker_port}",
            janus=janus,
        )
