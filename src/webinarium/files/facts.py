"""What a file says about itself: a PDF's page count and first-page thumbnail
(PDFium, through pypdfium2), a video's or audio's duration (ffprobe, where it is
installed). Blocking work: `read_facts` runs in a worker thread."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread
import pypdfium2

from webinarium.files.errors import UnreadableFile
from webinarium.files.sniff import MEDIA_TYPES

# A thumbnail's width in pixels: a handout's icon, a slide in a list.
THUMBNAIL_WIDTH = 320
# ffprobe reads a file's header, which takes well under a second; a file that
# keeps it busy longer is not one we can show.
PROBE_SECONDS = 30


@dataclass(frozen=True)
class Facts:
    pages: int | None = None
    duration_seconds: float | None = None
    # A PNG of the first page, for a PDF.
    thumbnail_png: bytes | None = None


async def read_facts(path: Path, content_type: str) -> Facts:
    """The facts of the file at ``path``; `UnreadableFile` for a PDF PDFium
    cannot open or a media file ffprobe cannot read."""
    return await anyio.to_thread.run_sync(_read_facts, path, content_type)


def _read_facts(path: Path, content_type: str) -> Facts:
    if content_type == "application/pdf":
        return _pdf_facts(path)
    if content_type in MEDIA_TYPES:
        return Facts(duration_seconds=_duration(path))
    return Facts()


def _pdf_facts(path: Path) -> Facts:
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(f"the PDF cannot be read: {error}") from None
    try:
        if len(document) == 0:
            raise UnreadableFile("the PDF has no pages")
        page = document[0]
        try:
            scale = THUMBNAIL_WIDTH / max(page.get_width(), 1.0)
            # rev_byteorder: RGB, as PNG stores it (PDFium renders BGR).
            bitmap = page.render(scale=scale, rev_byteorder=True)
            try:
                png = _png(
                    bytes(bitmap.buffer),
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    bitmap.n_channels,
                )
            finally:
                bitmap.close()
        finally:
            page.close()
        return Facts(pages=len(document), thumbnail_png=png)
    finally:
        document.close()


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


def _duration(path: Path) -> float | None:
    """Seconds, by ffprobe; None where ffprobe is not installed or the file has
    no duration (a live stream)."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return None
    command = [ffprobe, "-v", "error", "-show_entries", "format=duration"]
    command += ["-of", "default=noprint_wrappers=1:nokey=1", str(path)]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=PROBE_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise UnreadableFile("the media file cannot be probed: ffprobe timed out") from None
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] or ["unknown error"]
        raise UnreadableFile(f"the media file cannot be probed: {detail[0]}")
    try:
        return round(float(result.stdout.strip()), 3)
    except ValueError:  # "N/A"
        return None
