"""A real webhook receiver: an HTTP server in the test process that records
every request and answers as the test scripts it (a status, headers, a body;
or holds the request until told)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from webinarium.webhooks import signing


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str
    # What the receiver answered (None while a held request waits).
    status: int | None = None

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    @property
    def json(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.body)
        return loaded

    def verifies(self, secret: str) -> bool:
        return signing.verify(
            secret,
            self.webhook_id,
            int(self.headers["webhook-timestamp"]),
            self.body,
            self.headers["webhook-signature"],
        )


Answer = tuple[int, dict[str, str], bytes]
# Given what arrived (and all that arrived before it at that path), the answer.
Script = Callable[[Received, list[Received]], Answer]


def ok(_: Received, __: list[Received]) -> Answer:
    return 200, {}, b"ok"


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    scripts: dict[str, Script] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def at(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_receiver() -> Receiver:
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            arrived = Received(
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length).decode(),
            )
            with receiver.lock:
                before = [r for r in receiver.received if r.path == self.path]
                receiver.received.append(arrived)
            script = receiver.scripts.get(self.path, ok)
            status, headers, body = script(arrived, before)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                return  # the sender is gone (killed): nothing was answered
            with receiver.lock:
                arrived.status = status

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
