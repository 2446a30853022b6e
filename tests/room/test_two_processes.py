"""Two `webinarium serve` processes on one database and one Redis serve one
room (WEBINARIUM_BROKER_URL): what is said through one reaches the sockets of
the other, every receiver gets the room's events in ``seq`` order and once, and
a process that loses Redis catches up on what it missed from the database."""

from __future__ import annotations

import os
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import Tenant, free_port
from tests.room.conftest import ROOM_TIMERS, RedisServer, start_redis, stop_redis
from tests.room.helpers import WAIT, Client, make_room, register_someone
from tests.test_startup import WEBINARIUM, Served
from webinarium.settings import Settings

# Each member may say this many at once: the test's bursts are not throttled.
CHAT_BURST = 1000


@contextmanager
def serve(
    settings: Settings, tmp_path: Path, broker_url: str = "", prefix: str = "", **room: str
) -> Iterator[Served]:
    """`webinarium serve` on the suite's database, with the Redis broker when
    ``broker_url`` names one, the room's short test timers, and ``room``'s
    (``exit_grace_seconds="2"``: WEBINARIUM_ROOM_EXIT_GRACE_SECONDS)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
    env.update(
        PYTHONUNBUFFERED="1",
        WEBINARIUM_ENVIRONMENT="test",
        WEBINARIUM_SECRET_KEY=settings.secret_key,
        WEBINARIUM_DATA_DIR=str(settings.data_dir),
        WEBINARIUM_DATABASE_URL=settings.database_url,
        WEBINARIUM_PUBLIC_URL=settings.public_url,
        WEBINARIUM_BROKER_URL=broker_url,
        WEBINARIUM_BROKER_CHANNEL_PREFIX=prefix,
        # No worker or scheduler, as the suite's own server: on the suite's
        # database they would hand over every test's events and start and end
        # every test's webinars, holding SQLite's write lock meanwhile.
        WEBINARIUM_WORKER_IN_SERVE="false",
        # No Janus either (tests/media/ start theirs): the two would share one
        # config folder in the data directory.
        WEBINARIUM_JANUS_BINARY=settings.janus_binary,
    )
    # The room tests' timers, but listeners that never speak stay connected.
    timers = {**ROOM_TIMERS, "room_idle_seconds": 60, "room_chat_burst": CHAT_BURST}
    timers.update({f"room_{name}": value for name, value in room.items()})
    env.update({f"WEBINARIUM_{name.upper()}": str(value) for name, value in timers.items()})
    with (tmp_path / f"serve-{port}.log").open("a") as log:
        process = subprocess.Popen(
            [str(WEBINARIUM), "serve", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    served = Served(process, port)
    try:
        served.wait_healthy()
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_log(tmp_path: Path, served: Served, text: str) -> None:
    log = tmp_path / f"serve-{served.base_url.rsplit(':', 1)[1]}.log"
    deadline = time.monotonic() + 2 * WAIT
    while text not in log.read_text():
        assert time.monotonic() < deadline, f"no {text!r} in {log.read_text()}"
        time.sleep(0.05)


def ws_url(served: Served) -> str:
    return served.base_url.replace("http://", "ws://") + "/room/ws"


@contextmanager
def two_processes(
    settings: Settings, tmp_path: Path, redis_url: str
) -> Iterator[tuple[Served, Served]]:
    prefix = f"test-{uuid.uuid4().hex}:"
    with (
        serve(settings, tmp_path, redis_url, prefix) as first,
        serve(settings, tmp_path, redis_url, prefix) as second,
    ):
        yield first, second


def chat_lines(client: Client, count: int) -> list[dict[str, Any]]:
    """Every event frame until ``count`` chat messages have come."""
    frames = [f for f in client.pending if "event" in f]
    client.pending.clear()
    while sum(f["event"] == "chat.message" for f in frames) < count:
        frame = client.receive()
        if "event" in frame:
            frames.append(frame)
    return frames


def assert_in_order_once(frames: list[dict[str, Any]]) -> None:
    seqs = [f["seq"] for f in frames]
    assert seqs == sorted(set(seqs)), seqs


def test_a_message_said_on_one_process_reaches_the_sockets_of_the_other(
    settings: Settings, alice: Tenant, tmp_path: Path, shared_redis: RedisServer
) -> None:
    room = make_room(settings, alice)
    ann, bea = (register_someone(settings, alice, room, name) for name in ("Ann", "Bea"))
    with (
        two_processes(settings, tmp_path, shared_redis.url) as (first, second),
        Client(ws_url(first), ann.enter_token) as a,
        Client(ws_url(second), bea.enter_token) as b,
    ):
        for client in (a, b):
            client.next_frame()
        said_on_first = a.send("chat.send", {"text": "from the first"})["data"]["id"]
        assert b.event("chat.message")["data"]["id"] == said_on_first
        said_on_second = b.send("chat.send", {"text": "from the second"})["data"]["id"]
        assert a.event("chat.message")["data"]["id"] == said_on_first
        assert a.event("chat.message")["data"]["id"] == said_on_second


def test_many_messages_from_both_processes_at_once_keep_one_order_for_every_socket(
    settings: Settings, alice: Tenant, tmp_path: Path, shared_redis: RedisServer
) -> None:
    room = make_room(settings, alice)
    names = ("Ann", "Bea", "Cy", "Dee")
    ann, bea, cy, dee = (register_someone(settings, alice, room, name) for name in names)
    each = 40
    with (
        two_processes(settings, tmp_path, shared_redis.url) as (first, second),
        Client(ws_url(first), ann.enter_token) as a,
        Client(ws_url(second), bea.enter_token) as b,
        # Listeners only: one on each process.
        Client(ws_url(first), cy.enter_token) as c,
        Client(ws_url(second), dee.enter_token) as d,
    ):
        for client in (a, b, c, d):
            client.next_frame()

        replies: list[dict[str, Any]] = []

        def say(client: Client, who: str) -> None:
            for number in range(each):
                replies.append(client.send("chat.send", {"text": f"{who} {number}"}))

        speakers = [
            threading.Thread(target=say, args=(a, "ann")),
            threading.Thread(target=say, args=(b, "bea")),
        ]
        for speaker in speakers:
            speaker.start()
        for speaker in speakers:
            speaker.join(timeout=60)
        assert [reply for reply in replies if reply.get("ok") is not True] == []
        clients = (a, b, c, d)
        heard = {
            name: chat_lines(client, 2 * each) for name, client in zip(names, clients, strict=True)
        }

    expected = {f"{who} {number}" for who in ("ann", "bea") for number in range(each)}
    for frames in heard.values():
        assert_in_order_once(frames)
        lines = [f["data"]["text"] for f in frames if f["event"] == "chat.message"]
        assert len(lines) == 2 * each
        assert set(lines) == expected
    # One order for all: the same messages at the same seqs on both processes.
    orders = [
        [(f["seq"], f["data"]["text"]) for f in frames if f["event"] == "chat.message"]
        for frames in heard.values()
    ]
    assert all(order == orders[0] for order in orders)


def test_a_process_that_lost_redis_catches_up_from_the_database(
    settings: Settings, alice: Tenant, tmp_path: Path, own_redis: RedisServer
) -> None:
    room = make_room(settings, alice)
    ann, bea = (register_someone(settings, alice, room, name) for name in ("Ann", "Bea"))
    port = int(own_redis.url.rsplit(":", 1)[1].split("/")[0])
    with (
        two_processes(settings, tmp_path, own_redis.url) as (first, second),
        Client(ws_url(first), ann.enter_token) as a,
        Client(ws_url(second), bea.enter_token) as b,
    ):
        a.next_frame()
        snapshot = b.next_frame()["data"]
        # Both are counted (in b's snapshot when Ann's entry was stored first,
        # else by an event): the room is (nearly always) quiet from here, so no
        # later event brings the lost one to the second process by its gap.
        if snapshot["presence"]["count"] != 2:
            b.event("presence.count", lambda data: data["count"] == 2)
        assert own_redis.process is not None
        stop_redis(own_redis.process)
        # Said while Redis is away: the second process hears nothing of it.
        lost = a.send("chat.send", {"text": "while Redis was away"})["data"]["id"]
        assert a.event("chat.message")["data"]["id"] == lost
        wait_for_log(tmp_path, first, "room events: dropped")
        own_redis.process = start_redis(port)
        # Nothing is said after it: the second process reads it on reconnecting.
        assert b.event("chat.message")["data"]["id"] == lost
        later = a.send("chat.send", {"text": "after"})["data"]["id"]
        assert b.event("chat.message")["data"]["id"] == later
