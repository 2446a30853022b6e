"""POST /api/webinarium/v1/files: the type, size, pages and icon come from the bytes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import Tenant
from tests.files.helpers import pdf_bytes, png_bytes, png_size, webm_bytes
from webinarium.files.facts import THUMBNAIL_WIDTH
from webinarium.settings import Settings

FILES = "/api/webinarium/v1/files"
# The first bytes of an MP4 (ISO base media): a 'ftyp' box, brand isom.
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


def _upload(
    http: httpx.Client, tenant: Tenant, data: bytes, name: str, sent_type: str
) -> httpx.Response:
    return http.post(FILES, headers=tenant.headers, files={"file": (name, data, sent_type)})


def _error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["message"], str), body
    return response.status_code, body["error"]["code"]


def test_a_pdf_is_stored_with_its_pages_and_a_thumbnail(http: httpx.Client, alice: Tenant) -> None:
    pdf = pdf_bytes(pages=3)
    response = _upload(http, alice, pdf, "deck.pdf", "application/octet-stream")
    assert response.status_code == 201, response.text
    file = response.json()
    assert (file["state"], file["reason"], file["content_type"]) == (
        "ready",
        "",
        "application/pdf",
    )
    assert (file["size"], file["pages"], file["file_name"]) == (len(pdf), 3, "deck.pdf")
    assert (file["duration_seconds"], file["source_url"]) == (None, None)
    assert http.get(file["url"].split("example.test", 1)[1]).content == pdf
    icon = http.get(file["icon_url"].split("example.test", 1)[1])
    assert icon.headers["content-type"] == "image/png"
    width, height = png_size(icon.content)
    # US Letter's proportions at the thumbnail's width.
    assert width == THUMBNAIL_WIDTH
    assert abs(height - THUMBNAIL_WIDTH * 792 / 612) <= 1
    shown = http.get(f"{FILES}/{file['id']}", headers=alice.headers)
    assert shown.json() == file


def test_the_type_is_read_from_the_bytes_not_the_name(http: httpx.Client, alice: Tenant) -> None:
    png = png_bytes()
    response = _upload(http, alice, png, "slides.pdf", "application/pdf")
    assert response.status_code == 201, response.text
    file = response.json()
    assert (file["content_type"], file["size"], file["pages"]) == ("image/png", len(png), None)
    # An image is its own icon.
    assert file["icon_url"] == file["url"]


def test_a_video_s_duration_is_ffprobe_s(http: httpx.Client, alice: Tenant) -> None:
    video = webm_bytes(seconds=10)
    response = _upload(http, alice, video, "clip.webm", "application/octet-stream")
    assert response.status_code == 201, response.text
    file = response.json()
    assert (file["state"], file["content_type"], file["size"]) == (
        "ready",
        "video/webm",
        len(video),
    )
    assert file["duration_seconds"] == pytest.approx(10, abs=0.1)
    assert (file["pages"], file["icon_url"]) == (None, None)
    assert http.get(file["url"].split("example.test", 1)[1]).content == video


def test_a_video_that_cannot_be_probed_is_refused(http: httpx.Client, alice: Tenant) -> None:
    if shutil.which("ffprobe") is None:
        pytest.fail("ffprobe reads a video's length: apt-get install ffmpeg")
    # An MP4's first bytes with no movie in them: sniffed as MP4, unreadable by ffprobe.
    response = _upload(http, alice, MP4_HEAD, "clip.mp4", "video/mp4")
    assert _error(response) == (400, "unreadable_file")
    assert "cannot be probed" in response.json()["error"]["message"]
    listed = http.get(FILES, headers=alice.headers).json()
    assert "clip.mp4" not in [f["file_name"] for f in listed]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"just some text, not a file type we take", (415, "unsupported_file_type")),
        (b"%PDF-1.7\nnot really a PDF", (400, "unreadable_file")),
    ],
)
def test_bad_files_are_refused_in_the_envelope(
    http: httpx.Client, alice: Tenant, data: bytes, expected: tuple[int, str]
) -> None:
    assert _error(_upload(http, alice, data, "x.pdf", "application/pdf")) == expected


@pytest.fixture
def small_limit(settings: Settings) -> Iterator[int]:
    """The store's limit lowered for a test (the app reads the same settings)."""
    before = settings.fetch_max_bytes
    settings.fetch_max_bytes = 1000
    yield settings.fetch_max_bytes
    settings.fetch_max_bytes = before


def test_a_file_over_the_limit_is_refused(
    http: httpx.Client, alice: Tenant, small_limit: int
) -> None:
    png = png_bytes()
    at_limit = png + b"\x00" * (small_limit - len(png))  # trailing bytes: still a PNG
    assert _upload(http, alice, at_limit, "big.png", "image/png").status_code == 201
    over = at_limit + b"\x00"
    assert _error(_upload(http, alice, over, "big.png", "image/png")) == (413, "file_too_large")


def test_a_request_without_a_file_is_refused(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(FILES, headers=alice.headers, data={"name": "no file"})
    assert _error(response) == (400, "invalid_input")


def test_the_api_key_is_required_and_files_are_the_account_s(
    http: httpx.Client, alice: Tenant, bob: Tenant
) -> None:
    assert _error(http.post(FILES, files={"file": ("a.png", png_bytes())})) == (
        401,
        "authentication_failed",
    )
    file_id = _upload(http, alice, png_bytes(), "a.png", "image/png").json()["id"]
    assert _error(http.get(f"{FILES}/{file_id}", headers=bob.headers)) == (404, "file_not_found")
    assert file_id not in [f["id"] for f in http.get(FILES, headers=bob.headers).json()]
    assert file_id in [f["id"] for f in http.get(FILES, headers=alice.headers).json()]


def test_unknown_paths_answer_in_the_envelope(http: httpx.Client, alice: Tenant) -> None:
    response = http.get("/api/webinarium/v1/nothing", headers=alice.headers)
    assert _error(response) == (404, "not_found")


def test_a_listing_s_filter_is_checked(http: httpx.Client, alice: Tenant) -> None:
    response = http.get(FILES, params={"state": "lost"}, headers=alice.headers)
    assert _error(response) == (400, "invalid_input")
    assert http.get(FILES, params={"state": "ready"}, headers=alice.headers).status_code == 200
