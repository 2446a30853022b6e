"""The server's Janus, whichever it is: an existing one (WEBINARIUM_JANUS_URL),
the server's own (started and supervised, media/janus_process.py), or none
(no binary: the room works without live video).

Its status is what the rest of the server reads: "unavailable" (no Janus),
"down" (restarting, unreachable) or "up" (connected).
"""

from __future__ import annotations

import asyncio
import logging
from enum import StrEnum

from webinarium.media.janus_client import JanusClient, JanusUnavailable
from webinarium.media.janus_process import INSTALL_HINT, JanusProcess
from webinarium.settings import Settings

log = logging.getLogger(__name__)

# Serve's start waits this long for the client's first connection: the own
# Janus answered already; an existing one may be down, and is connected later.
CONNECT_SECONDS = 5.0
NO_JANUS = f"no Janus: {INSTALL_HINT}"


class JanusStatus(StrEnum):
    UNAVAILABLE = "unavailable"
    DOWN = "down"
    UP = "up"


class Janus:
    def __init__(
        self, client: JanusClient | None, process: JanusProcess | None, room_admin_key: str
    ) -> None:
        self.client = client
        self.process = process
        # The videoroom plugin's admin_key: creating a room needs it.
        self.room_admin_key = room_admin_key

    @classmethod
    def of(cls, settings: Settings) -> Janus:
        if settings.janus_url:
            client = JanusClient(settings.janus_url)
            return cls(client, None, settings.janus_room_admin_key)
        process = JanusProcess.of(settings)
        if process is None:
            return cls(None, None, "")
        return cls(JanusClient(process.url), process, process.room_admin_key)

    @property
    def status(self) -> JanusStatus:
        if self.client is None:
            return JanusStatus.UNAVAILABLE
        return JanusStatus.UP if self.client.connected else JanusStatus.DOWN

    async def wait_up(self) -> None:
        """Returns once connected (callers bound the wait); `JanusUnavailable`
        at once when there is no Janus."""
        if self.client is None:
            raise JanusUnavailable(NO_JANUS)
        await self.client.wait_connected()

    async def start(self) -> None:
        if self.process is not None:
            await self.process.start()
        if self.client is not None:
            await self.client.start()
            try:
                async with asyncio.timeout(CONNECT_SECONDS):
                    await self.client.wait_connected()
            except TimeoutError:
                log.warning("Janus at %s does not answer yet; connecting on", self.client.url)

    async def close(self) -> None:
        # The client first: it would only reconnect to the stopping Janus.
        if self.client is not None:
            await self.client.close()
        if self.process is not None:
            await self.process.close()
