"""The log of a real ``webinarium serve``: JSON lines (WEBINARIUM_LOG_FORMAT=json)
with the request id of each request (the X-Request-ID it answered with), a
worker job's id, nothing secret; the text format one readable line per record."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import create_tenant, free_port
from tests.room.conftest import RedisServer, RoomServer, start_redis, stop_redis
from tests.room.helpers import Client, make_room, register_someone
from tests.test_startup import Served, serve
from tests.webhooks.receiver import start_receiver
from webinarium.app import create_app
from webinarium.kit.logs import JsonFormatter, RedactSecrets
from webinarium.settings import Settings

NATIVE = "/api/webinarium/v1"
SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
PASSWORD = "hunter2-correct-horse"


@dataclass
class Server:
    served: Served
    log: Path
    key: str
    channel_id: str

    @property
    def base_url(self) -> str:
        return self.served.base_url

    def text(self) -> str:
        return self.log.read_text()

    def lines(self) -> list[dict[str, Any]]:
        """Every line of the log, each parsed as JSON (one that is not fails the test)."""
        return [json.loads(line) for line in self.text().splitlines()]

    def wait_for(self, found: Callable[[], bool], what: str) -> None:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            if found():
                return
            time.sleep(0.1)
        raise AssertionError(f"{what} never appeared in the log:\n{self.text()}")


@contextmanager
def _start(tmp_path: Path, **env: str) -> Iterator[Server]:
    log = tmp_path / "server.log"
    with serve(tmp_path, tmp_path / "data", log, **env) as served:
        key = served.read_until("API key:").split("API key:", 1)[1].strip()
        channel_id = served.read_until("channel_id:").split()[-1]
        served.wait_healthy()
        yield Server(served, log, key, channel_id)


@pytest.fixture(scope="module")
def json_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with _start(
        tmp_path_factory.mktemp("json_log"),
        WEBINARIUM_LOG_FORMAT="json",
        # The webhook receiver of the job test listens on loopback.
        WEBINARIUM_FETCH_ALLOW_HOSTS="127.0.0.1",
    ) as server:
        yield server


def _request_lines(server: Server, request_id: str) -> list[dict[str, Any]]:
    return [line for line in server.lines() if line.get("request_id") == request_id]


def _access_line(server: Server, request_id: str) -> dict[str, Any] | None:
    return next(
        (line for line in _request_lines(server, request_id) if line["logger"] == "uvicorn.access"),
        None,
    )


def test_json_lines_carry_each_request_id_and_no_secret(json_server: Server) -> None:
    server = json_server
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        # Boomstream's clients send the key in the URL.
        listed = http.get("/api/conference/list", params={"apikey": server.key, "format": "json"})
        assert listed.status_code == 200, listed.text
        # A refused key, under an id the client chose.
        refused = http.get(
            "/api/v1/conferences",
            headers={"API-KEY": server.key + "x", "X-Request-ID": "client-7.trace_1"},
        )
        assert refused.status_code == 401
        # Ids that are not sane tokens are replaced.
        unsafe = http.get("/healthz", headers={"X-Request-ID": 'bad id" injected=1'})
        too_long = http.get("/healthz", headers={"X-Request-ID": "a" * 65})
        # A sign-in with a password in its form, refused (no CSRF token).
        signed = http.post(
            "/console/sign-in", data={"email": "demo@webinarium.local", "password": PASSWORD}
        )
        assert signed.status_code >= 400
    ids = {
        "listed": listed.headers["X-Request-ID"],
        "refused": refused.headers["X-Request-ID"],
        "unsafe": unsafe.headers["X-Request-ID"],
        "too_long": too_long.headers["X-Request-ID"],
        "signed": signed.headers["X-Request-ID"],
    }
    assert ids["refused"] == "client-7.trace_1"
    assert ids["unsafe"] != 'bad id" injected=1'
    assert SANE_ID.fullmatch(ids["unsafe"])
    assert ids["too_long"] != "a" * 65
    assert SANE_ID.fullmatch(ids["too_long"])
    assert len(set(ids.values())) == len(ids)  # one per request
    server.wait_for(lambda: _access_line(server, ids["signed"]) is not None, "the last access line")

    for line in server.lines():
        assert {"time", "level", "logger", "message"} <= line.keys(), line
        assert line["time"].endswith("Z")

    listed_access = _access_line(server, ids["listed"])
    assert listed_access is not None
    assert listed_access["method"] == "GET"
    assert listed_access["path"] == "/api/conference/list?apikey=[redacted]&format=json"
    assert listed_access["status"] == 200
    refused_access = _access_line(server, ids["refused"])
    assert refused_access is not None
    assert (refused_access["path"], refused_access["status"]) == ("/api/v1/conferences", 401)
    for name in ("unsafe", "too_long"):
        access = _access_line(server, ids[name])
        assert access is not None
        assert access["path"] == "/healthz"
    signed_access = _access_line(server, ids["signed"])
    assert signed_access is not None
    assert signed_access["method"] == "POST"

    text = server.text()
    assert server.key not in text
    assert server.key[len("wbn_") :] not in text
    assert PASSWORD not in text
    assert "injected" not in text


def test_a_worker_job_s_lines_carry_its_id(json_server: Server) -> None:
    """A webhook endpoint that answers 410 Gone: its delivery job is given up,
    and the warning says so with the job's id in its own field."""
    server = json_server
    receiver = start_receiver()
    receiver.scripts["/gone"] = lambda _, __: (410, {}, b"")
    headers = {"API-KEY": server.key}
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            endpoint = http.post(
                f"{NATIVE}/webhook_endpoints",
                headers=headers,
                json={"url": receiver.base_url + "/gone", "event_types": ["conference.created"]},
            )
            assert endpoint.status_code == 201, endpoint.text
            created = http.post(
                "/api/v1/conferences",
                headers=headers,
                json={"channel_id": server.channel_id, "title": "Logged"},
            )
            assert created.status_code == 200, created.text

        def given_up() -> list[dict[str, Any]]:
            return [line for line in server.lines() if "given up" in line["message"]]

        server.wait_for(lambda: bool(given_up()), "the job given up")
    finally:
        receiver.stop()
    assert len(receiver.at("/gone")) == 1
    line = given_up()[0]
    assert line["level"] == "WARNING"
    assert line["logger"] == "webinarium.worker.runner"
    assert line["message"].startswith(f"job {line['job_id']} (webhook.deliver ")
    assert "request_id" not in line  # the worker's, not the request's that made the event
    created_access = _access_line(server, created.headers["X-Request-ID"])
    assert created_access is not None
    assert created_access["method"] == "POST"


def test_the_text_format_stays_one_readable_line_per_request(tmp_path: Path) -> None:
    with _start(tmp_path) as server:
        answered = httpx.get(
            server.base_url + "/api/conference/list",
            params={"apikey": server.key, "format": "json"},
            headers={"X-Request-ID": "text-1"},
        )
        assert answered.headers["X-Request-ID"] == "text-1"
        expected = (
            'INFO:     127.0.0.1:{port} - "GET /api/conference/list?apikey=[redacted]'
            '&format=json HTTP/1.1" 200  request_id=text-1'
        )
        pattern = re.escape(expected).replace(re.escape("{port}"), r"\d+")

        def access_lines() -> list[str]:
            return [line for line in server.text().splitlines() if re.fullmatch(pattern, line)]

        server.wait_for(lambda: len(access_lines()) == 1, "the access line")
        text = server.text()
        assert not any(line.startswith("{") for line in text.splitlines())
        assert server.key not in text


def test_an_unexpected_failure_is_answered_500_with_its_request_id(settings: Settings) -> None:
    """Starlette answers it outside every middleware; the id that finds its
    traceback in the log is in the answer all the same."""
    app = create_app(settings)

    @app.get("/test-only/fails")
    async def fails() -> None:
        raise RuntimeError("a bug")

    async def scenario() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            given = await client.get("/test-only/fails", headers={"X-Request-ID": "bug-1"})
            made = await client.get("/test-only/fails")
        return given, made

    given, made = asyncio.run(scenario())
    assert (given.status_code, given.text) == (500, "Internal Server Error")
    assert given.headers["X-Request-ID"] == "bug-1"
    assert made.status_code == 500
    assert SANE_ID.fullmatch(made.headers["X-Request-ID"])


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A redis-server the test stops."""
    port = free_port()
    server = RedisServer(f"redis://127.0.0.1:{port}/0", start_redis(port))
    yield server
    if server.process is not None and server.process.poll() is None:
        stop_redis(server.process)


def test_a_room_command_s_lines_carry_its_socket_s_id_and_number(
    settings: Settings, own_redis: RedisServer
) -> None:
    """The chat allowance lives in Redis; with Redis gone, the chat command
    says so in the log (and goes on): that line is the command's."""
    tenant = create_tenant(settings)
    room = make_room(settings, tenant)
    ann = register_someone(settings, tenant, room, "Ann")
    server = RoomServer(
        settings, broker_url=own_redis.url, broker_channel_prefix=f"test-{uuid.uuid4().hex}:"
    ).start()
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.addFilter(RedactSecrets())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("webinarium.room.allowance")
    logger.addHandler(handler)
    try:
        with Client(server.ws_url, ann.enter_token, headers={"X-Request-ID": "sock-7"}) as client:
            client.next_frame()
            assert client.send("ping")["ok"] is True  # the socket's command 1
            assert own_redis.process is not None
            stop_redis(own_redis.process)
            said = client.send("chat.send", {"text": "while Redis is away"})  # command 2
            assert said["ok"] is True, said
    finally:
        logger.removeHandler(handler)
        server.stop()
    lines = [json.loads(line) for line in written.getvalue().splitlines()]
    assert lines, "the allowance logged nothing"
    assert all("chat allowance in Redis failed" in line["message"] for line in lines)
    assert {line["request_id"] for line in lines} == {"sock-7.2"}
