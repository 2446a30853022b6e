"""Several serve processes share one Janus (WEBINARIUM_JANUS_URL) and one
broker: a feed published through one is listed, received and ended through
the other; each process holds the Janus handles of its own sockets."""

from __future__ import annotations

import asyncio
import uuid

from tests.conftest import Tenant
from tests.media.peer import Peer
from tests.media.test_janus import janus_of_the_test
from tests.media.test_signalling import moderator_ticket, presenter_ticket
from tests.room.conftest import RedisServer, RoomServer, own_redis, shared_redis
from tests.room.helpers import make_room, register_someone
from webinarium.media.janus_process import JanusProcess
from webinarium.settings import Settings

__all__ = ["janus_of_the_test", "own_redis", "shared_redis"]  # fixtures, used here


def test_two_processes_share_one_janus(
    settings: Settings,
    alice: Tenant,
    janus_of_the_test: JanusProcess,
    shared_redis: RedisServer,
) -> None:
    shared = {
        "janus_url": janus_of_the_test.url,
        "janus_room_admin_key": janus_of_the_test.room_admin_key,
        "broker_url": shared_redis.url,
        "broker_channel_prefix": f"test-{uuid.uuid4().hex}:",
    }
    one = RoomServer(settings, **shared).start()
    two = RoomServer(settings, **shared).start()
    try:
        conference_id = make_room(settings, alice)
        pat = presenter_ticket(settings, alice, conference_id, "Pat")
        mod = moderator_ticket(settings, alice, conference_id, "Mo")
        ann = register_someone(settings, alice, conference_id, "Ann")

        async def scenario() -> None:
            async with Peer(one.ws_url, pat) as p, Peer(two.ws_url, mod) as m:
                feed_id = await p.publish()
                await m.event("media.published", lambda d: d["feed_id"] == feed_id)
                async with Peer(two.ws_url, ann.enter_token) as a:
                    assert [f["feed_id"] for f in a.snapshot["media"]["feeds"]] == [feed_id]
                    watch = await a.subscribe(feed_id)
                    await watch.frames_at_least(3)
                    assert watch.height == 240
                    # A moderator through the other process ends it.
                    assert (await m.send("media.unpublish", {"feed_id": feed_id}))["ok"] is True
                    ended = await p.event("media.unpublished", lambda d: d["feed_id"] == feed_id)
                    assert ended["data"]["reason"] == "stopped"
                    # Its process let go of it: publishing again is a new feed, once.
                    await p.close_feeds()
                    again = await p.publish()
                    assert again != feed_id
                    watch = await a.subscribe(again)
                    await watch.frames_at_least(3)
                    unpublished = [e for e in a.events if e["event"] == "media.unpublished"]
                    assert [e["data"]["feed_id"] for e in unpublished] == [feed_id]

        asyncio.run(scenario())
    finally:
        one.stop()
        two.stop()
