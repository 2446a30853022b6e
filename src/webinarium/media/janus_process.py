"""The server's own Janus: a config written into ``<data_dir>/janus/``, the
``janus`` binary started as a child process, started again whenever it dies.

Only what the server uses is loaded (the videoroom plugin, the WebSocket
transport), from folders of links to the installed libraries. Both APIs listen
on 127.0.0.1 only, on ports free when the server starts (several servers and
test runs on one machine each have their own; kept across restarts, so the
client's address stays the same). The admin secret and the videoroom plugin's
admin key are random per start of the server: only it can create rooms. Media
ports are taken from a fixed UDP range (WEBINARIUM_JANUS_RTP_PORTS), the one a
firewall opens.

A Janus outlives a server killed with SIGKILL unless told otherwise: on Linux
it is started through ``setpriv --pdeathsig TERM`` (util-linux), so it is sent
SIGTERM when the server dies; and a pidfile in the folder lets the next start
stop one that was left running all the same (no setpriv, a kill between fork
and exec).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import time
from pathlib import Path
from typing import IO

import websockets

from webinarium.kit.tasks import cancel_and_wait
from webinarium.settings import Settings

log = logging.getLogger(__name__)

PLUGINS = ("libjanus_videoroom.so",)
TRANSPORTS = ("libjanus_websockets.so",)
INSTALL_HINT = "live video needs Janus: install it (apt-get install janus janus-tools)"
# Janus answers within a second of starting; a loaded machine takes longer.
START_SECONDS = 20.0
# Restarting a Janus that died waits this long, doubled after each death up to
# the longest; one that stayed up this long starts the count again.
RESTART_FIRST_SECONDS = 0.5
RESTART_LONGEST_SECONDS = 30.0
STAYED_UP_SECONDS = 60.0
# A stopped Janus ends its sessions within a second; one still running after
# this long is killed.
STOP_SECONDS = 5.0
# Which Janus runs on the folder's config, and which server started it.
PIDFILE = "janus.pid"


def janus_binary(settings: Settings) -> Path | None:
    found = shutil.which(settings.janus_binary)
    return Path(found) if found else None


def library_folder(binary: Path) -> Path | None:
    """Where the binary's plugins and transports are: ``<prefix>/lib/<triplet>/janus``
    (Debian) or ``<prefix>/lib/janus`` (built from source)."""
    prefix = binary.resolve().parent.parent
    candidates = [*sorted(prefix.glob("lib/*/janus")), prefix / "lib" / "janus"]
    for folder in candidates:
        if (folder / "plugins" / PLUGINS[0]).exists():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _launcher() -> list[str]:
    """What Janus is started through: ``setpriv --pdeathsig TERM`` where
    util-linux has it (Linux), so Janus is sent SIGTERM when the server dies,
    SIGKILL included. Set by an exec'd program, not by a ``preexec_fn`` (code
    run between fork and exec, unsafe in a process with threads: a lock held by
    another thread at the fork is never released in the child)."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--"] if setpriv else []


class JanusProcess:
    def __init__(
        self,
        binary: Path,
        library: Path,
        directory: Path,
        rtp_ports: tuple[int, int] | None = None,
    ) -> None:
        self.binary = binary
        self.library = library
        # Absolute: the pidfile's Janus is recognised by its config's path.
        self.directory = directory.absolute()
        # The UDP ports media may use; None: any (Janus's default).
        self.rtp_ports = rtp_ports
        self.ws_port = _free_port()
        self.admin_port = _free_port()
        self.admin_secret = secrets.token_urlsafe(24)
        self.room_admin_key = secrets.token_urlsafe(24)
        self.restarts = 0
        self._process: asyncio.subprocess.Process | None = None
        self._up = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._log: IO[bytes] | None = None

    @classmethod
    def of(cls, settings: Settings) -> JanusProcess | None:
        """The Janus to start, or None (logged, never an error) without the binary."""
        binary = janus_binary(settings)
        if binary is None:
            log.info("Janus not found (%s): %s", settings.janus_binary, INSTALL_HINT)
            return None
        library = library_folder(binary)
        if library is None:
            log.warning("Janus's videoroom plugin not found beside %s: %s", binary, INSTALL_HINT)
            return None
        return cls(
            binary, library, settings.data_dir / "janus", rtp_ports=settings.janus_rtp_port_range
        )

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.ws_port}"

    @property
    def admin_url(self) -> str:
        return f"ws://127.0.0.1:{self.admin_port}"

    @property
    def config_path(self) -> Path:
        return self.directory / "janus.jcfg"

    @property
    def pidfile(self) -> Path:
        return self.directory / PIDFILE

    @property
    def log_path(self) -> Path:
        """Janus's output, from the server's start on (across restarts)."""
        return self.directory / "janus.log"

    @property
    def up(self) -> bool:
        return self._up.is_set()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def start(self) -> None:
        """Writes the config and starts Janus; returns once it answers (or, if it
        does not within `START_SECONDS`, leaves it to the supervisor)."""
        await self.stop_leftover()
        self.write_config()
        self._log = self.log_path.open("wb")
        self._task = asyncio.get_running_loop().create_task(self._supervise())
        # Not up in time: the supervisor has said why, and keeps trying.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(START_SECONDS):
                await self.wait_up()

    async def wait_up(self) -> None:
        await self._up.wait()

    async def close(self) -> None:
        await cancel_and_wait([self._task])
        if self._log is not None:
            self._log.close()

    async def stop_leftover(self) -> None:
        """Stops the Janus the pidfile names if a server that is gone left it
        running: SIGTERM, SIGKILL after `STOP_SECONDS`. Only if that process
        still is this folder's Janus (its command line names the binary and
        this config: a pid is reused), and not a running server's own (its
        parent is still the server that wrote the pidfile)."""
        pid = self._leftover()
        if pid is None:
            return
        log.warning("stopping Janus (pid %s), left running by a server that was killed", pid)
        for sent in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sent)
            deadline = time.monotonic() + STOP_SECONDS
            while time.monotonic() < deadline:
                if _running(pid) is None:
                    return
                await asyncio.sleep(0.05)
        log.warning("Janus (pid %s) did not stop on SIGKILL; starting another beside it", pid)

    def _leftover(self) -> int | None:
        try:
            recorded = json.loads(self.pidfile.read_text())
            pid, server = int(recorded["janus"]), int(recorded["server"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # none, or not ours to read: nothing is stopped on a guess
        running = _running(pid)
        if running is None:
            return None
        command, parent = running
        if not command or Path(command[0]).name != self.binary.name:
            return None
        if str(self.config_path) not in command:
            return None
        if parent == server:
            log.warning(
                "Janus (pid %s) on %s belongs to a running server (pid %s): "
                "two servers on one data directory each start a Janus; leaving it",
                pid,
                self.config_path,
                server,
            )
            return None
        return pid

    def write_config(self) -> None:
        for folder, names in (("plugins", PLUGINS), ("transports", TRANSPORTS)):
            links = self.directory / folder
            shutil.rmtree(links, ignore_errors=True)
            links.mkdir(parents=True)
            for name in names:
                (links / name).symlink_to(self.library / folder / name)
        self.directory.chmod(0o700)  # the secrets below are the server's alone
        d = self.directory
        self._write(
            "janus.jcfg",
            f"""general: {{
    configs_folder = {_quoted(d)}
    plugins_folder = {_quoted(d / "plugins")}
    transports_folder = {_quoted(d / "transports")}
    debug_level = 4
    admin_secret = {_quoted(self.admin_secret)}
}}
{self._media_config()}nat: {{
    ice_ignore_list = "vmnet"
}}
""",
        )
        self._write(
            "janus.transport.websockets.jcfg",
            f"""general: {{
    json = "plain"
    ws = true
    ws_ip = "127.0.0.1"
    ws_port = {self.ws_port}
    wss = false
}}
admin: {{
    admin_ws = true
    admin_ws_ip = "127.0.0.1"
    admin_ws_port = {self.admin_port}
    admin_wss = false
}}
""",
        )
        self._write(
            "janus.plugin.videoroom.jcfg",
            f"""general: {{
    admin_key = {_quoted(self.room_admin_key)}
}}
""",
        )

    def _media_config(self) -> str:
        if self.rtp_ports is None:
            return ""
        low, high = self.rtp_ports
        return f"""media: {{
    rtp_port_range = "{low}-{high}"
}}
"""

    def _write(self, name: str, text: str) -> None:
        """Whole or not at all (a pidfile is read by the next start, maybe
        after a kill mid-write)."""
        path = self.directory / name
        draft = path.with_name(f".{name}.draft")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(text)
        draft.replace(path)

    async def _supervise(self) -> None:
        wait = RESTART_FIRST_SECONDS
        try:
            while True:
                started = time.monotonic()
                await self._run_once()
                if time.monotonic() - started > STAYED_UP_SECONDS:
                    wait = RESTART_FIRST_SECONDS
                log.warning("Janus stopped; starting it again in %.1f s", wait)
                await asyncio.sleep(wait)
                wait = min(wait * 2, RESTART_LONGEST_SECONDS)
                self.restarts += 1
        finally:
            self._up.clear()
            await self._stop()
            self.pidfile.unlink(missing_ok=True)

    async def _run_once(self) -> None:
        process = self._process = await asyncio.create_subprocess_exec(
            *_launcher(),
            str(self.binary),
            "--config",
            str(self.config_path),
            "--configs-folder",
            str(self.directory),
            "--disable-colors",
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log,
            stderr=asyncio.subprocess.STDOUT,
            # Out of the terminal's process group: Ctrl+C stops the server,
            # which stops Janus (it would be restarted if it died first).
            start_new_session=True,
        )
        self._write(PIDFILE, json.dumps({"janus": process.pid, "server": os.getpid()}))
        if not await self._answers(process):
            # Running but deaf (its port taken, say) is no use: started again.
            log.warning("Janus did not answer on %s; see %s", self.url, self.log_path)
            await self._stop()
            return
        log.info("Janus %s up on %s (pid %s)", self.binary, self.url, process.pid)
        self._up.set()
        await process.wait()
        self._up.clear()

    async def _answers(self, process: asyncio.subprocess.Process) -> bool:
        """Whether Janus answers an ``info`` request before it exits or times out."""
        deadline = time.monotonic() + START_SECONDS
        while process.returncode is None and time.monotonic() < deadline:
            with contextlib.suppress(OSError, websockets.WebSocketException):
                async with websockets.connect(
                    self.url, subprotocols=[websockets.Subprotocol("janus-protocol")]
                ) as connection:
                    await connection.send(json.dumps({"janus": "info", "transaction": "up"}))
                    if json.loads(await connection.recv()).get("janus") == "server_info":
                        return True
            await asyncio.sleep(0.05)
        return False

    async def _stop(self) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()


def _running(pid: int) -> tuple[list[str], int] | None:
    """A running process's command line and parent (from /proc: Linux), or
    None when it is gone (a zombie too: it has exited, its parent not yet
    told)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    # "pid (name) state ppid ...": the name may hold spaces and parentheses.
    state, parent = stat.rsplit(")", 1)[1].split()[:2]
    if state in ("Z", "X"):
        return None
    return [arg.decode(errors="replace") for arg in command.split(b"\0")[:-1]], int(parent)


def _quoted(value: object) -> str:
    # libconfig strings: JSON's escaping is a subset of theirs.
    return json.dumps(str(value))
