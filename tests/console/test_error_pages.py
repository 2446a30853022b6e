"""A parameter FastAPI refuses, or a body over the size limit, on a page: an
HTML page saying why (in the console's frame when signed in), never FastAPI's
422 JSON nor the APIs' plain JSON."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx

from tests.conftest import Tenant
from tests.console.helpers import console_client, csrf_of
from webinarium.settings import Settings

MEBIBYTE = 1024 * 1024
LIMIT_SENTENCE = "the request body is over the limit of 10 MiB"


def test_a_refused_query_parameter_in_the_console_is_a_console_page(
    server_url: str, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        refused = client.get("/console/connect/smtp", params={"check": "maybe"})
    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith("text/html")
    assert "check: Input should be a valid boolean" in refused.text
    # The console's frame, with who is signed in.
    assert "Sign out" in refused.text
    assert fresh_tenant.email in refused.text


def test_a_refused_query_parameter_on_a_public_page_is_a_page(server_url: str) -> None:
    with httpx.Client(base_url=server_url, timeout=30) as client:
        refused = client.get("/reports/transcript/some-token", params={"format": "x" * 11})
    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith("text/html")
    assert "format: String should have at most 10 characters" in refused.text
    assert '"detail"' not in refused.text


def _raw_post(server_url: str, path: str, cookie: str, length: int) -> tuple[int, str, str]:
    """A POST announcing ``length`` bytes and sending none of them: the status,
    the content type and the body of the answer."""
    address = urlsplit(server_url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}\r\n"
                f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
            ).encode()
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers["content-type"], body.decode()


def test_a_body_announced_over_the_limit_is_an_html_page(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    with console_client(server_url, fresh_tenant) as client:
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    status, content_type, body = _raw_post(
        server_url, "/console/sign-out", cookie, settings.max_body_bytes + 1
    )
    assert status == 413
    assert content_type.startswith("text/html")
    assert LIMIT_SENTENCE in body
    assert "<title>Too large" in body


def test_a_streamed_body_over_the_limit_is_a_console_page(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    """Without a Content-Length the limit is found while the body is read,
    before the unit opens (so before the console knows who is signed in)."""

    def chunks() -> Iterator[bytes]:
        yield b"csrf_token=x&note="
        for _ in range(settings.max_body_bytes // MEBIBYTE + 1):
            yield b"x" * MEBIBYTE

    with console_client(server_url, fresh_tenant) as client:
        token = csrf_of(client.get("/console/webinars").text)
        assert token
        refused = client.post(
            "/console/sign-out",
            content=chunks(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert refused.request.headers.get("transfer-encoding") == "chunked"
        assert refused.status_code == 413
        assert refused.headers["content-type"].startswith("text/html")
        assert LIMIT_SENTENCE in refused.text
        assert "<title>Too large" in refused.text
        # Nothing was done: still signed in.
        assert client.get("/console/webinars").status_code == 200
