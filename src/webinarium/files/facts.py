"""What a file says about itself: a PDF's page count, first-page thumbnail and
every page as an image (PDFium, through pypdfium2; files/pages.py), a video's
or audio's duration (ffprobe, where it is installed). Blocking work:
`read_facts` runs in a worker thread."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread
import pypdfium2

from webinarium.files.errors import UnreadableFile
from webinarium.files.pages import PDFIUM, page_png, render_pages
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
    # Every page of a PDF as a PNG (files/pages.py), in scratch files of the
    # store's root until they are kept.
    page_images: tuple[Path, ...] = ()

    def discard(self) -> None:
        """Removes the scratch files not kept (none once they were)."""
        for path in self.page_images:
            path.unlink(missing_ok=True)


async def read_facts(path: Path, content_type: str, scratch_dir: Path) -> Facts:
    """The facts of the file at ``path``; a PDF's pages are rendered into
    ``scratch_dir``. `UnreadableFile` for a PDF PDFium cannot open or render, or
    a media file ffprobe cannot read."""
    return await anyio.to_thread.run_sync(_read_facts, path, content_type, scratch_dir)


def _read_facts(path: Path, content_type: str, scratch_dir: Path) -> Facts:
    if content_type == "application/pdf":
        return _pdf_facts(path, scratch_dir)
    if content_type in MEDIA_TYPES:
        return Facts(duration_seconds=_duration(path))
    return Facts()


def _pdf_facts(path: Path, scratch_dir: Path) -> Facts:
    with PDFIUM:
        return _pdf_facts_locked(path, scratch_dir)


def _pdf_facts_locked(path: Path, scratch_dir: Path) -> Facts:
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(f"the PDF cannot be read: {error}") from None
    try:
        if len(document) == 0:
            raise UnreadableFile("the PDF has no pages")
        page = document[0]
        try:
            thumbnail = page_png(page, THUMBNAIL_WIDTH)
        except pypdfium2.PdfiumError as error:
            raise UnreadableFile(f"page 1 of the PDF cannot be rendered: {error}") from None
        finally:
            page.close()
        page_images = render_pages(document, scratch_dir)
        return Facts(pages=len(document), thumbnail_png=thumbnail, page_images=page_images)
    finally:
        document.close()


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
