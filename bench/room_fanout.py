"""Room fan-out (issue 12): N attendee sockets in one live room, one chat message
to all of them, against a bare `websockets` broadcast server (`ws_broadcast.py`)
with the same clients, in the same run.

For each size: a fresh database with an account, a conference and N
registrations; the real `webinarium serve` in a subprocess; the ceiling in
another. A host socket (the organiser's link on the project) starts the room;
N attendee sockets enter — each with its registration's enter token — spread
over client processes (asyncio + `websockets`). Then interleaved rounds
(project, ceiling, project, ceiling…): in each, the host sends ``--messages``
chat lines one after another, and each line's time to the last socket is
measured (from just before the host sends it to when the last attendee socket
has it). Reported per target: deliveries/s (N / time to the last socket, over
a round), p50/p99 of the time to the last socket, and server memory per idle
socket (VmRSS with the N sockets connected and idle minus VmRSS before they
connected, over N).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import multiprocessing
import os
import statistics
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

import uvloop
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

import harness
from webinarium.access.admission import Knock
from webinarium.models import Registration
from webinarium.registrations.service import enter_token
from webinarium.room.tickets import issue_ticket
from ws_broadcast import raise_open_file_limit

# Handshakes in flight per client process: more only queue up in the server.
CONNECTING = 64
# A line not at every socket after this long counts as lost.
DELIVERY_TIMEOUT = 60.0
# Between two lines: the sockets settle, and the line after is measured on its own.
PAUSE = 0.05
# Idle sockets settle (presence.count, the last snapshots) before memory is read.
SETTLE = 3.0


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sockets", default="1000,5000", help="attendee sockets, one size after another"
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--messages", type=int, default=10, help="chat lines per target per round")
    parser.add_argument("--processes", type=int, default=2, help="client processes (2)")
    parser.add_argument("--json", type=Path, help="append the figures as JSON lines here")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 100 sockets, 1 round")
    # `make bench` passes every case the same BENCH_ARGS: the load options of
    # the HTTP cases (--seconds, --clients, --warmup) mean nothing here.
    opts, others = parser.parse_known_args()
    if others:
        print(f"room_fanout.py: not options of this case, left aside: {' '.join(others)}")
    if opts.quick:
        opts.sockets, opts.rounds, opts.messages = "100", 1, 3
    opts.sizes = [int(size.replace("_", "")) for size in opts.sockets.split(",")]
    return opts


# The client processes


@dataclass
class Fleet:
    """One target's attendee sockets in a client process, and for each line how
    many of them have it and when the last one got it."""

    name: str
    pipe: Pipe
    sockets: list[ClientConnection] = field(default_factory=list)
    tallies: dict[str, int] = field(default_factory=dict)
    readers: list[asyncio.Task[None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    async def enter(self, urls: list[str], *, greeted: bool) -> None:
        """Connects every socket; ``greeted``: a socket counts once its first
        frame has come (the project's room.snapshot)."""
        gate = asyncio.Semaphore(CONNECTING)

        async def one(url: str) -> None:
            async with gate:
                try:
                    socket = await connect(url, open_timeout=300, ping_interval=None)
                    if greeted:
                        await asyncio.wait_for(socket.recv(), 300)
                except Exception as error:
                    self.errors.append(f"{type(error).__name__}: {error}")
                    return
            self.sockets.append(socket)
            self.readers.append(asyncio.create_task(self._read(socket)))

        await asyncio.gather(*(one(url) for url in urls))

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for text in socket:
                at = time.monotonic()
                frame = json.loads(text)
                if frame.get("event") != "chat.message":
                    continue
                line = frame["data"]["text"]
                count = self.tallies.get(line, 0) + 1
                if count == len(self.sockets):
                    del self.tallies[line]
                    self.pipe.send(("got", self.name, line, at))
                else:
                    self.tallies[line] = count
        except ConnectionClosed as closed:
            self.pipe.send(("closed", self.name, f"{closed}"))

    async def leave(self) -> None:
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*(socket.close() for socket in self.sockets))


def client_process(pipe: Pipe) -> None:
    raise_open_file_limit()
    uvloop.run(_take_commands(pipe))


def listen(pipe: Pipe, queue: asyncio.Queue[tuple[Any, ...]]) -> None:
    """What comes through ``pipe`` goes into ``queue``, read by a thread: the
    pipe stays blocking (an event loop's reader would make it non-blocking,
    and a message larger than the pipe's buffer would then break in two)."""
    loop = asyncio.get_running_loop()

    def pump() -> None:
        with contextlib.suppress(EOFError, OSError):
            while True:
                loop.call_soon_threadsafe(queue.put_nowait, pipe.recv())

    threading.Thread(target=pump, daemon=True).start()


async def _take_commands(pipe: Pipe) -> None:
    inbox: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()
    listen(pipe, inbox)
    fleets: dict[str, Fleet] = {}
    while True:
        match await inbox.get():
            case ("enter", str(name), list(urls), bool(greeted)):
                fleet = fleets.setdefault(name, Fleet(name, pipe))
                already, fleet.errors = len(fleet.sockets), []
                await fleet.enter(urls, greeted=greeted)
                entered = len(fleet.sockets) - already
                pipe.send(("entered", name, entered, fleet.errors[:1], os.getpid()))
            case ("leave", str(name)):
                await fleets.pop(name).leave()
                pipe.send(("left", name))
            case ("quit",):
                return


class Clients:
    """The client processes, seen from the coordinator."""

    def __init__(self, processes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes: list[Pipe] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for _ in range(processes):
            ours, theirs = context.Pipe()
            process = context.Process(target=client_process, args=(theirs,), daemon=True)
            process.start()
            self.pipes.append(ours)
            self.processes.append(process)
        # Which processes (ids) hold sockets of each target: the others send no "got".
        self.holding: dict[str, set[int]] = {}
        self.reports: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()
        for pipe in self.pipes:
            listen(pipe, self.reports)

    async def _report(self) -> tuple[Any, ...]:
        while True:
            report = await self.reports.get()
            if report[0] != "closed":
                return report
            print(f"  a {report[1]} socket was closed: {report[2]}", flush=True)

    async def _answers(self, kind: str, count: int) -> list[tuple[Any, ...]]:
        answers: list[tuple[Any, ...]] = []
        while len(answers) < count:
            report = await self._report()
            if report[0] == kind:
                answers.append(report)
        return answers

    async def enter(self, name: str, urls: list[str], *, greeted: bool) -> tuple[int, list[str]]:
        """Spreads the sockets over the processes; how many entered, first errors."""
        shares = [urls[i :: len(self.pipes)] for i in range(len(self.pipes))]
        for pipe, share in zip(self.pipes, shares, strict=True):
            pipe.send(("enter", name, share, greeted))
        answers = await self._answers("entered", len(self.pipes))
        holding = self.holding.setdefault(name, set())
        holding.update(answer[4] for answer in answers if answer[2])
        return sum(answer[2] for answer in answers), [e for a in answers for e in a[3]]

    async def delivered(self, name: str, line: str) -> float | None:
        """When the last socket of ``name`` got ``line`` (None: not all did in time)."""
        ats: list[float] = []
        try:
            async with asyncio.timeout(DELIVERY_TIMEOUT):
                while len(ats) < len(self.holding[name]):
                    report = await self._report()
                    if report[0] == "got" and report[1] == name and report[2] == line:
                        ats.append(report[3])
        except TimeoutError:
            return None
        return max(ats)

    async def leave(self, name: str) -> None:
        for pipe in self.pipes:
            pipe.send(("leave", name))
        await self._answers("left", len(self.pipes))

    def quit(self) -> None:
        for pipe in self.pipes:
            pipe.send(("quit",))
        for process in self.processes:
            process.join(timeout=30)


# The targets


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass
class Target:
    """A server under load: how its host speaks, where its attendees connect."""

    name: str
    pid: int
    host_url: str
    attendee_urls: list[str]
    # The project greets each socket (room.snapshot); the bare server says nothing.
    greeted: bool
    # The host's text for a chat line.
    say: Callable[[str], str]
    times: list[float] = field(default_factory=list)  # seconds to the last socket
    rates: list[float] = field(default_factory=list)  # deliveries/s of each round
    lost: int = 0
    kib_per_socket: float = 0.0
    kib_per_later_socket: float = 0.0


@contextlib.asynccontextmanager
async def host_socket(url: str) -> AsyncIterator[ClientConnection]:
    """The host's socket, its frames read and dropped as they come (a socket
    that reads nothing is closed by the project as too slow)."""
    async with connect(url, open_timeout=60, ping_interval=None) as socket:

        async def drain() -> None:
            with contextlib.suppress(ConnectionClosed):
                async for _ in socket:
                    pass

        reader = asyncio.create_task(drain())
        try:
            yield socket
        finally:
            reader.cancel()


_command_ids = itertools.count(1)


def project_say(line: str) -> str:
    return json.dumps({"id": next(_command_ids), "cmd": "chat.send", "data": {"text": line}})


def ceiling_say(line: str) -> str:
    """A frame shaped like the project's chat.message, so clients parse the same."""
    return json.dumps(
        {
            "seq": 1,
            "event": "chat.message",
            "at": datetime.now(UTC).isoformat(),
            "data": {
                "id": "01JBENCHFANOUTMESSAGE00000",
                "from": {"id": "host", "name": "Host", "role": "moderator"},
                "text": line,
                "to": None,
            },
        },
        separators=(",", ":"),
    )


async def send_line(target: Target, host: ClientConnection, clients: Clients, line: str) -> None:
    sent = time.monotonic()
    await host.send(target.say(line))
    last = await clients.delivered(target.name, line)
    if last is None:
        target.lost += 1
    else:
        target.times.append(last - sent)
    await asyncio.sleep(PAUSE)


async def run_size(
    size: int, opts: argparse.Namespace, clients: Clients, targets: list[Target]
) -> None:
    async with contextlib.AsyncExitStack() as stack:
        hosts = [await stack.enter_async_context(host_socket(t.host_url)) for t in targets]
        project_host = hosts[0]
        await project_host.send(json.dumps({"id": 0, "cmd": "room.start"}))
        for target, host in zip(targets, hosts, strict=True):
            # VmRSS before, with half the sockets in and with all of them in:
            # the second half's share leaves out what the first sockets warm up
            # once (caches, the database's pages, the allocator's arenas).
            half = size // 2
            rss = [rss_kib(target.pid)]
            began = time.monotonic()
            entered, errors = 0, list[str]()
            for urls in (target.attendee_urls[:half], target.attendee_urls[half:]):
                count, failed = await clients.enter(target.name, urls, greeted=target.greeted)
                entered, errors = entered + count, errors + failed
                await asyncio.sleep(SETTLE)
                rss.append(rss_kib(target.pid))
            took = time.monotonic() - began - 2 * SETTLE
            target.kib_per_socket = (rss[2] - rss[0]) / max(entered, 1)
            target.kib_per_later_socket = (rss[2] - rss[1]) / max(size - half, 1)
            print(
                f"  {target.name}: {entered:,} sockets entered in {took:.1f} s; VmRSS "
                f"{rss[0]:,} → {rss[1]:,} → {rss[2]:,} KiB: {target.kib_per_socket:.1f} KiB "
                f"per socket, {target.kib_per_later_socket:.1f} KiB per socket of the second half"
                + (f"; {size - entered} failed, first: {errors[0]}" if errors else ""),
                flush=True,
            )
            # Warm-up: one line, not measured.
            await host.send(target.say(f"warm-up {target.name}"))
            await clients.delivered(target.name, f"warm-up {target.name}")
        print(_LINE.format("round", "target", "deliv/s", "p50 ms", "p99 ms", "lost"))
        for number in range(1, opts.rounds + 1):
            for target, host in zip(targets, hosts, strict=True):
                first = len(target.times)
                for i in range(opts.messages):
                    await send_line(target, host, clients, f"{target.name} {number}.{i}")
                times = target.times[first:]
                rate = size * len(times) / sum(times) if times else 0.0
                target.rates.append(rate)
                print(_round_line(str(number), target, rate, times), flush=True)
        for target in targets:
            await clients.leave(target.name)


_LINE = "{:>5}  {:<40} {:>11} {:>9} {:>9} {:>6}"


def _percentile(times: list[float], share: float) -> float:
    if not times:
        return float("nan")
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _round_line(label: str, target: Target, rate: float, times: list[float]) -> str:
    p50, p99 = _percentile(times, 0.5), _percentile(times, 0.99)
    return _LINE.format(label, target.name, f"{rate:,.0f}", f"{p50:.1f}", f"{p99:.1f}", target.lost)


def report(size: int, opts: argparse.Namespace, targets: list[Target]) -> None:
    project, ceiling = targets
    print("median of the rounds (deliveries/s); p50/p99 over every line of every round")
    for target in targets:
        print(_round_line("", target, statistics.median(target.rates), target.times))
    share = statistics.median(project.rates) / statistics.median(ceiling.rates)
    print(
        f"ratio  project / ceiling: {share:.1%} of its deliveries/s; memory per idle socket "
        f"{project.kib_per_socket:.1f} KiB against {ceiling.kib_per_socket:.1f} KiB "
        f"(second half: {project.kib_per_later_socket:.1f} against "
        f"{ceiling.kib_per_later_socket:.1f})"
    )
    if opts.json:
        record = {
            "case": "room fan-out",
            "sockets": size,
            "database": "postgresql" if harness.POSTGRES_SERVER else "sqlite",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "rounds": opts.rounds,
            "messages": opts.messages,
            "processes": opts.processes,
            "targets": [
                {
                    "name": t.name,
                    "deliveries_per_s": statistics.median(t.rates),
                    "p50_ms": _percentile(t.times, 0.5),
                    "p99_ms": _percentile(t.times, 0.99),
                    "lost": t.lost,
                    "kib_per_idle_socket": t.kib_per_socket,
                    "kib_per_idle_socket_second_half": t.kib_per_later_socket,
                }
                for t in targets
            ],
        }
        with opts.json.open("a") as output:
            output.write(json.dumps(record) + "\n")


# Seeding and servers


def seed_room(database: harness.BenchDatabase, size: int) -> tuple[str, list[str]]:
    """An account, a conference starting soon (its room open to attendees) and
    ``size`` registrations; the host's ticket and each registration's enter token."""
    secret = database.settings.secret_key

    async def seed(session: AsyncSession) -> tuple[str, list[str]]:
        tenant = await harness.create_tenant(session)
        start = datetime.now(UTC) + timedelta(minutes=5)
        conference = await harness.create_conference(session, tenant, "Fan-out room", start)
        await harness.copy_registrations(session, tenant, conference.id, size)
        registrations = await session.scalars(
            select(Registration).where(Registration.conference_id == conference.id)
        )
        host = issue_ticket(
            secret, tenant.account_id, conference.id, Knock("host"), lifetime_seconds=24 * 3600
        )
        return host, [enter_token(secret, registration) for registration in registrations]

    return database.run(seed)


def project_server(bench: harness.Bench, database: harness.BenchDatabase) -> tuple[str, int]:
    """`webinarium serve` on the database: its WebSocket URL and process id."""
    port = harness.free_port()
    env = harness.project_env(database) | {
        # The host says a line every few tens of milliseconds: no chat limit,
        # and the idle attendees are not closed as silent.
        "WEBINARIUM_ROOM_CHAT_BURST": "1000000",
        "WEBINARIUM_ROOM_CHAT_REFILL_SECONDS": "0.001",
        "WEBINARIUM_ROOM_IDLE_SECONDS": "86400",
    }
    command = [str(Path(sys.executable).parent / "webinarium"), "serve", "--port", str(port)]
    log = bench.logs / "project.log"
    url, process = bench.enter_context(harness.server_process(command, env, log, port))
    return url.replace("http://", "ws://") + "/room/ws", process.pid


def ceiling_server(bench: harness.Bench) -> tuple[str, int]:
    port = harness.free_port()
    command = [sys.executable, str(harness.BENCH_DIR / "ws_broadcast.py"), "--port", str(port)]
    log = bench.logs / "ws_broadcast.log"
    url, process = bench.enter_context(harness.server_process(command, {}, log, port))
    return url.replace("http://", "ws://") + "/", process.pid


async def run(opts: argparse.Namespace) -> None:
    """Each size in turn; the synchronous set-up (migrations, seeding, starting
    servers) runs in a thread beside the event loop."""
    clients = Clients(opts.processes)
    try:
        for size in opts.sizes:
            # Closed in a thread too: dropping a PostgreSQL database runs its own event loop.
            bench = harness.Bench()
            try:
                database = await asyncio.to_thread(bench.database, "room-fanout")
                host_ticket, tokens = await asyncio.to_thread(seed_room, database, size)
                project_ws, project_pid = await asyncio.to_thread(project_server, bench, database)
                ceiling_ws, ceiling_pid = await asyncio.to_thread(ceiling_server, bench)
                targets = [
                    Target(
                        "project: webinarium serve",
                        project_pid,
                        f"{project_ws}?ticket={host_ticket}",
                        [f"{project_ws}?ticket={token}" for token in tokens],
                        greeted=True,
                        say=project_say,
                    ),
                    Target(
                        "ceiling: bare websockets broadcast",
                        ceiling_pid,
                        ceiling_ws,
                        [ceiling_ws] * size,
                        greeted=False,
                        say=ceiling_say,
                    ),
                ]
                print(
                    f"\n== Room fan-out, {size:,} attendee sockets\n   "
                    f"{database.engine_name}, {opts.processes} client processes, "
                    f"{opts.rounds} interleaved rounds of {opts.messages} chat lines per target",
                    flush=True,
                )
                await run_size(size, opts, clients, targets)
                report(size, opts, targets)
            finally:
                await asyncio.to_thread(bench.close)
    finally:
        clients.quit()


def main() -> None:
    opts = options()
    raise_open_file_limit()  # the servers inherit it
    uvloop.run(run(opts))


if __name__ == "__main__":
    main()
