"""A PDF's pages rendered once to PNG files of the store when it becomes ready
(uploaded or fetched); a PDF that cannot be read fails visibly and leaves
nothing behind."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant, in_database
from tests.files.helpers import (
    BROKEN_PDF,
    FileServer,
    file_server,
    png_size,
    slides_pdf,
    wait_for,
)
from webinarium.files.facts import Facts, read_facts
from webinarium.files.pages import PAGE_WIDTH
from webinarium.models import StoredFile
from webinarium.settings import Settings

FILES = "/api/webinarium/v1/files"
DECK = slides_pdf(pages=3)


@pytest.fixture(scope="module")
def server() -> Iterator[FileServer]:
    with file_server() as server:
        server.routes["/deck.pdf"] = (200, {}, DECK)
        server.routes["/broken.pdf"] = (200, {}, BROKEN_PDF)
        yield server


def _row(settings: Settings, file_id: str) -> StoredFile:
    async def read(session: AsyncSession) -> StoredFile:
        row = await session.get(StoredFile, file_id)
        assert row is not None
        return row

    return in_database(settings, read)


def _files_named(settings: Settings, prefix: str) -> int:
    async def count(session: AsyncSession) -> int:
        found = await session.scalar(
            select(func.count()).where(StoredFile.file_name.startswith(prefix))
        )
        return int(found or 0)

    return in_database(settings, count)


def _scratch_left(settings: Settings) -> list[Path]:
    return sorted(settings.files_root.glob("*.partial"))


def _page_images(http: httpx.Client, settings: Settings, file_id: str) -> list[bytes]:
    row = _row(settings, file_id)
    assert row.page_image_ids is not None
    images = [http.get(f"/files/{image_id}") for image_id in row.page_image_ids]
    for image in images:
        assert image.status_code == 200
        assert image.headers["content-type"] == "image/png"
    return [image.content for image in images]


def test_an_uploaded_pdf_s_pages_are_rendered_once(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    response = http.post(
        FILES, headers=alice.headers, files={"file": ("deck.pdf", DECK, "application/pdf")}
    )
    assert response.status_code == 201, response.text
    file = response.json()
    assert (file["state"], file["pages"]) == ("ready", 3)
    images = _page_images(http, settings, file["id"])
    assert len(images) == 3
    for image in images:
        width, height = png_size(image)
        # The deck is 960 x 540 points (16:9), rendered PAGE_WIDTH wide.
        assert width == PAGE_WIDTH
        assert abs(height - PAGE_WIDTH * 540 / 960) <= 1
    # Each page differs (its own colour and number).
    assert len(set(images)) == 3
    # Once: three images, no more, and no scratch file left.
    assert _files_named(settings, f"{file['id']}-page-") == 3
    assert _scratch_left(settings) == []


def test_a_fetched_pdf_s_pages_are_rendered_when_it_is_ready(
    http: httpx.Client, settings: Settings, alice: Tenant, server: FileServer
) -> None:
    conference = create_conference(http, alice)
    url = server.url("/deck.pdf")
    response = http.put(
        f"/api/v1/conferences/{conference['id']}/upload_file",
        headers=alice.headers,
        json={"file_url": url, "autoplay": False},
    )
    assert response.status_code == 200, response.text
    file = wait_for(lambda: _fetched(http, alice, url))
    assert (file["state"], file["pages"]) == ("ready", 3)
    images = _page_images(http, settings, file["id"])
    assert [png_size(image)[0] for image in images] == [PAGE_WIDTH] * 3
    assert _files_named(settings, f"{file['id']}-page-") == 3


def test_a_pdf_that_cannot_be_read_fails_visibly(
    http: httpx.Client, settings: Settings, alice: Tenant, server: FileServer
) -> None:
    # Uploaded: refused in the envelope, nothing stored.
    response = http.post(
        FILES, headers=alice.headers, files={"file": ("broken.pdf", BROKEN_PDF, "application/pdf")}
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "unreadable_file"
    # Fetched: the file's state and reason say so.
    conference = create_conference(http, alice)
    url = server.url("/broken.pdf")
    http.put(
        f"/api/v1/conferences/{conference['id']}/upload_file",
        headers=alice.headers,
        json={"file_url": url, "autoplay": False},
    )
    file = wait_for(lambda: _fetched(http, alice, url))
    assert file["state"] == "failed"
    assert file["reason"].startswith("the PDF cannot be read"), file["reason"]
    assert (file["pages"], file["icon_url"]) == (None, None)
    assert _row(settings, file["id"]).page_image_ids is None
    assert _scratch_left(settings) == []


def _fetched(http: httpx.Client, tenant: Tenant, url: str) -> dict[str, object] | None:
    for file in http.get(FILES, headers=tenant.headers).json():
        if file["source_url"] == url and file["state"] != "fetching":
            return dict(file)
    return None


def test_pdfs_read_at_once_in_worker_threads_all_render(tmp_path: Path) -> None:
    """PDFium is not thread-safe, and uploads and fetches read their PDFs in
    worker threads at the same time: without `pages.PDFIUM`, 32 reads of a
    10-page PDF at once crash the process most times ("malloc(): unaligned
    tcache chunk detected"; a segmentation fault in CI)."""
    deck = tmp_path / "deck.pdf"
    deck.write_bytes(slides_pdf(10))

    async def read_many() -> list[Facts]:
        return await asyncio.gather(
            *(read_facts(deck, "application/pdf", tmp_path) for _ in range(32))
        )

    every = asyncio.run(read_many())
    try:
        assert [facts.pages for facts in every] == [10] * 32
        assert all(len(facts.page_images) == 10 for facts in every)
    finally:
        for facts in every:
            facts.discard()
