"""Presence and the chat allowance shared by the processes serving a room: a
member with sockets on two processes is one, and stays while either holds a
socket of theirs; the members of a process that stops or is killed are counted
out by another after its grace period; ``presence.count`` is stored once per
change, whichever process counts; a member's chat burst is one across
processes (Redis)."""

from __future__ import annotations

import itertools
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant, fresh_database, in_database
from tests.room.conftest import ROOM_TIMERS, RedisServer, RoomServer
from tests.room.helpers import WAIT, Client, make_room, register_someone, ticket
from tests.room.test_two_processes import serve
from webinarium.kit.time import utcnow
from webinarium.models import RoomEvent, RoomHolding, RoomProcess, Visit
from webinarium.settings import Settings

T = TypeVar("T")


def _until(read: Callable[[], T], done: Callable[[T], bool]) -> T:
    """``read()`` again until ``done`` with what it read."""
    deadline = time.monotonic() + WAIT
    while True:
        value = read()
        if done(value):
            return value
        assert time.monotonic() < deadline, f"still {value!r}"
        time.sleep(0.05)


def _count(client: Client, count: int, after: int) -> dict[str, Any]:
    """The first ``presence.count`` of ``count`` after seq ``after`` (an earlier
    one of the same count may be waiting among the client's frames)."""

    def wanted(frame: dict[str, Any]) -> bool:
        return (
            frame.get("event") == "presence.count"
            and frame["seq"] > after
            and frame["data"]["count"] == count
        )

    for frame in client.pending:
        if wanted(frame):
            client.pending.remove(frame)
            return frame
    while True:
        frame = client.receive()
        if wanted(frame):
            return frame
        client.pending.append(frame)


def _holders(settings: Settings, room: str, member_id: str) -> set[str]:
    """The processes holding a socket of the member."""

    async def read(session: AsyncSession) -> set[str]:
        rows = await session.scalars(
            select(RoomHolding.process_id).where(
                RoomHolding.conference_id == room, RoomHolding.member_id == member_id
            )
        )
        return set(rows)

    return in_database(settings, read)


def _visits(settings: Settings, room: str, member_id: str) -> list[Visit]:
    async def read(session: AsyncSession) -> list[Visit]:
        rows = await session.scalars(
            select(Visit).where(Visit.conference_id == room, Visit.member_id == member_id)
        )
        return list(rows)

    return in_database(settings, read)


def _stored_counts(settings: Settings, room: str) -> list[int]:
    async def read(session: AsyncSession) -> list[int]:
        rows = await session.scalars(
            select(RoomEvent)
            .where(RoomEvent.conference_id == room, RoomEvent.event == "presence.count")
            .order_by(RoomEvent.seq)
        )
        return [row.data["count"] for row in rows]

    return in_database(settings, read)


# A database of the module's own (these names shadow the suite's fixtures): two
# processes counting presence on the suite's shared SQLite file, beside every
# other test's writes, met "database is locked" past the busy timeout in CI.
@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Settings:
    return fresh_database(tmp_path_factory, worker_id, "presence")


@pytest.fixture(scope="module")
def alice(settings: Settings) -> Tenant:
    return create_tenant(settings, "Alice")


@pytest.fixture(scope="module")
def room_server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings).start()
    yield server
    server.stop()


@pytest.fixture
def two_servers(settings: Settings, shared_redis: RedisServer) -> Iterator[tuple[RoomServer, ...]]:
    """Two apps on the module's database and one Redis: two processes' worth."""
    on_redis = settings.model_copy(
        update={"broker_url": shared_redis.url, "broker_channel_prefix": f"test-{uuid.uuid4()}:"}
    )
    # Their members wait silently for what another process does: longer than the
    # suite's idle timeout on a loaded machine.
    first = RoomServer(on_redis, room_idle_seconds=120).start()
    second = RoomServer(on_redis, room_idle_seconds=120).start()
    yield first, second
    second.stop()
    first.stop()


def test_a_member_on_two_processes_is_one_and_stays_while_either_holds_them(
    settings: Settings, alice: Tenant, two_servers: tuple[RoomServer, RoomServer]
) -> None:
    first, second = two_servers
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    bea = register_someone(settings, alice, room, "Bea")
    with Client(first.ws_url, ticket(settings, alice, room, "host")) as host:
        host.next_frame()
        ann_first = Client(first.ws_url, ann.enter_token)
        ann_first.next_frame()
        host.event("presence.count", lambda data: data["count"] == 2)
        # The second process's hub starts while Ann is only on the first: she
        # is the first process's, not one a previous run left behind.
        with Client(second.ws_url, bea.enter_token) as b:
            b.next_frame()
            host.event("presence.count", lambda data: data["count"] == 3)
            ann_second = Client(second.ws_url, ann.enter_token)
            assert ann_second.next_frame()["data"]["presence"]["count"] == 3
            ann_first.close()
            # The first process lets go of Ann after its grace period; the
            # second holds her: she stays, in her one visit.
            first_id = first.app.state.rooms.process_id
            second_id = second.app.state.rooms.process_id
            _until(lambda: _holders(settings, room, ann.person_id), lambda p: p == {second_id})
            assert first_id != second_id
            visits = _visits(settings, room, ann.person_id)
            assert [visit.left_at for visit in visits] == [None]
            ann_second.close()
            left = host.event("presence.left")
            assert left["data"]["member"]["member_id"] == ann.person_id
            seen = _count(host, 2, after=left["seq"])["seq"]
        _count(host, 1, after=seen)
        joined = [f for f in host.events() if f["event"] == "presence.joined"]
        # Ann joined once, for both of her processes.
        assert [f["data"]["member"]["member_id"] for f in joined] == [ann.person_id, bea.person_id]
    assert len(_visits(settings, room, ann.person_id)) == 1
    # Both processes counted after each change; each change was stored once.
    counts = _stored_counts(settings, room)
    assert 3 in counts
    assert all(earlier != later for earlier, later in itertools.pairwise(counts))


def test_the_members_of_a_stopped_process_are_counted_out_by_another(
    settings: Settings, alice: Tenant, two_servers: tuple[RoomServer, RoomServer]
) -> None:
    first, second = two_servers
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    ann_first = Client(first.ws_url, ann.enter_token)
    ann_first.next_frame()
    with Client(second.ws_url, ticket(settings, alice, room, "host")) as host:
        members = host.next_frame()["data"]["presence"]["members"]
        assert ann.person_id in [member["member_id"] for member in members]
        first.stop()
        left = host.event("presence.left")["data"]["member"]
        assert left["member_id"] == ann.person_id
        host.event("presence.count", lambda data: data["count"] == 1)
    ann_first.close()
    assert _holders(settings, room, ann.person_id) == set()


def test_the_members_of_a_killed_process_are_counted_out_after_its_timeout_and_grace(
    settings: Settings, alice: Tenant, tmp_path: Path, room_server: RoomServer
) -> None:
    """kill -9: the process says nothing. The survivor counts its members out once
    its heartbeat is older than the timeout, and the grace period more."""
    grace = 3.0
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with serve(
        settings, tmp_path, exit_grace_seconds=str(grace), process_timeout_seconds="1.5"
    ) as doomed:
        ann_doomed = Client(
            doomed.base_url.replace("http://", "ws://") + "/room/ws", ann.enter_token
        )
        ann_doomed.next_frame()
        with Client(room_server.ws_url, ticket(settings, alice, room, "host")) as host:
            snapshot = host.next_frame()["data"]
            assert snapshot["presence"]["count"] == 2
            assert _holders(settings, room, ann.person_id) != set()
            doomed.process.send_signal(signal.SIGKILL)
            doomed.process.wait(timeout=WAIT)
            killed_at = utcnow()
            left = host.event("presence.left")
            assert left["data"]["member"]["member_id"] == ann.person_id
            host.event("presence.count", lambda data: data["count"] == 1)
        ann_doomed.close()
    # Its members had their grace period after its timeout (from its last
    # heartbeat, which a loaded machine may have held back: the timeout is
    # the slack).
    left_at = datetime.fromisoformat(left["at"].replace("Z", "+00:00"))
    assert (left_at - killed_at).total_seconds() >= grace
    (visit,) = _visits(settings, room, ann.person_id)
    assert visit.left_at is not None


def test_a_members_chat_burst_is_one_across_processes(
    settings: Settings, alice: Tenant, two_servers: tuple[RoomServer, RoomServer]
) -> None:
    first, second = two_servers
    burst = int(ROOM_TIMERS["room_chat_burst"])
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with (
        Client(first.ws_url, ann.enter_token) as on_first,
        Client(second.ws_url, ann.enter_token) as on_second,
    ):
        on_first.next_frame()
        on_second.next_frame()
        said = [on_first.send("chat.send", {"text": f"first {n}"}) for n in range(burst - 2)]
        said += [on_second.send("chat.send", {"text": f"second {n}"}) for n in range(2)]
        assert [reply["ok"] for reply in said] == [True] * burst
        for client in (on_second, on_first):
            refused = client.send("chat.send", {"text": "one too many"})
            assert refused["error"]["code"] == "rate_limited"
        # A question draws on the same allowance.
        assert on_second.send("qa.ask", {"text": "and this?"})["error"]["code"] == "rate_limited"


def test_a_process_taken_for_gone_enters_its_members_again(
    settings: Settings, alice: Tenant, room_server: RoomServer
) -> None:
    """A heartbeat held back past the timeout (a paused process) gets the
    process forgotten by the others: on its next heartbeat it registers again,
    and the members it holds sockets of are in the room again."""
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    process_id = room_server.app.state.rooms.process_id

    async def forget(session: AsyncSession) -> None:
        # What another process's heartbeat does to a process gone silent.
        await session.execute(delete(RoomHolding).where(RoomHolding.process_id == process_id))
        await session.execute(delete(RoomProcess).where(RoomProcess.id == process_id))

    with Client(room_server.ws_url, ann.enter_token) as a:
        a.next_frame()
        in_database(settings, forget)
        _until(lambda: _holders(settings, room, ann.person_id), lambda p: p == {process_id})
        assert a.send("ping")["ok"] is True
        visits = _visits(settings, room, ann.person_id)
        assert [visit.left_at for visit in visits][-1] is None
