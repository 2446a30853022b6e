"""One videoroom per conference on Janus.

Nothing is stored: the room's number and its secret are derived from the
conference's id with the server's secret key (HMAC), so every process of the
server finds the same room, and only the server knows the secret (destroying or
changing the room needs it). Creating a room needs the videoroom plugin's
admin key, which only the server knows too.

Janus keeps rooms in memory: after it restarts the room is gone, and the next
`ensure_videoroom` creates it again.
"""

from __future__ import annotations

import hashlib
import hmac

from webinarium.media.janus import NO_JANUS, Janus
from webinarium.media.janus_client import JanusError, JanusUnavailable
from webinarium.models import Conference

# A stage of presenters and moderators, and attendees promoted to it: more than
# Janus's default of 3; the conference has no limit of its own to take.
PUBLISHERS = 16
# The videoroom plugin's answer when the room was created meanwhile (by
# another process of the server, or another request of this one).
ROOM_EXISTS = 427
# Room numbers stay below 2**53: JavaScript reads them exactly.
ROOM_ID_BITS = 52


def _derived(secret_key: str, purpose: str, conference_id: str) -> bytes:
    message = f"videoroom {purpose} {conference_id}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).digest()


def videoroom_id(secret_key: str, conference_id: str) -> int:
    number = int.from_bytes(_derived(secret_key, "id", conference_id)[:8], "big")
    return (number >> (64 - ROOM_ID_BITS)) or 1


def videoroom_secret(secret_key: str, conference_id: str) -> str:
    return _derived(secret_key, "secret", conference_id).hex()


class Videorooms:
    def __init__(self, janus: Janus, secret_key: str) -> None:
        self.janus = janus
        self.secret_key = secret_key

    async def ensure_videoroom(self, conference: Conference) -> int:
        """The conference's videoroom number, the room created if Janus has none
        (first use, or Janus restarted). `JanusUnavailable` without Janus."""
        client = self.janus.client
        room = videoroom_id(self.secret_key, conference.id)
        if client is None:
            raise JanusUnavailable(NO_JANUS)
        exists = await client.videoroom({"request": "exists", "room": room})
        if exists.get("exists"):
            return room
        create = {
            "request": "create",
            "room": room,
            "secret": videoroom_secret(self.secret_key, conference.id),
            "description": conference.title,
            "publishers": PUBLISHERS,
            "is_private": True,
            "permanent": False,
        }
        if self.janus.room_admin_key:
            create["admin_key"] = self.janus.room_admin_key
        try:
            await client.videoroom(create)
        except JanusError as error:
            if error.code != ROOM_EXISTS:
                raise
        return room
