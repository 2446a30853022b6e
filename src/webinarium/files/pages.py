"""A PDF's pages as images, for the room's slides: every page rendered once to a
PNG (PDFium, through pypdfium2) when the PDF becomes ready (`facts.read_facts`,
in a worker thread), each kept as a file of the store; the PDF's row lists them
(``StoredFile.page_image_ids``)."""

from __future__ import annotations

import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from webinarium.files.errors import UnreadableFile
from webinarium.kit.ids import new_id
from webinarium.models import FileState, StoredFile

# A slide's width in pixels: sharp on a laptop's stage, a few hundred KiB a page.
PAGE_WIDTH = 1280
# PDFium is not thread-safe (pypdfium2's documentation): two worker threads
# reading PDFs at once crashed the process. Every use of it holds this lock.
PDFIUM = threading.Lock()


def render_pages(document: pypdfium2.PdfDocument, scratch_dir: Path) -> tuple[Path, ...]:
    """Each page of ``document`` as a PNG ``PAGE_WIDTH`` wide, written to a file of
    its own in ``scratch_dir`` (one page in memory at a time), page 1 first. A
    page PDFium cannot render is `UnreadableFile`, and nothing is left behind."""
    written: list[Path] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                png = page_png(page, PAGE_WIDTH)
            except pypdfium2.PdfiumError as error:
                raise UnreadableFile(
                    f"page {index + 1} of the PDF cannot be rendered: {error}"
                ) from None
            finally:
                page.close()
            path = scratch_dir / f"{new_id()}.page.partial"
            path.write_bytes(png)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return tuple(written)


def page_png(page: pypdfium2.PdfPage, width: int) -> bytes:
    """``page`` rendered ``width`` pixels wide, as a PNG."""
    scale = width / max(page.get_width(), 1.0)
    # rev_byteorder: RGB, as PNG stores it (PDFium renders BGR).
    bitmap = page.render(scale=scale, rev_byteorder=True)
    try:
        return _png(
            bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels
        )
    finally:
        bitmap.close()


def _png(pixels: bytes, width: int, height: int, stride: int, channels: int) -> bytes:
    """An 8-bit RGB (3 channels) or RGBA (4) PNG of a rendered bitmap: PNG needs
    no more than zlib, so no imaging library is needed for it."""
    colour_type = {3: 2, 4: 6}[channels]
    row_bytes = width * channels
    # Each row is preceded by its filter type (0: none).
    raw = b"".join(b"\x00" + pixels[y * stride : y * stride + row_bytes] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Deck:
    """A ready PDF whose pages are rendered: what a room can show of it."""

    pages: int
    page_image_ids: tuple[str, ...]

    def image_id(self, page: int) -> str:
        """The image of ``page`` (from 1); `IndexError` out of range."""
        if not 1 <= page <= self.pages:
            raise IndexError(page)
        return self.page_image_ids[page - 1]


def deck_of(row: StoredFile | None) -> Deck | None:
    """The rendered pages of ``row``; None unless it is a ready PDF with its pages."""
    if row is None or row.state != FileState.READY or not row.page_image_ids:
        return None
    return Deck(len(row.page_image_ids), tuple(row.page_image_ids))


def not_a_deck_reason(row: StoredFile | None) -> str:
    """Why ``row`` cannot be shown as slides (`deck_of` gave None), for people."""
    if row is None:
        return "its file has not been fetched"
    if row.state == FileState.FETCHING:
        return "its file is still being fetched"
    if row.state == FileState.FAILED:
        return row.reason or "its file could not be fetched"
    if row.content_type != "application/pdf":
        return "its file is not a PDF"
    return "its PDF's pages were not rendered (stored before slides were)"
