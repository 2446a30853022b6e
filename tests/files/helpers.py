"""Files made by the tests (PDFs by PDFium or written out, a PNG by zlib, a WebM
video by ffmpeg) and a small HTTP server of their own on 127.0.0.1 to fetch from."""

from __future__ import annotations

import functools
import io
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import pypdfium2
import pytest

from webinarium.files.pages import PDFIUM

T = TypeVar("T")


def pdf_bytes(pages: int) -> bytes:
    # The servers the tests run in this process render PDFs meanwhile.
    with PDFIUM:
        document = pypdfium2.PdfDocument.new()
        for _ in range(pages):
            document.new_page(612, 792)  # US Letter, in points
        buffer = io.BytesIO()
        document.save(buffer)
        document.close()
    return buffer.getvalue()


def slides_pdf(pages: int) -> bytes:
    """A landscape deck whose page N says "Slide N" on a coloured band."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    colours = ["0.2 0.4 0.8", "0.8 0.3 0.2", "0.2 0.6 0.3", "0.6 0.3 0.7"]
    for i in range(pages):
        content = (
            f"{colours[i % len(colours)]} rg 0 0 960 540 re f "
            f"BT /F1 96 Tf 1 1 1 rg 250 230 Td (Slide {i + 1}) Tj ET"
        ).encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 960 540] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# A PDF PDFium cannot open: the header and nothing of a document after it.
BROKEN_PDF = b"%PDF-1.7\n" + b"this is no PDF document " * 20


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@functools.cache
def webm_bytes(seconds: int = 10) -> bytes:
    """A WebM (VP8) video of ``seconds``: ffmpeg's test pattern with a running
    counter, 160x120 at 10 frames a second (about 8 KB a second). Made once per
    test process."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None or shutil.which("ffprobe") is None:
        pytest.fail(
            "ffmpeg and ffprobe are needed to make and read the test video: apt-get install ffmpeg"
        )
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "clip.webm"
        command = [ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "lavfi"]
        command += ["-i", f"testsrc=size=160x120:rate=10:duration={seconds}"]
        command += ["-c:v", "libvpx", "-b:v", "64k", "-deadline", "realtime", str(target)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        return target.read_bytes()


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), data[:8]
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# One route of the test server: (status, headers, body); body chunks are sent
# without a Content-Length (chunked) when given as a list.
Reply = tuple[int, dict[str, str], bytes | list[bytes]]


class FileServer:
    """An HTTP server on 127.0.0.1 answering `routes` (path → reply)."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply] = {}
        # Paths whose answer waits until their event is set (a fetch in flight).
        self.gates: dict[str, threading.Event] = {}
        routes, gates = self.routes, self.gates

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                gate = gates.get(self.path)
                if gate is not None:
                    gate.wait(timeout=60)
                status, headers, body = routes.get(self.path, (404, {}, b"not here"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if isinstance(body, list):
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for part in body:
                        self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@contextmanager
def file_server() -> Iterator[FileServer]:
    server = FileServer()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def wait_for(check: Callable[[], T | None], seconds: float = 15) -> T:
    """The first non-None ``check()``: the fetch runs in the server's background."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the background fetch")
        time.sleep(0.05)
