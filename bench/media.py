"""Live media (issue 17): one presenter, N subscribers, through the server's own
Janus, with the WebRTC peers of the media tests (aiortc, tests/media/peer.py).

For each N (10, 25, 50): a fresh database with a conference starting soon and N
registrations; the real `webinarium serve` in a subprocess, which starts its
own Janus (the `janus` binary on PATH). The host's link publishes a synthetic
camera, 640x360 at 15 fps, and audio; N attendee peers, spread over
``--processes`` client processes, each subscribe to it through the room
socket. Once every subscriber has decoded a frame, for ``--seconds``:

- video frames decoded per subscriber per second, against the 15 the
  presenter's camera makes (the ceiling: nobody receives more than is sent)
  and against the frames it actually made in the window (on a loaded machine
  the presenter's encoder falls behind too);
- CPU (% of one core, utime + stime from /proc/<pid>/stat over the window) and
  VmRSS of Janus (its pid from ``<data_dir>/janus/janus.pid``), of the server,
  of the presenter (this process) and of the client processes.

The clients decode every frame in Python (aiortc, libvpx through PyAV) on the
same machine as the servers: at the larger N they, not Janus, use most of the
CPU, so the frame rate measures the machine as much as the SFU. The CPU
figures say which process took what.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import harness
from room_fanout import listen
from webinarium.access.admission import Knock
from webinarium.models import Registration
from webinarium.registrations.service import enter_token
from webinarium.room.tickets import issue_ticket

# The media tests' peer is the bench's too: the repository's root on the path.
sys.path.insert(0, str(harness.BENCH_DIR.parent))
from tests.media.peer import Peer, SyntheticCamera, Watch

WIDTH, HEIGHT, FPS = 640, 360, 15
# Peers a client process sets up at once: each is a socket, a PeerConnection,
# a DTLS handshake; more at once only queue up behind the CPU.
JOINING = 5
# A subscriber that has decoded no frame after this long counts as failed.
FIRST_FRAME_SECONDS = 120.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--subscribers", default="10,25,50", help="subscribers, one size after another"
    )
    parser.add_argument("--seconds", type=float, default=15.0, help="the measured window (15)")
    parser.add_argument("--processes", type=int, default=2, help="client processes (2)")
    parser.add_argument("--json", type=Path, help="append the figures as JSON lines here")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 3 subscribers, 5 s")
    # `make bench` passes every case the same BENCH_ARGS: the HTTP cases' load
    # options (--rounds, --seconds is ours, --clients, --warmup) mean nothing here.
    opts, others = parser.parse_known_args()
    if others:
        print(f"media.py: not options of this case, left aside: {' '.join(others)}")
    if opts.quick:
        opts.subscribers, opts.seconds = "3", 5.0
    opts.sizes = [int(size) for size in opts.subscribers.split(",")]
    return opts


# Processes: CPU and memory from /proc


def cpu_seconds(pid: int) -> float:
    """User and system time of the process (every thread), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass
class Usage:
    """What one process (or several, summed) took over the window."""

    name: str
    pids: list[int]
    cpu_percent: float = 0.0
    rss_mib: float = 0.0


def measure(usages: list[Usage]) -> Callable[[], None]:
    """Starts the window; the function it returns ends it and fills the usages."""
    began = time.monotonic()
    before = {pid: cpu_seconds(pid) for usage in usages for pid in usage.pids}

    def end() -> None:
        took = time.monotonic() - began
        for usage in usages:
            spent = sum(cpu_seconds(pid) - before[pid] for pid in usage.pids)
            usage.cpu_percent = 100 * spent / took
            usage.rss_mib = sum(rss_mib(pid) for pid in usage.pids)

    return end


# The client processes: the subscribers


def client_process(pipe: Pipe, ws_url: str, tokens: list[str], feed_id: str) -> None:
    asyncio.run(_subscribers(pipe, ws_url, tokens, feed_id))


async def _subscribers(pipe: Pipe, ws_url: str, tokens: list[str], feed_id: str) -> None:
    """Joins and subscribes a peer per token; then, told "measure" and "stop",
    reports each subscriber's frames per second between the two."""
    inbox: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()
    listen(pipe, inbox)
    gate = asyncio.Semaphore(JOINING)
    watches: list[Watch] = []
    errors: list[str] = []
    async with contextlib.AsyncExitStack() as peers:

        async def join(token: str) -> None:
            async with gate:
                try:
                    peer = await peers.enter_async_context(Peer(ws_url, token))
                    watch = await peer.subscribe(feed_id)
                    await watch.frames_at_least(1, within=FIRST_FRAME_SECONDS)
                except Exception as error:
                    errors.append(f"{type(error).__name__}: {error}")
                    return
            watches.append(watch)

        await asyncio.gather(*(join(token) for token in tokens))
        pipe.send(("ready", len(watches), errors[:1]))
        assert (await inbox.get()) == ("measure",)
        began, counted = time.monotonic(), [watch.frames for watch in watches]
        assert (await inbox.get()) == ("stop",)
        took = time.monotonic() - began
        rates = [(w.frames - c) / took for w, c in zip(watches, counted, strict=True)]
        pipe.send(("rates", rates))
        assert (await inbox.get()) == ("quit",)


class Clients:
    def __init__(self, processes: int, ws_url: str, tokens: list[str], feed_id: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes: list[Pipe] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        self.reports: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()
        for number in range(processes):
            ours, theirs = context.Pipe()
            share = tokens[number::processes]
            process = context.Process(
                target=client_process, args=(theirs, ws_url, share, feed_id), daemon=True
            )
            process.start()
            self.pipes.append(ours)
            self.processes.append(process)
            listen(ours, self.reports)

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes if process.pid is not None]

    async def answers(self, kind: str) -> list[tuple[Any, ...]]:
        answers = [await self.reports.get() for _ in self.pipes]
        assert all(answer[0] == kind for answer in answers), answers
        return answers

    def tell(self, *command: str) -> None:
        for pipe in self.pipes:
            pipe.send(command)

    def quit(self) -> None:
        self.tell("quit")
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()


# Seeding and the server


def seed_room(database: harness.BenchDatabase, size: int) -> tuple[str, list[str]]:
    """An account, a conference starting soon and ``size`` registrations; the
    host's ticket (it may publish) and each registration's enter token."""
    secret = database.settings.secret_key

    async def seed(session: AsyncSession) -> tuple[str, list[str]]:
        tenant = await harness.create_tenant(session)
        start = datetime.now(UTC) + timedelta(minutes=5)
        conference = await harness.create_conference(session, tenant, "Media room", start)
        await harness.copy_registrations(session, tenant, conference.id, size)
        registrations = await session.scalars(
            select(Registration).where(Registration.conference_id == conference.id)
        )
        host = issue_ticket(
            secret, tenant.account_id, conference.id, Knock("host"), lifetime_seconds=24 * 3600
        )
        return host, [enter_token(secret, registration) for registration in registrations]

    return database.run(seed)


def project_server(bench: harness.Bench, database: harness.BenchDatabase) -> tuple[str, int, int]:
    """`webinarium serve` on the database, with its own Janus: its WebSocket
    URL, its process id and Janus's."""
    port = harness.free_port()
    # Subscribers set up for a minute or more: none is closed as silent meanwhile.
    env = harness.project_env(database) | {"WEBINARIUM_ROOM_IDLE_SECONDS": "86400"}
    command = [str(Path(sys.executable).parent / "webinarium"), "serve", "--port", str(port)]
    log = bench.logs / "project.log"
    url, process = bench.enter_context(harness.server_process(command, env, log, port))
    pidfile = database.settings.data_dir / "janus" / "janus.pid"
    if not pidfile.exists():
        raise RuntimeError(f"the server runs no Janus (is `janus` on PATH?):\n{log.read_text()}")
    janus_pid = int(json.loads(pidfile.read_text())["janus"])
    return url.replace("http://", "ws://") + "/room/ws", process.pid, janus_pid


# One size


@dataclass
class Figures:
    subscribers: int
    ready: int
    joined_seconds: float
    sent_fps: float
    rates: list[float]
    usages: list[Usage]
    load_average: float

    def share(self, of: float) -> float:
        return statistics.median(self.rates) / of if self.rates else 0.0


async def run_size(size: int, opts: argparse.Namespace) -> Figures:
    bench = harness.Bench()
    try:
        database = await asyncio.to_thread(bench.database, "media")
        host_ticket, tokens = await asyncio.to_thread(seed_room, database, size)
        ws_url, server_pid, janus_pid = await asyncio.to_thread(project_server, bench, database)
        async with Peer(ws_url, host_ticket) as presenter:
            status = presenter.snapshot["media"]["status"]
            if status != "up":
                raise RuntimeError(f"the server's Janus is {status}")
            feed_id = await presenter.publish(width=WIDTH, height=HEIGHT, fps=FPS)
            camera = next(
                sender.track
                for sender in presenter.feeds[feed_id].getSenders()
                if isinstance(sender.track, SyntheticCamera)
            )
            began = time.monotonic()
            clients = Clients(opts.processes, ws_url, tokens, feed_id)
            try:
                ready = sum(answer[1] for answer in await clients.answers("ready"))
                joined = time.monotonic() - began
                usages = [
                    Usage("Janus", [janus_pid]),
                    Usage("server (webinarium serve)", [server_pid]),
                    Usage("presenter (the bench's process)", [os.getpid()]),
                    Usage(f"subscribers ({opts.processes} processes)", clients.pids),
                ]
                load_average = os.getloadavg()[0]
                # The camera's count of frames made: what was sent in the window.
                made = camera._count
                clients.tell("measure")
                end = measure(usages)
                await asyncio.sleep(opts.seconds)
                clients.tell("stop")
                end()
                sent_fps = (camera._count - made) / opts.seconds
                rates = [rate for answer in await clients.answers("rates") for rate in answer[1]]
            finally:
                await asyncio.to_thread(clients.quit)
        return Figures(size, ready, joined, sent_fps, rates, usages, load_average)
    finally:
        await asyncio.to_thread(bench.close)


def report(figures: Figures, opts: argparse.Namespace) -> None:
    rates = figures.rates or [0.0]
    print(
        f"  {figures.ready}/{figures.subscribers} subscribers decoding after "
        f"{figures.joined_seconds:.1f} s; load average {figures.load_average:.2f}\n"
        f"  presenter sent {figures.sent_fps:.1f} fps of {FPS}\n"
        f"  frames/s per subscriber: median {statistics.median(rates):.1f}, "
        f"min {min(rates):.1f}, max {max(rates):.1f}: "
        f"{figures.share(FPS):.1%} of the {FPS} sent (the ceiling), "
        f"{figures.share(figures.sent_fps or FPS):.1%} of what the camera made"
    )
    for usage in figures.usages:
        print(f"  {usage.name:<34} CPU {usage.cpu_percent:6.1f} %   RSS {usage.rss_mib:7.1f} MiB")
    if opts.json:
        record = {
            "case": "media",
            "subscribers": figures.subscribers,
            "ready": figures.ready,
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": opts.seconds,
            "processes": opts.processes,
            "load_average": figures.load_average,
            "sent_fps": figures.sent_fps,
            "fps_median": statistics.median(rates),
            "fps_min": min(rates),
            "fps_max": max(rates),
            "share_of_ceiling": figures.share(FPS),
            "usage": {
                u.name: {"cpu_percent": u.cpu_percent, "rss_mib": u.rss_mib} for u in figures.usages
            },
        }
        with opts.json.open("a") as output:
            output.write(json.dumps(record) + "\n")


async def run(opts: argparse.Namespace) -> None:
    for size in opts.sizes:
        print(
            f"\n== Live media: 1 presenter ({WIDTH}x{HEIGHT} at {FPS} fps + audio), "
            f"{size} subscribers\n   {opts.processes} client processes, "
            f"{opts.seconds:.0f} s measured, {os.cpu_count()} cores",
            flush=True,
        )
        report(await run_size(size, opts), opts)


def main() -> None:
    asyncio.run(run(options()))


if __name__ == "__main__":
    main()
