"""An acknowledged registration is never lost, kill -9 included: `webinarium serve`
on SQLite (group commit, kit.group_commit) is killed with SIGKILL under load, and
after a restart every registration it answered with a success is stored."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import in_database
from tests.test_startup import Served, serve
from webinarium.models import Person, Registration
from webinarium.settings import Settings

CLIENTS = 32
# Kill once this many registrations are acknowledged: well into the load.
KILL_AFTER = 200


class Load:
    """Registrations sent until the server dies, and what it answered."""

    def __init__(self, served: Served, api_key: str, conference_id: str) -> None:
        self.served = served
        self.api_key = api_key
        self.conference_id = conference_id
        self.acknowledged: set[str] = set()
        self.in_flight_at_kill = 0
        self._in_flight = 0
        self._killed = False
        self._numbers = itertools.count()

    async def run(self) -> None:
        limits = httpx.Limits(max_connections=CLIENTS)
        async with (
            asyncio.timeout(120),
            httpx.AsyncClient(base_url=self.served.base_url, timeout=30, limits=limits) as client,
        ):
            await asyncio.gather(self._kill(), *(self._register(client) for _ in range(CLIENTS)))

    async def _register(self, client: httpx.AsyncClient) -> None:
        while not self._killed:
            email = f"r{next(self._numbers)}@example.test"
            self._in_flight += 1
            try:
                response = await client.put(
                    "/api/v1/conferences/register",
                    headers={"API-KEY": self.api_key},
                    data={
                        "id": self.conference_id,
                        "email": email,
                        "first_name": "K",
                        "last_name": "L",
                    },
                )
            except httpx.TransportError:
                continue  # killed mid-request: not acknowledged
            finally:
                self._in_flight -= 1
            assert response.status_code == 200, response.text
            self.acknowledged.add(email)

    async def _kill(self) -> None:
        while len(self.acknowledged) < KILL_AFTER:
            assert self.served.process.poll() is None, "the server died on its own"
            await asyncio.sleep(0.001)
        self.in_flight_at_kill = self._in_flight
        os.kill(self.served.process.pid, signal.SIGKILL)
        self._killed = True


def _registered_emails(data_dir: Path, conference_id: str) -> set[str]:
    async def read(session: AsyncSession) -> set[str]:
        emails = await session.scalars(
            select(Person.email)
            .join(Registration, Registration.person_id == Person.id)
            .where(Registration.conference_id == conference_id)
        )
        return set(emails)

    return in_database(Settings(data_dir=data_dir, database_url=""), read)


def test_no_acknowledged_registration_is_lost_when_the_server_is_killed(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    # No Janus: nothing here is media, and none is left by the kill to stop.
    no_janus = {"WEBINARIUM_JANUS_BINARY": "/nonexistent/janus"}
    with serve(tmp_path, data_dir, **no_janus) as first:
        api_key = first.read_until("API key:").split("API key:", 1)[1].strip()
        channel_id = first.read_until("channel_id:").split("channel_id:", 1)[1].strip()
        first.wait_healthy()
        created = httpx.post(
            f"{first.base_url}/api/v1/conferences",
            headers={"API-KEY": api_key},
            json={"channel_id": channel_id, "title": "Killed mid-load"},
        )
        assert created.status_code == 200, created.text
        conference_id = created.json()["id"]
        load = Load(first, api_key, conference_id)
        asyncio.run(load.run())
        assert first.process.wait(timeout=10) == -signal.SIGKILL
    assert load.in_flight_at_kill > 0  # killed under load, not between requests

    with serve(tmp_path, data_dir, **no_janus) as second:
        second.wait_healthy()
        stored = _registered_emails(data_dir, conference_id)
    assert len(load.acknowledged) >= KILL_AFTER
    assert load.acknowledged - stored == set()
