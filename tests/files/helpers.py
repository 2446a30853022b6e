"""Files made by the tests (a PDF by PDFium, a PNG by zlib, a WebM video by
ffmpeg) and a small HTTP server of their own on 127.0.0.1 to fetch from."""

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

T = TypeVar("T")


def pdf_bytes(pages: int) -> bytes:
    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(612, 792)  # US Letter, in points
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


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
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
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
