"""Fetching URLs behind the SSRF guard: the guard itself (`fetch_to`, against the
test's own HTTP server on 127.0.0.1), and the fetches the APIs start (BigMarker
handouts and pre-loaded files), whose state and reason are visible."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from ipaddress import ip_address
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant, in_database
from tests.files.helpers import FileServer, file_server, pdf_bytes, png_bytes, png_size, wait_for
from webinarium.files.errors import FetchFailed, FetchRefused, FileTooLarge
from webinarium.files.fetch import fetch_to, is_forbidden
from webinarium.files.tasks import Fetcher
from webinarium.kit.db import Database
from webinarium.models import FileState, StoredFile
from webinarium.settings import Settings

FILES = "/api/webinarium/v1/files"
PDF = pdf_bytes(pages=2)


@pytest.fixture(scope="module")
def server() -> Iterator[FileServer]:
    with file_server() as server:
        server.routes["/deck.pdf"] = (200, {"Content-Type": "text/plain"}, PDF)
        server.routes["/to-localhost"] = (
            302,
            {"Location": server.url("/deck.pdf", "localhost")},
            b"",
        )
        server.routes["/to-metadata"] = (
            301,
            {"Location": "http://169.254.169.254/latest/meta-data/"},
            b"",
        )
        server.routes["/to-deck"] = (307, {"Location": "/deck.pdf"}, b"")
        server.routes["/loop"] = (302, {"Location": "/loop"}, b"")
        server.routes["/chunked"] = (200, {}, [b"%PDF-1.7\n", b"x" * 600, b"y" * 600])
        server.routes["/text"] = (200, {"Content-Type": "application/pdf"}, b"hello, world")
        yield server


def _allowing(settings: Settings, **changes: Any) -> Settings:
    """The settings with the test server's address allowed (and ``changes``)."""
    return settings.model_copy(update={"fetch_allow_hosts": "127.0.0.1", **changes})


def _refusing(settings: Settings) -> Settings:
    """The settings with no host allowed (the suite's allow the test server)."""
    return settings.model_copy(update={"fetch_allow_hosts": ""})


def _fetch(url: str, settings: Settings, target: Path) -> bytes:
    asyncio.run(fetch_to(url, target, settings))
    return target.read_bytes()


def test_an_allowed_host_is_fetched_through_redirects(
    server: FileServer, settings: Settings, tmp_path: Path
) -> None:
    allowing = _allowing(settings)
    assert _fetch(server.url("/deck.pdf"), allowing, tmp_path / "a") == PDF
    assert _fetch(server.url("/to-deck"), allowing, tmp_path / "b") == PDF


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",  # refused when the setting does not list it
        "localhost",  # resolves to 127.0.0.1 (and ::1)
        "[::ffff:127.0.0.1]",  # IPv4-mapped IPv6
    ],
)
def test_loopback_is_refused(
    server: FileServer, settings: Settings, tmp_path: Path, host: str
) -> None:
    with pytest.raises(FetchRefused, match="does not fetch from"):
        _fetch(server.url("/deck.pdf", host), _refusing(settings), tmp_path / "f")
    assert not (tmp_path / "f").exists()


def test_the_metadata_address_is_refused(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(FetchRefused, match=r"169\.254\.169\.254"):
        _fetch("http://169.254.169.254/latest/meta-data/", _allowing(settings), tmp_path / "f")


@pytest.mark.parametrize(
    ("path", "address"), [("/to-localhost", "localhost"), ("/to-metadata", "169.254.169.254")]
)
def test_a_redirect_from_an_allowed_host_is_checked_again(
    server: FileServer, settings: Settings, tmp_path: Path, path: str, address: str
) -> None:
    with pytest.raises(FetchRefused, match=f"the host {address} resolves to"):
        _fetch(server.url(path), _allowing(settings), tmp_path / "f")


@pytest.mark.parametrize(
    "url", ["ftp://files.example.test/deck.pdf", "file:///etc/passwd", "gopher://127.0.0.1/"]
)
def test_only_http_and_https_are_fetched(settings: Settings, tmp_path: Path, url: str) -> None:
    with pytest.raises(FetchRefused, match="only http and https"):
        _fetch(url, _allowing(settings), tmp_path / "f")


def test_size_limit_while_streaming_and_when_announced(
    server: FileServer, settings: Settings, tmp_path: Path
) -> None:
    small = _allowing(settings, fetch_max_bytes=1000)
    with pytest.raises(FileTooLarge):
        _fetch(server.url("/chunked"), small, tmp_path / "a")  # no Content-Length
    assert (tmp_path / "a").stat().st_size <= 1000
    with pytest.raises(FileTooLarge):
        _fetch(
            server.url("/deck.pdf"),
            _allowing(settings, fetch_max_bytes=len(PDF) - 1),
            tmp_path / "b",
        )
    assert not (tmp_path / "b").exists()  # refused on its Content-Length, nothing read


def test_errors_and_redirect_loops_fail(
    server: FileServer, settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(FetchFailed, match="HTTP 404"):
        _fetch(server.url("/missing"), _allowing(settings), tmp_path / "a")
    with pytest.raises(FetchFailed, match="more than 2 redirects"):
        _fetch(server.url("/loop"), _allowing(settings, fetch_max_redirects=2), tmp_path / "b")
    with pytest.raises(FetchFailed, match="cannot be resolved"):
        _fetch("http://no-such-host.invalid/deck.pdf", settings, tmp_path / "c")


@pytest.mark.parametrize(
    ("address", "forbidden"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("fd00::1", True),
        ("::ffff:10.0.0.1", True),
        ("93.184.216.34", False),
        ("2606:4700::1111", False),
    ],
)
def test_forbidden_addresses(address: str, forbidden: bool) -> None:
    assert is_forbidden(ip_address(address)) is forbidden


# Through the APIs: the app fetches in its background, after the commit.


@pytest.fixture
def allowed(settings: Settings, server: FileServer) -> FileServer:
    """The test server, which the suite's settings allow (tests/conftest.py)."""
    assert "127.0.0.1" in settings.fetch_allowed_hosts
    return server


def _local(url: str) -> str:
    return url.split("example.test", 1)[1]


def _file_from(http: httpx.Client, tenant: Tenant, url: str) -> dict[str, Any] | None:
    """The tenant's file fetched from ``url``, once no longer fetching."""
    for file in http.get(FILES, headers=tenant.headers).json():
        if file["source_url"] == url and file["state"] != "fetching":
            return dict(file)
    return None


def test_a_handout_s_file_is_fetched_and_shows_its_icon(
    http: httpx.Client, alice: Tenant, allowed: FileServer
) -> None:
    conference = create_conference(http, alice)
    url = allowed.url("/deck.pdf")
    created = http.post(
        f"/api/v1/conferences/{conference['id']}/add_handout_with_url",
        headers=alice.headers,
        json={"title": "Deck", "handout_url": url},
    )
    assert created.status_code == 200, created.text
    assert created.json()["icon_url"] is None  # answered before the fetch

    def icon() -> str | None:
        listed = http.get(f"/api/v1/conferences/{conference['id']}/handouts", headers=alice.headers)
        found: str | None = listed.json()[0]["icon_url"]
        return found

    assert png_size(http.get(_local(wait_for(icon))).content)[0] == 320
    file = wait_for(lambda: _file_from(http, alice, url))
    assert (file["state"], file["content_type"], file["size"], file["pages"]) == (
        "ready",
        "application/pdf",  # sniffed: the server said text/plain
        len(PDF),
        2,
    )
    assert http.get(_local(file["url"])).content == PDF


@pytest.mark.parametrize(
    ("path", "host", "reason"),
    [
        ("/missing", "127.0.0.1", "the server answered HTTP 404"),
        ("/text", "127.0.0.1", "the file is none of the types"),
        ("/deck.pdf", "localhost", "an address this server does not fetch from"),
        ("/to-localhost", "127.0.0.1", "an address this server does not fetch from"),
    ],
)
def test_a_failed_fetch_is_visible_with_its_reason(
    http: httpx.Client, alice: Tenant, allowed: FileServer, path: str, host: str, reason: str
) -> None:
    conference = create_conference(http, alice)
    url = allowed.url(path, host)
    response = http.put(
        f"/api/v1/conferences/{conference['id']}/upload_file",
        headers=alice.headers,
        json={"file_url": url, "autoplay": False},
    )
    assert response.status_code == 200, response.text
    file = wait_for(lambda: _file_from(http, alice, url))
    assert file["state"] == "failed"
    assert reason in file["reason"]
    assert (file["url"], file["icon_url"], file["size"]) == (None, None, 0)
    failed = http.get(FILES, params={"state": "failed"}, headers=alice.headers).json()
    assert file["id"] in [f["id"] for f in failed]


def test_files_left_fetching_are_fetched_at_start(
    settings: Settings, alice: Tenant, server: FileServer
) -> None:
    url = server.url("/deck.pdf")

    async def left_fetching(session: AsyncSession) -> str:
        # As a process that stopped mid-fetch leaves it (no request is sent).
        row = StoredFile(
            account_id=alice.account_id,
            state=FileState.FETCHING,
            source_url=url,
            content_type="",
            size=0,
            sha256="",
        )
        session.add(row)
        await session.flush()
        return row.id

    file_id = in_database(settings, left_fetching)

    async def start_a_fetcher() -> None:
        async with Database(settings.database_url_async) as database:
            fetcher = Fetcher(database, _allowing(settings))
            await fetcher.start()
            for _ in range(300):
                async with database.read() as session:
                    row = await session.get(StoredFile, file_id)
                    if row is not None and row.state != FileState.FETCHING:
                        break
                await asyncio.sleep(0.05)
            await fetcher.close()

    asyncio.run(start_a_fetcher())

    async def state(session: AsyncSession) -> tuple[str, int, int | None]:
        row = await session.get(StoredFile, file_id)
        assert row is not None
        return row.state, row.size, row.pages

    assert in_database(settings, state) == ("ready", len(PDF), 2)


def test_a_png_fetched_is_its_own_icon(
    http: httpx.Client, alice: Tenant, allowed: FileServer
) -> None:
    allowed.routes["/logo"] = (200, {}, png_bytes())
    conference = create_conference(http, alice)
    url = allowed.url("/logo")
    http.post(
        f"/api/v1/conferences/{conference['id']}/add_handout_with_url",
        headers=alice.headers,
        json={"title": "Logo", "handout_url": url},
    )
    file = wait_for(lambda: _file_from(http, alice, url))
    assert (file["state"], file["content_type"], file["icon_url"]) == (
        "ready",
        "image/png",
        file["url"],
    )
