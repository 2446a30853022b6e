"""The server's own Janus as a process: it never outlives a killed server for
long (setpriv's parent-death signal; the pidfile the next start reads), and its
media ports come from the range a firewall opens."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.room.helpers import WAIT
from tests.test_startup import WEBINARIUM, _env, serve
from webinarium.media.janus_process import JanusProcess
from webinarium.settings import Settings


def janus_pids(config: Path) -> set[int]:
    """The running (not zombie) processes whose command line names ``config``."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if str(config).encode() in command and state not in ("Z", "X"):
            pids.add(int(entry.name))
    return pids


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {WAIT} s for {what}")
        time.sleep(0.05)


def recorded_janus(data_dir: Path) -> int:
    pid: int = json.loads((data_dir / "janus" / "janus.pid").read_text())["janus"]
    return pid


def test_a_janus_left_by_a_killed_server_is_stopped_by_the_next_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    config = data_dir.absolute() / "janus" / "janus.jcfg"
    janus = shutil.which("janus")
    assert janus is not None, "the media tests need the janus binary (apt-get install janus)"
    # No setpriv on PATH (a system without util-linux's): nothing tells Janus
    # its server died, so the kill leaves it running.
    without_setpriv = {"PATH": str(Path(sys.executable).parent), "WEBINARIUM_JANUS_BINARY": janus}
    with serve(tmp_path, data_dir, **without_setpriv) as first:
        first.wait_healthy()
        wait_until(lambda: len(janus_pids(config)) == 1, "the first server's Janus")
        (left,) = janus_pids(config)
        assert recorded_janus(data_dir) == left
        os.kill(first.process.pid, signal.SIGKILL)
        assert first.process.wait(timeout=WAIT) == -signal.SIGKILL
    try:
        time.sleep(0.5)
        assert janus_pids(config) == {left}  # the leak this is about

        with serve(tmp_path, data_dir) as second:
            second.wait_healthy()
            assert left not in janus_pids(config)
            wait_until(lambda: len(janus_pids(config)) == 1, "the second server's Janus")
            assert janus_pids(config) == {recorded_janus(data_dir)}
    finally:
        if left in janus_pids(config):  # failed: not left running by the test either
            os.kill(left, signal.SIGKILL)
    # Stopped with its server, and the pidfile with it.
    assert janus_pids(config) == set()
    assert not (data_dir / "janus" / "janus.pid").exists()


def test_janus_dies_with_a_server_killed_with_sigkill(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    config = data_dir.absolute() / "janus" / "janus.jcfg"
    with serve(tmp_path, data_dir) as served:
        served.wait_healthy()
        wait_until(lambda: len(janus_pids(config)) == 1, "the server's Janus")
        os.kill(served.process.pid, signal.SIGKILL)
        assert served.process.wait(timeout=WAIT) == -signal.SIGKILL
        wait_until(lambda: janus_pids(config) == set(), "Janus to die with its server")


def test_what_the_pidfile_names_is_stopped_only_if_it_is_a_leftover_janus(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    running = JanusProcess.of(settings)
    assert running is not None
    pidfile = running.pidfile
    gone = subprocess.Popen(["true"])
    gone.wait()

    async def scenario() -> None:
        # Another program under a pid the pidfile names (reused): left alone.
        other = await asyncio.create_subprocess_exec("sleep", "60")
        try:
            pidfile.parent.mkdir(parents=True)
            pidfile.write_text(json.dumps({"janus": other.pid, "server": gone.pid}))
            await running.stop_leftover()
            assert other.returncode is None
            # A pidfile not of our making: nothing is stopped on a guess.
            for unreadable in ("", "12", '{"janus": "x"}', "[1, 2]"):
                pidfile.write_text(unreadable)
                await running.stop_leftover()
            assert other.returncode is None
        finally:
            other.kill()
            await other.wait()

        # The Janus of a server still running (two servers on one data
        # directory): left to that server.
        await running.start()
        try:
            assert running.up
            second = JanusProcess.of(settings)
            assert second is not None
            await second.stop_leftover()
            assert janus_pids(running.config_path) == {running.pid}
        finally:
            await running.close()

    asyncio.run(scenario())


def test_janus_takes_its_media_ports_from_the_configured_range(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", janus_rtp_ports="23000-23010")
    janus = JanusProcess.of(settings)
    assert janus is not None

    async def run() -> None:
        await janus.start()
        assert janus.up
        await janus.close()

    asyncio.run(run())
    assert 'rtp_port_range = "23000-23010"' in janus.config_path.read_text()
    # Janus's own word that it read it (its log at the level the config sets).
    assert "ICE port range: 23000-23010" in janus.log_path.read_text()
    assert Settings().janus_rtp_port_range == (20000, 40000)


@pytest.mark.parametrize("ports", ["20000", "40000-20000", "0-100", "20000-70000", "a-b", ""])
def test_a_malformed_rtp_port_range_is_refused(ports: str) -> None:
    with pytest.raises(ValidationError, match="WEBINARIUM_JANUS_RTP_PORTS must be two UDP ports"):
        Settings(janus_rtp_ports=ports)


def test_a_malformed_rtp_port_range_stops_the_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    done = subprocess.run(
        [str(WEBINARIUM), "serve"],
        cwd=tmp_path,
        env=_env(data_dir, WEBINARIUM_JANUS_RTP_PORTS="20000:40000"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "WEBINARIUM_JANUS_RTP_PORTS must be two UDP ports" in done.stderr
    assert "'20000:40000'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not data_dir.exists()  # refused before touching anything
