"""The mail tests: a server with the worker and a movable clock on a database of
its own, sending to an SMTP server (aiosmtpd) in the test process that a test
may stop and start again."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant, free_port, fresh_database, in_database
from tests.room.conftest import RoomServer
from webinarium.kit.clock import MovableClock
from webinarium.models import Mail, MailState
from webinarium.settings import Settings

WAIT = 20.0
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


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"waited in vain for {what}"
        time.sleep(0.05)


class SmtpServer:
    """aiosmtpd on a fixed port, stopped and started by a test."""

    def __init__(self) -> None:
        self.inbox = Inbox(free_port())
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.inbox.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def inbox(smtp: SmtpServer) -> Inbox:
    return smtp.inbox


@pytest.fixture(scope="module")
def mail_settings(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Settings:
    return fresh_database(tmp_path_factory, worker_id, "mail")


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture(scope="module")
def mail_server(
    mail_settings: Settings, clock: MovableClock, smtp: SmtpServer
) -> Iterator[RoomServer]:
    server = RoomServer(
        mail_settings,
        clock,
        worker_in_serve=True,
        worker_poll_seconds=0.2,
        smtp_url=f"smtp://127.0.0.1:{smtp.inbox.port}",
        mail_from="Webinars <webinars@example.test>",
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def web(mail_server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mail_server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def tenant(mail_settings: Settings) -> Tenant:
    return create_tenant(mail_settings, "Mail Webinars")


def mail_rows(settings: Settings, address: str) -> list[Mail]:
    """The mail rows to ``address``, oldest first."""

    async def read(session: AsyncSession) -> list[Mail]:
        rows = await session.scalars(
            select(Mail).where(Mail.to_address == address).order_by(Mail.created_at, Mail.id)
        )
        return list(rows)

    return in_database(settings, read)


def states(settings: Settings, address: str) -> list[MailState]:
    """The states of the mails to ``address``, oldest first (none yet: [])."""
    return [mail.state for mail in mail_rows(settings, address)]
