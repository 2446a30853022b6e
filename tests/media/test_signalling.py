"""Signalling through the room socket: publish, subscribe, unpublish, the
stage, refusals, Janus restarts (docs/room-protocol.md, "Media: live audio
and video"). Real Janus, real WebRTC peers (tests/media/peer.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from tests.conftest import Tenant
from tests.media.peer import Peer
from tests.room.conftest import RoomServer
from tests.room.helpers import add_staff, make_room, register_someone, ticket
from webinarium.settings import Settings


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


def presenter_ticket(settings: Settings, tenant: Tenant, conference_id: str, name: str) -> str:
    person_id = add_staff(settings, tenant, conference_id, name, moderator=False)
    return ticket(settings, tenant, conference_id, "presenter", person_id)


def test_a_presenters_camera_reaches_an_attendee_through_janus(
    settings: Settings, alice: Tenant, janus_server: RoomServer
) -> None:
    conference_id = make_room(settings, alice)
    pat = presenter_ticket(settings, alice, conference_id, "Pat")
    ann = register_someone(settings, alice, conference_id, "Ann")

    async def scenario() -> None:
        async with (
            Peer(janus_server.ws_url, pat) as p,
            Peer(janus_server.ws_url, ann.enter_token) as a,
        ):
            media = a.snapshot["media"]
            assert media["status"] == "up"
            assert media["can_publish"] is False
            assert p.snapshot["media"]["can_publish"] is True
            feed_id = await p.publish()
            published = (await a.event("media.published"))["data"]
            assert published == {
                "feed_id": feed_id,
                "member_id": p.snapshot["me"]["member_id"],
                "name": p.snapshot["me"]["name"],
                "kind": "camera",
                "audio": True,
                "video": True,
            }
            watch = await a.subscribe(feed_id)
            await watch.frames_at_least(5)
            assert (watch.width, watch.height) == (320, 240)
            await p.unpublish(feed_id)
            unpublished = (await a.event("media.unpublished"))["data"]
            assert unpublished == {
                "feed_id": feed_id,
                "member_id": published["member_id"],
                "kind": "camera",
                "reason": "stopped",
            }

    run(scenario)
