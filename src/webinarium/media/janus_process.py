"""The server's own Janus: a config written into ``<data_dir>/janus/``, the
``janus`` binary started as a child process, started again whenever it dies.

Only what the server uses is loaded (the videoroom plugin, the WebSocket
transport), from folders of links to the installed libraries. Both APIs listen
on 127.0.0.1 only, on ports free when the server starts (several servers and
test runs on one machine each have their own; kept across restarts, so the
client's address stays the same). The admin secret and the videoroom plugin's
admin key are random per start of the server: only it can create rooms.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import shutil
import socket
import time
from pathlib import Path
from typing import IO

import websockets

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


class JanusProcess:
    def __init__(self, binary: Path, library: Path, directory: Path) -> None:
        self.binary = binary
        self.library = library
        self.directory = directory
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
        return cls(binary, library, settings.data_dir / "janus")

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.ws_port}"

    @property
    def admin_url(self) -> str:
        return f"ws://127.0.0.1:{self.admin_port}"

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
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._log is not None:
            self._log.close()

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
nat: {{
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

    def _write(self, name: str, text: str) -> None:
        path = self.directory / name
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(text)

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

    async def _run_once(self) -> None:
        process = self._process = await asyncio.create_subprocess_exec(
            str(self.binary),
            "--config",
            str(self.directory / "janus.jcfg"),
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


def _quoted(value: object) -> str:
    # libconfig strings: JSON's escaping is a subset of theirs.
    return json.dumps(str(value))
