"""Servers of the test process that the app talks to: an SMTP server (aiosmtpd)
keeping what it receives (the webhook receiver is tests/webhooks/receiver.py);
a free port; and ``until``, to wait for what reaches them. tests/conftest.py
starts them as module fixtures."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import TypeVar

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

# How long a test waits for a worker's delivery: ample for a loaded machine.
WAIT = 30.0
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def until(condition: Callable[[], T], what: str, seconds: float = WAIT) -> T:
    """What ``condition`` returns once it is true; fails saying ``what`` was
    waited for in vain."""
    deadline = time.monotonic() + seconds
    while True:
        found = condition()
        if found:
            return found
        assert time.monotonic() < deadline, f"not in time: {what}"
        time.sleep(0.05)


# SMTP

# Addresses the SMTP server refuses for good (a 550 to RCPT), and those it
# asks to try again later the first time (a 451).
BOUNCING = "bounce-"
BUSY = "busy-"


@dataclass
class Inbox:
    """What the SMTP server received, and every recipient it was asked for."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        with self.lock:
            self.asked.append(address)
        if address.startswith(BOUNCING):
            return "550 5.1.1 no such mailbox"
        if address.startswith(BUSY) and self.asked.count(address) == 1:
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def wait_for(self, address: str, count: int = 1) -> list[EmailMessage]:
        until(lambda: len(self.to(address)) >= count, f"{count} mail(s) to {address}")
        return self.to(address)


class SmtpServer:
    """aiosmtpd on a fixed port, stopped and started by a test."""

    def __init__(self) -> None:
        self.inbox = Inbox(free_port())
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        """The ``smtp_url`` setting of a server that mails here."""
        return f"smtp://127.0.0.1:{self.inbox.port}"

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.inbox.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
