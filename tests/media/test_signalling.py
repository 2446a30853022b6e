"""Signalling through the room socket: publish, subscribe, unpublish, the
stage, refusals, Janus restarts (docs/room-protocol.md, "Media: live audio
and video"). Real Janus, real WebRTC peers (tests/media/peer.py)."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.conftest import Tenant
from tests.media.conftest import janus_of
from tests.media.peer import Peer, Refused
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


def moderator_ticket(settings: Settings, tenant: Tenant, conference_id: str, name: str) -> str:
    person_id = add_staff(settings, tenant, conference_id, name, moderator=True)
    return ticket(settings, tenant, conference_id, "moderator", person_id)


def test_the_stage_decides_who_of_the_attendees_publishes(
    settings: Settings, alice: Tenant, janus_server: RoomServer
) -> None:
    conference_id = make_room(settings, alice)
    mod = moderator_ticket(settings, alice, conference_id, "Mo")
    ann = register_someone(settings, alice, conference_id, "Ann")
    away = register_someone(settings, alice, conference_id, "Away")

    async def scenario() -> None:
        async with (
            Peer(janus_server.ws_url, mod) as m,
            Peer(janus_server.ws_url, ann.enter_token) as a,
        ):
            with pytest.raises(Refused) as refused:
                await a.publish()
            assert refused.value.code == "forbidden"
            # Only moderators bring members on the stage.
            stage = {"member_id": ann.person_id, "on": True}
            assert (await a.send("media.stage", stage))["error"]["code"] == "forbidden"
            nobody = await m.send("media.stage", {**stage, "member_id": "nobody"})
            assert nobody["error"]["code"] == "not_found"
            # Only an attendee in the room: not a registrant away, not the staff.
            for member_id in (away.person_id, m.snapshot["me"]["member_id"]):
                refused_stage = await m.send("media.stage", {**stage, "member_id": member_id})
                assert refused_stage["error"]["code"] == "not_found"
            assert (await m.send("media.stage", stage))["ok"] is True
            await a.event("media.stage", lambda data: data == stage)
            async with Peer(janus_server.ws_url, ann.enter_token) as again:
                assert again.snapshot["media"]["stage"] == [ann.person_id]
                assert again.snapshot["media"]["can_publish"] is True
            feed_id = await a.publish()
            watch = await m.subscribe(feed_id)
            await watch.frames_at_least(3)
            # A moderator ends anyone's feed.
            assert (await m.send("media.unpublish", {"feed_id": feed_id}))["ok"] is True
            stopped = await a.event("media.unpublished", lambda d: d["feed_id"] == feed_id)
            assert stopped["data"]["reason"] == "stopped"
            await a.close_feeds()
            await m.unsubscribe(watch)
            feed_id = await a.publish()
            watch = await m.subscribe(feed_id)
            await watch.frames_at_least(3)

            # Off the stage: the feed ends, whatever process publishes it.
            assert (await m.send("media.stage", {**stage, "on": False}))["ok"] is True
            unpublished = await m.event("media.unpublished", lambda d: d["feed_id"] == feed_id)
            assert unpublished["data"] == {
                "feed_id": feed_id,
                "member_id": ann.person_id,
                "kind": "camera",
                "reason": "removed_from_stage",
            }
            with pytest.raises(Refused) as refused:
                await a.publish()
            assert refused.value.code == "forbidden"
            # Another feed is left as it is when one is kicked.
            assert (await m.send("media.stage", stage))["ok"] is True
            own = await m.publish()
            again = await a.publish()
            assert (await m.send("media.stage", {**stage, "on": False}))["ok"] is True
            await m.event("media.unpublished", lambda d: d["feed_id"] == again)
            await asyncio.sleep(1.5)  # past a hangup's grace: nothing more ends
            async with Peer(janus_server.ws_url, ann.enter_token) as late:
                assert [f["feed_id"] for f in late.snapshot["media"]["feeds"]] == [own]
            assert [e for e in m.events if e["data"].get("feed_id") == own] == [
                e
                for e in m.events
                if e["event"] == "media.published" and e["data"]["feed_id"] == own
            ]

    run(scenario)


def test_bad_media_commands_are_refused_in_the_envelope(
    settings: Settings, alice: Tenant, janus_server: RoomServer
) -> None:
    conference_id = make_room(settings, alice)
    pat = presenter_ticket(settings, alice, conference_id, "Pat")
    ann = register_someone(settings, alice, conference_id, "Ann")
    bea = register_someone(settings, alice, conference_id, "Bea")

    async def scenario() -> None:
        async with (
            Peer(janus_server.ws_url, pat) as p,
            Peer(janus_server.ws_url, ann.enter_token) as a,
            Peer(janus_server.ws_url, bea.enter_token) as b,
        ):
            feed_id = await p.publish()
            watch = await a.subscribe(feed_id)

            def code(reply: dict[str, Any]) -> str:
                assert reply["ok"] is False, reply
                return str(reply["error"]["code"])

            candidate = None
            assert code(await a.send("media.subscribe", {"feed_id": "12345"})) == "not_found"
            assert code(await a.send("media.subscribe", {"feed_id": "no"})) == "not_found"
            assert code(await a.send("media.subscribe", {})) == "invalid_input"
            both = {"feed_id": feed_id, "subscription": watch.subscription, "candidate": None}
            assert code(await a.send("media.ice", both)) == "invalid_input"
            assert code(await a.send("media.ice", {"candidate": candidate})) == "invalid_input"
            # Another socket's subscription, another member's feed.
            theirs = {"subscription": watch.subscription, "candidate": None}
            assert code(await b.send("media.ice", theirs)) == "not_found"
            assert code(await b.send("media.unsubscribe", theirs)) == "not_found"
            assert code(await b.send("media.ice", {"feed_id": feed_id, "candidate": None})) == (
                "not_found"
            )
            assert code(await a.send("media.unpublish", {"feed_id": feed_id})) == "forbidden"
            assert code(await a.send("media.publish", {"sdp": "v=0"})) == "forbidden"
            assert code(await p.send("media.publish", {"sdp": "not sdp"})) == "invalid_input"
            assert code(await p.send("media.publish", {"sdp": "x", "kind": "tv"})) == (
                "invalid_input"
            )
            # The room goes on, the feed too.
            assert (await a.send("chat.send", {"text": "still fine"}))["ok"] is True
            assert (await a.send("media.ice", {**theirs, "candidate": None}))["ok"] is True
            await watch.frames_at_least(watch.frames + 3)

    run(scenario)


def test_a_late_joiner_sees_the_feeds_and_a_closed_socket_unpublishes(
    settings: Settings, alice: Tenant, janus_server: RoomServer
) -> None:
    conference_id = make_room(settings, alice)
    pat = presenter_ticket(settings, alice, conference_id, "Pat")
    ann = register_someone(settings, alice, conference_id, "Ann")

    async def scenario() -> None:
        async with Peer(janus_server.ws_url, pat) as p:
            camera = await p.publish()
            screen = await p.publish("screen", audio=False, width=640, height=360)
            async with Peer(janus_server.ws_url, ann.enter_token) as a:
                feeds = sorted(a.snapshot["media"]["feeds"], key=lambda feed: feed["kind"])
                member_id = p.snapshot["me"]["member_id"]
                assert feeds == [
                    {
                        "feed_id": camera,
                        "member_id": member_id,
                        "name": "Pat Staff",
                        "kind": "camera",
                        "audio": True,
                        "video": True,
                    },
                    {
                        "feed_id": screen,
                        "member_id": member_id,
                        "name": "Pat Staff",
                        "kind": "screen",
                        "audio": False,
                        "video": True,
                    },
                ]
                watch = await a.subscribe(screen)
                await watch.frames_at_least(3)
                assert (watch.width, watch.height) == (640, 360)
                # Camera off: told to everyone, kept in the feed's listing.
                update = {"feed_id": camera, "audio": True, "video": False}
                assert (await p.send("media.update", update))["ok"] is True
                await a.event("media.updated", lambda data: data == update)
                await p.close()
                gone = {
                    (e["data"]["feed_id"], e["data"]["reason"])
                    for e in [
                        await a.event("media.unpublished", lambda d: d["feed_id"] == camera),
                        await a.event("media.unpublished", lambda d: d["feed_id"] == screen),
                    ]
                }
                assert gone == {(camera, "left"), (screen, "left")}
            async with Peer(janus_server.ws_url, ann.enter_token) as a:
                assert a.snapshot["media"]["feeds"] == []

    run(scenario)


def test_without_janus_media_is_unavailable_and_the_room_works(
    settings: Settings, alice: Tenant
) -> None:
    server = RoomServer(settings, janus_binary="/nonexistent/janus").start()
    try:
        conference_id = make_room(settings, alice)
        pat = presenter_ticket(settings, alice, conference_id, "Pat")

        async def scenario() -> None:
            async with Peer(server.ws_url, pat) as p:
                media = p.snapshot["media"]
                assert media["status"] == "unavailable"
                assert "apt-get install janus" in media["install_hint"]
                assert media["feeds"] == []
                assert media["can_publish"] is True
                with pytest.raises(Refused) as refused:
                    await p.publish()
                assert refused.value.code == "media_unavailable"
                assert "apt-get install janus" in refused.value.message
                reply = await p.send("media.subscribe", {"feed_id": "1"})
                assert reply["error"]["code"] == "media_unavailable"
                assert (await p.send("chat.send", {"text": "no video"}))["ok"] is True

        run(scenario)
    finally:
        server.stop()


def test_janus_killed_mid_webinar_presenters_publish_again_and_chat_goes_on(
    settings: Settings, alice: Tenant, janus_server: RoomServer
) -> None:
    process = janus_of(janus_server.app).process
    assert process is not None
    conference_id = make_room(settings, alice)
    pat = presenter_ticket(settings, alice, conference_id, "Pat")
    ann = register_someone(settings, alice, conference_id, "Ann")

    async def scenario() -> None:
        async with (
            Peer(janus_server.ws_url, pat) as p,
            Peer(janus_server.ws_url, ann.enter_token) as a,
        ):
            feed_id = await p.publish()
            watch = await a.subscribe(feed_id)
            await watch.frames_at_least(3)
            killed = process.pid
            assert killed is not None
            start = len(a.events)
            os.kill(killed, signal.SIGKILL)
            await a.event("media.status", lambda d: d == {"status": "down"}, after=start)
            unpublished = await a.event("media.unpublished", after=start)
            assert unpublished["data"]["feed_id"] == feed_id
            assert unpublished["data"]["reason"] == "media_server_restarted"
            assert (await a.send("chat.send", {"text": "still here"}))["ok"] is True
            await p.event("chat.message", lambda d: d["text"] == "still here")
            await p.event("media.status", lambda d: d == {"status": "up"}, after=start)
            # Its subscriptions went with Janus: the page lets go of them.
            reply = await a.send("media.unsubscribe", {"subscription": watch.subscription})
            assert reply["error"]["code"] == "not_found"
            await watch.close()

            # The page publishes again; it is received again.
            await p.close_feeds()
            again = await p.publish()
            watch = await a.subscribe(again)
            await watch.frames_at_least(3)
            assert watch.width == 320

    run(scenario)
