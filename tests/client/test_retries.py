"""Retries, timeouts and connection errors, against a real HTTP server in the
test process that answers from a script and counts what it got."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.conftest import free_port
from webinarium.client import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AsyncWebinarium,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    GoneError,
    InternalServerError,
    MyOwnConference,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    Webinarium,
)
from webinarium.client._base import MAX_RETRY_AFTER, retry_after

# (status, headers) answered in turn; the last one again once the script is used up.
Reply = tuple[int, dict[str, str]]


class ScriptedServer(ThreadingHTTPServer):
    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.script: list[Reply] = []
        self.received: list[str] = []
        self.delay = 0.0

    def play(self, *replies: Reply) -> None:
        self.script = list(replies)
        self.received = []


class _Handler(BaseHTTPRequestHandler):
    server: ScriptedServer

    def _answer(self) -> None:
        self.server.received.append(self.command)
        time.sleep(self.server.delay)
        script = self.server.script
        status, headers = script.pop(0) if len(script) > 1 else script[0]
        body = json.dumps(
            {"ok": True} if status < 400 else {"error": {"code": "x", "message": f"said {status}"}}
        ).encode()
        self.send_response(status)
        for name, value in {**headers, "Content-Type": "application/json"}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer(free_port())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def client(scripted: ScriptedServer) -> Iterator[Webinarium]:
    scripted.delay = 0.0
    url = f"http://127.0.0.1:{scripted.server_address[1]}"
    with Webinarium(api_key="key", base_url=url, max_retries=2) as sdk:
        yield sdk


def test_429_is_retried_after_its_retry_after(scripted: ScriptedServer, client: Webinarium) -> None:
    scripted.play((429, {"Retry-After": "0"}), (200, {}))
    assert client.request("GET", "anything") == {"ok": True}
    assert scripted.received == ["GET", "GET"]


def test_a_429_waits_as_long_as_its_retry_after_asks(
    scripted: ScriptedServer, client: Webinarium
) -> None:
    """One second, twice the first backoff at most: the wait is the server's."""
    scripted.play((429, {"Retry-After": "1"}), (200, {}))
    started = time.monotonic()
    assert client.request("GET", "anything") == {"ok": True}
    assert time.monotonic() - started >= 1.0
    assert scripted.received == ["GET", "GET"]


def test_503_is_retried_after_a_backoff(scripted: ScriptedServer, client: Webinarium) -> None:
    scripted.play((503, {}), (200, {}))
    started = time.monotonic()
    assert client.request("DELETE", "anything") == {"ok": True}
    assert scripted.received == ["DELETE", "DELETE"]
    # The first backoff: 0.5 s less up to a quarter.
    assert time.monotonic() - started >= 0.375


def test_a_post_is_not_retried_unless_said_idempotent(
    scripted: ScriptedServer, client: Webinarium
) -> None:
    scripted.play((503, {"Retry-After": "0"}), (200, {}))
    with pytest.raises(InternalServerError) as caught:
        client.request("POST", "anything", json={})
    assert (caught.value.status_code, caught.value.message) == (503, "said 503")
    assert scripted.received == ["POST"]

    scripted.play((503, {"Retry-After": "0"}), (200, {}))
    assert client.request("POST", "anything", json={}, idempotent=True) == {"ok": True}
    assert scripted.received == ["POST", "POST"]


def test_retries_stop_at_max_retries(scripted: ScriptedServer, client: Webinarium) -> None:
    scripted.play((429, {"Retry-After": "0"}))
    with pytest.raises(RateLimitError) as caught:
        client.request("GET", "anything")
    assert caught.value.code == "x"
    assert scripted.received == ["GET"] * 3


def test_a_4xx_but_429_is_not_retried(scripted: ScriptedServer, client: Webinarium) -> None:
    scripted.play((404, {}), (200, {}))
    with pytest.raises(NotFoundError, match="said 404"):
        client.request("GET", "anything")
    assert scripted.received == ["GET"]


def test_the_async_client_retries_alike(scripted: ScriptedServer) -> None:
    url = f"http://127.0.0.1:{scripted.server_address[1]}"
    scripted.play((429, {"Retry-After": "0"}), (502, {"Retry-After": "0"}), (200, {}))

    async def main() -> object:
        async with AsyncWebinarium(api_key="key", base_url=url) as sdk:
            return await sdk.request("PUT", "anything", json={})

    assert asyncio.run(main()) == {"ok": True}
    assert scripted.received == ["PUT"] * 3


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (410, GoneError),
        (418, APIStatusError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
    ],
)
def test_each_status_is_its_exception_with_the_server_s_message(
    scripted: ScriptedServer, status: int, kind: type[APIStatusError]
) -> None:
    url = f"http://127.0.0.1:{scripted.server_address[1]}"
    scripted.play((status, {}))
    with (
        Webinarium(api_key="key", base_url=url, max_retries=0) as sdk,
        pytest.raises(APIStatusError) as caught,
    ):
        sdk.request("GET", "anything")
    assert type(caught.value) is kind
    assert (caught.value.status_code, caught.value.message) == (status, f"said {status}")


def test_a_slow_answer_is_a_timeout(scripted: ScriptedServer) -> None:
    url = f"http://127.0.0.1:{scripted.server_address[1]}"
    scripted.play((200, {}))
    scripted.delay = 0.5
    with (
        Webinarium(api_key="key", base_url=url, timeout=0.1, max_retries=0) as sdk,
        pytest.raises(APITimeoutError),
    ):
        sdk.request("GET", "anything")


def test_no_server_is_a_connection_error_after_the_retries() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with (
        Webinarium(api_key="key", base_url=url, max_retries=1) as sdk,
        pytest.raises(APIConnectionError) as caught,
    ):
        sdk.request("GET", "anything")
    assert not isinstance(caught.value, APITimeoutError)


def test_retry_after_reads_seconds_and_http_dates_and_caps_them() -> None:
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

    def asked(value: str) -> float | None:
        return retry_after(httpx.Response(429, headers={"Retry-After": value}), now)

    assert asked("3") == 3.0
    assert asked(format_datetime(now + timedelta(seconds=20), usegmt=True)) == 20.0
    assert asked(format_datetime(now - timedelta(seconds=20), usegmt=True)) == 0.0
    assert asked("86400") == MAX_RETRY_AFTER
    assert asked("soon") is None


def test_an_answer_that_is_not_myownconferences_is_an_api_error(
    scripted: ScriptedServer,
) -> None:
    url = f"http://127.0.0.1:{scripted.server_address[1]}"
    scripted.play((200, {}))
    with (
        MyOwnConference(api_key="key", base_url=url) as moc,
        pytest.raises(APIError, match="not MyOwnConference's"),
    ):
        moc.request("profileGet")
    assert scripted.received == ["POST"]
