"""The mail tests: a server with the worker and a movable clock on a database of
its own, sending to an SMTP server (aiosmtpd, tests/servers.py) in the test
process that a test may stop and start again."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant, in_database
from tests.room.conftest import RoomServer, worker_server
from tests.servers import SmtpServer
from webinarium.kit.clock import MovableClock
from webinarium.models import Mail, MailState
from webinarium.settings import Settings


@pytest.fixture(scope="module")
def mail_server(
    own_settings: Settings, clock: MovableClock, smtp: SmtpServer
) -> Iterator[RoomServer]:
    with worker_server(own_settings, clock, smtp) as server:
        yield server


@pytest.fixture(scope="module")
def web(mail_server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mail_server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings, "Mail Webinars")


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
